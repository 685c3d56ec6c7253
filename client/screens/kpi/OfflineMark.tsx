/** Under the header while the tablet is cut off: the figures shown are from this time, not now. */
import { formatTime } from '../../features/live/format';
import type { Lang } from '../../features/i18n/i18n';
import { kpiPageText } from './text';

export function OfflineMark({ offline, dataAsOf, lang }: { offline: boolean; dataAsOf: number | null; lang: Lang }) {
  const t = kpiPageText(lang);
  const when = dataAsOf === null ? '' : formatTime(dataAsOf, lang);
  return (
    <div className={offline ? 'kpi-offline kpi-offline--offline' : 'kpi-offline'} role="alert" data-testid="kpi-offline" data-offline={offline}>
      <strong>
        {offline ? t.offline : t.reconnecting} {when}
      </strong>
      <span>{t.offlineHint}</span>
    </div>
  );
}
