/**
 * One area's score taken apart: each pillar's score and share, each indicator's figure, target, attainment
 * and points. A missing indicator is shown as left out, with why; it never shows as a zero.
 */
import { memo } from 'react';
import type { Indicator } from '../../../shared/catalog';
import type { AreaScoreV1, IndicatorScoreV1 } from '../../../shared/plan';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatNumber } from '../../features/live/format';
import { pct } from './IndexRanking';
import { formatTarget, unitText } from './TargetParts';
import { indexText } from './text';

export interface IndexBreakdownProps {
  index: CatalogIndex;
  score: AreaScoreV1;
  /** Districts with a rank, for "rank 3 of 15". */
  ranked: number;
  lang: Lang;
}

/** Why an indicator did not count, in words. */
export function missingText(indicator: Indicator | undefined, row: Pick<IndicatorScoreV1, 'missing'>, area: string, root: string, lang: Lang): string {
  const t = indexText(lang);
  if (row.missing === 'no-target') return t.missingTarget;
  if (indicator?.level === 'province' && area !== root) return t.provinceOnly;
  return t.missingData;
}

export const IndexBreakdown = memo(function IndexBreakdown({ index, score, ranked, lang }: IndexBreakdownProps) {
  const t = indexText(lang);
  const root = index.catalog.pack.root;
  const indicators = new Map(index.catalog.indicators.map((i) => [i.key, i]));
  const areaName = score.area === root ? t.province : (index.areas.get(score.area)?.name[lang] ?? score.area);
  return (
    <div className="kpi-breakdown" data-testid="index-breakdown" data-area={score.area}>
      <header className="kpi-breakdown__head">
        <h3>{areaName}</h3>
        <p className="kpi-breakdown__score">
          {score.score === null ? t.noScore : `${formatNumber(score.score, 1, lang)} ${t.points}`}
          {score.rank !== null && (
            <span>
              {' '}
              · {t.rank} {score.rank} {t.of} {ranked}
            </span>
          )}
        </p>
        <p className="kpi-breakdown__coverage" data-testid="index-coverage">
          {score.coverage >= 0.999 ? t.fullCoverage : t.partialCoverage.replace('{pct}', pct(score.coverage, lang))}
        </p>
      </header>
      {score.pillars.map((p) => (
        <section key={p.key} className="kpi-pillar" data-testid={`index-pillar-${p.key}`}>
          <header>
            <h4>{pick(p.name, lang)}</h4>
            <span>
              {t.pillarScore} {p.score === null ? '—' : formatNumber(p.score, 1, lang)} · {t.weight} {formatNumber(p.weight, 0, lang)}
              {p.score !== null && ` (${pct(p.effectiveWeight, lang)} ${t.reweighted})`} · {t.contributes}{' '}
              <strong>{formatNumber(p.points, 1, lang)}</strong>
            </span>
          </header>
          <ul>
            {p.indicators.map((row) => {
              const ind = indicators.get(row.key);
              const name = ind ? pick(ind.name, lang) : row.key;
              if (row.missing) {
                return (
                  <li key={row.key} className="kpi-ind kpi-ind--missing" data-testid={`index-ind-${row.key}`} data-missing={row.missing}>
                    <span className="kpi-ind__name">{name}</span>
                    <span className="kpi-ind__detail">{missingText(ind, row, score.area, root, lang)}</span>
                    <span className="kpi-ind__points">—</span>
                  </li>
                );
              }
              const value = ind && row.value !== null ? `${formatNumber(row.value, ind.decimals, lang)} ${unitText(ind, lang)}` : '';
              const target = ind && row.target !== null ? ` · ${t.target} ${formatTarget(row.target, ind, lang)}` : '';
              return (
                <li key={row.key} className="kpi-ind" data-testid={`index-ind-${row.key}`}>
                  <span className="kpi-ind__name">{name}</span>
                  <span className="kpi-ind__detail">
                    {value}
                    {target} · {t.normalised} {pct(row.normalised ?? 0, lang)} · {t.weight} {pct(row.effectiveWeight, lang)}
                  </span>
                  <span className="kpi-ind__bar" aria-hidden="true">
                    <span style={{ width: `${(row.normalised ?? 0) * 100}%` }} />
                  </span>
                  <span className="kpi-ind__points">{formatNumber(row.points, 1, lang)}</span>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
});
