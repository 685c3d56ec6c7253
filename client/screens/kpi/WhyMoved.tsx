/**
 * "Why it moved": each indicator's contribution to an area's change between two months, largest first,
 * with what changed behind it (its figure, its target, or its weight when another indicator came or went).
 */
import { memo } from 'react';
import { periodStartOf, type ContributionV1, type WhyV1 } from '../../../shared/plan';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatNumber, formatPeriod } from '../../features/live/format';
import { formatTarget } from './TargetParts';
import { indexText } from './text';

/** Contributions smaller than this (points) are "unchanged": shown as a count, not a row each. */
const NOTICEABLE = 0.005;

const signed = (x: number, lang: Lang) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${formatNumber(Math.abs(x), 2, lang)}`;
const monthName = (m: string, lang: Lang) => formatPeriod(periodStartOf('month', m)!.toISOString(), 'P1M', lang);

export const WhyMoved = memo(function WhyMoved({ index, why, lang }: { index: CatalogIndex; why: WhyV1; lang: Lang }) {
  const t = indexText(lang);
  const indicators = new Map(index.catalog.indicators.map((i) => [i.key, i]));
  const shown = why.contributions.filter((c) => Math.abs(c.contribution) >= NOTICEABLE);
  const largest = Math.max(...shown.map((c) => Math.abs(c.contribution)), 0.01);
  const sum = why.contributions.reduce((s, c) => s + c.contribution, 0);

  const reason = (c: ContributionV1): string => {
    const ind = indicators.get(c.indicator);
    const fmt = (v: number | null) => (v === null || !ind ? '—' : formatNumber(v, ind.decimals, lang));
    if (c.from.missing && !c.to.missing) return t.appeared;
    if (!c.from.missing && c.to.missing) return t.disappeared;
    const parts: string[] = [];
    if (c.from.value !== c.to.value) parts.push(`${fmt(c.from.value)} → ${fmt(c.to.value)}`);
    if (ind && c.from.target !== c.to.target && c.from.target !== null && c.to.target !== null) {
      parts.push(`${t.targetMoved} ${formatTarget(c.from.target, ind, lang)} → ${formatTarget(c.to.target, ind, lang)}`);
    }
    if (Math.abs(c.weightEffect) >= NOTICEABLE) parts.push(`${signed(c.weightEffect, lang)} ${t.reweighting}`);
    return parts.join(' · ');
  };

  return (
    <section className="kpi-why" data-testid="index-why">
      <h3>{t.why}</h3>
      {why.change === null ? (
        <p className="kpi-why__summary">{t.noComparison}</p>
      ) : (
        <>
          <p className="kpi-why__summary">
            {monthName(why.from.period, lang)} → {monthName(why.to.period, lang)}: {formatNumber(why.from.score!, 2, lang)} →{' '}
            {formatNumber(why.to.score!, 2, lang)} {t.points} (<strong>{signed(why.change, lang)}</strong>)
          </p>
          <ol className="kpi-why__list">
            {shown.map((c) => {
              const ind = indicators.get(c.indicator);
              const width = `${(Math.abs(c.contribution) / largest) * 50}%`;
              return (
                <li key={c.indicator} className="kpi-why__row" data-testid={`why-${c.indicator}`} data-contribution={c.contribution}>
                  <span className="kpi-why__name">
                    {ind ? pick(ind.name, lang) : c.indicator}
                    <small>{reason(c)}</small>
                  </span>
                  <span className="kpi-why__bar" aria-hidden="true">
                    <span className={c.contribution >= 0 ? 'up' : 'down'} style={{ width }} />
                  </span>
                  <span className={`kpi-why__value ${c.contribution >= 0 ? 'up' : 'down'}`}>{signed(c.contribution, lang)}</span>
                </li>
              );
            })}
          </ol>
          <p className="kpi-why__sum" data-testid="why-sum">
            {t.sum}: <strong>{signed(sum, lang)}</strong> {t.points}
            {why.contributions.length > shown.length && ` · ${why.contributions.length - shown.length} ${t.unchanged}`}
          </p>
        </>
      )}
    </section>
  );
});
