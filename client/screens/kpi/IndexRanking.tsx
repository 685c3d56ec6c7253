/** Every district's score for the month, best first, with its change against the comparison month. */
import { memo } from 'react';
import type { IndexResultV1 } from '../../../shared/plan';
import type { Lang } from '../../features/i18n/i18n';
import { shortName, type CatalogIndex } from '../../features/live/catalogIndex';
import { formatNumber } from '../../features/live/format';
import { indexText } from './text';

export interface IndexRankingProps {
  index: CatalogIndex;
  result: IndexResultV1;
  before: IndexResultV1 | null;
  selected: string;
  lang: Lang;
  onSelect(area: string): void;
}

export const pct = (share: number, lang: Lang) => `${formatNumber(share * 100, 0, lang)}%`;

export const IndexRanking = memo(function IndexRanking({ index, result, before, selected, lang, onSelect }: IndexRankingProps) {
  const t = indexText(lang);
  const root = index.catalog.pack.root;
  const previous = new Map((before?.areas ?? []).map((a) => [a.area, a.score]));
  // Only what sets a district apart is worth a note in the list (not the province-wide figures no district has).
  const usual = Math.max(...result.areas.filter((a) => a.area !== root).map((a) => a.coverage));
  return (
    <ol className="kpi-ranking" data-testid="index-ranking">
      {result.areas.map((a) => {
        const area = index.areas.get(a.area);
        const name = a.area === root ? t.province : area ? shortName(area, lang) : a.area;
        const prev = previous.get(a.area);
        const change = a.score !== null && prev !== undefined && prev !== null ? a.score - prev : null;
        // The arrow follows what is shown: a change that rounds to 0,0 is "=", not "▲ 0,0".
        const size = change === null ? '' : formatNumber(Math.abs(change), 1, lang);
        const dir = change === null || size === formatNumber(0, 1, lang) ? 0 : Math.sign(change);
        const changeText = change === null ? '' : `${dir > 0 ? '▲' : dir < 0 ? '▼' : '='} ${size}`;
        return (
          <li key={a.area}>
            <button
              type="button"
              className={`kpi-rank${a.area === selected ? ' kpi-rank--selected' : ''}${a.area === root ? ' kpi-rank--province' : ''}`}
              onClick={() => onSelect(a.area)}
              aria-pressed={a.area === selected}
              data-testid={`index-row-${a.area}`}
            >
              <span className="kpi-rank__rank">{a.rank ?? ''}</span>
              <span className="kpi-rank__name">
                {name}
                {a.coverage < usual - 1e-9 && <small>{t.coverageShort.replace('{pct}', pct(1 - a.coverage, lang))}</small>}
              </span>
              <span className="kpi-rank__bar" aria-hidden="true">
                <span style={{ width: `${a.score ?? 0}%` }} />
              </span>
              <span className="kpi-rank__score">{a.score === null ? '—' : formatNumber(a.score, 1, lang)}</span>
              <span className={`kpi-rank__change${dir > 0 ? ' up' : dir < 0 ? ' down' : ''}`}>{changeText}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
});
