/** Across the top of the wall while the feed is down: the figures on screen are from this time, not now. */
import { commonText, type Lang } from '../../features/i18n/i18n';
import { formatTime } from '../../features/live/format';
import { wallText } from './text';

export function OfflineBanner({ dataAsOf, lang }: { dataAsOf: number; lang: Lang }) {
  const common = commonText(lang);
  return (
    <div className="wall-offline" role="alert" data-testid="wall-offline-banner">
      <strong>
        {common.offline} — {common.dataAt} {formatTime(dataAsOf, lang)}
      </strong>
      <span>{wallText(lang).reconnecting}…</span>
    </div>
  );
}
