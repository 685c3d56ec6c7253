/**
 * A figure against its target, as words and a bar: "Mục tiêu ≥ 50 %", a progress bar, "Còn cách mục tiêu
 * 1,4 điểm %". Used by the cards, the detail view and the district list, so all three say it the same way.
 */
import type { Indicator } from '../../../shared/catalog';
import { pick, type Lang } from '../../features/i18n/i18n';
import { formatNumber } from '../../features/live/format';
import type { Judgement } from './kpiModel';
import { kpiPageText } from './text';

/** Targets keep their own precision: 99,5 stays 99,5 and 50 stays 50. */
export function formatTarget(value: number, indicator: Indicator, lang: Lang): string {
  const decimals = Number.isInteger(value) ? 0 : Math.max(1, Math.min(indicator.decimals, 2));
  return formatNumber(value, decimals, lang);
}

export function unitText(indicator: Indicator, lang: Lang): string {
  return pick(indicator.unit, lang);
}

/** "≥ 50 %" */
export function targetText(indicator: Indicator, judgement: Judgement, lang: Lang): string | null {
  const target = judgement.target;
  if (!target) return null;
  return `${target.comparison === '>=' ? '≥' : '≤'} ${formatTarget(target.value, indicator, lang)} ${unitText(indicator, lang)}`;
}

/** "Còn cách mục tiêu 1,4 điểm %", "Vượt mục tiêu 3 hồ sơ". */
export function gapText(indicator: Indicator, judgement: Judgement, lang: Lang): string | null {
  const t = kpiPageText(lang);
  const p = judgement.progress;
  if (!p) return null;
  const size = formatNumber(Math.abs(p.gap), indicator.decimals, lang);
  if (size === formatNumber(0, indicator.decimals, lang)) return p.met ? t.exactly : `${t.short} ${size}`;
  const unit = indicator.unit.vi === '%' ? t.percentPoints : unitText(indicator, lang);
  return `${p.met ? t.ahead : t.short} ${size} ${unit}`;
}

export function ProgressBar({ judgement, label }: { judgement: Judgement; label: string }) {
  const progress = judgement.progress?.progress;
  if (progress === undefined) return <div className="kpi-progress kpi-progress--empty" aria-hidden="true" />;
  const pct = Math.round(progress * 100);
  return (
    <div
      className={`kpi-progress kpi-progress--${judgement.status}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-progress={pct}
    >
      <span className="kpi-progress__fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

/** The status as a coloured word; the colour is never the only sign. */
export function StatusChip({ judgement, stale, lang }: { judgement: Judgement; stale: boolean; lang: Lang }) {
  const t = kpiPageText(lang);
  const s = judgement.status;
  let word: string;
  if (s === 'grey') word = stale ? t.stale : t.grey;
  else if (s === 'none') word = t.none;
  else if (judgement.againstTarget) word = t[s];
  else word = { green: t.bandGreen, amber: t.bandAmber, red: t.bandRed }[s];
  return (
    <span className={`kpi-chip kpi-chip--${s}`} data-testid="kpi-status">
      {word}
    </span>
  );
}
