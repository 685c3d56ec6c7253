import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatClockTime, formatNumber } from '../../features/live/format';
import type { RecentChange } from '../../features/live/liveStore';
import { liveText } from './text';

const SHOWN = 6;

/** The last few values that arrived live, newest first. */
export function RecentFeed({ index, recent, lang }: { index: CatalogIndex; recent: readonly RecentChange[]; lang: Lang }) {
  const t = liveText(lang);
  const indicators = index.catalog.indicators;
  return (
    <section className="recent" aria-label={t.recent}>
      <h2 className="recent__title">{t.recent}</h2>
      {recent.length === 0 ? (
        <p className="recent__empty">{t.noRecent}</p>
      ) : (
        <ol className="recent__list">
          {recent.slice(0, SHOWN).map(({ point, at }) => {
            const ind = indicators.find((i) => i.key === point.indicator);
            const area = index.areas.get(point.area);
            return (
              <li key={`${point.indicator}|${point.area}|${point.version}`}>
                <time className="recent__time">{formatClockTime(at, lang)}</time>{' '}
                <span className="recent__area">{area ? pick(area.name, lang) : point.area}</span>
                {' · '}
                {ind ? pick(ind.name, lang) : point.indicator}:{' '}
                <strong>{formatNumber(point.value, ind?.decimals ?? 0, lang)}</strong> {ind ? pick(ind.unit, lang) : ''}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
