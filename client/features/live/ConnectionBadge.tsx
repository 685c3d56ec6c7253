/** Whether the figures on screen are live, and if not, how old they are. */
import { commonText, type Lang } from '../i18n/i18n';
import { formatTime } from './format';
import type { ConnectionState } from './liveConnection';
import './ConnectionBadge.css';

export interface ConnectionBadgeProps {
  state: ConnectionState;
  dataAsOf: number | null;
  lang: Lang;
}

export function ConnectionBadge({ state, dataAsOf, lang }: ConnectionBadgeProps) {
  const t = commonText(lang);
  const label = {
    live: t.live,
    connecting: t.connecting,
    reconnecting: t.reconnecting,
    offline: dataAsOf === null ? t.offline : `${t.offline} — ${t.dataAt} ${formatTime(dataAsOf, lang)}`,
  }[state];
  return (
    <span className={`connection-badge connection-badge--${state}`} data-testid="connection-state" data-state={state} role="status">
      <span className="connection-badge__dot" aria-hidden="true" />
      {label}
    </span>
  );
}
