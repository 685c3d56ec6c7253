/**
 * What the target screens need besides React: periods written the way people read them, a typed value
 * checked against the indicator the way the server will, and the server's refusals sorted by field.
 */
import type { Area, CatalogV1, Indicator } from '../../../shared/catalog';
import { plausibleTarget, type PeriodKind, type TargetV1 } from '../../../shared/plan';
import type { Frequency } from '../../../shared/time';
import { VN_NUMBER_MESSAGES, parseVnNumber } from '../../../shared/vnNumber';
import { pick, type Lang } from '../../features/i18n/i18n';
import { formatNumber, formatPeriod } from '../../features/live/format';
import { ApiError } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { adminText } from './text';

export type TargetField = 'indicator' | 'area' | 'period' | 'value';
export type FieldProblems = Partial<Record<TargetField | 'other', string>>;

const FREQUENCY: Record<PeriodKind, Frequency> = { year: 'P1Y', quarter: 'P3M', month: 'P1M' };

/** The identity of a target: one value per indicator, area and period. */
export const targetKey = (t: Pick<TargetV1, 'indicator' | 'area' | 'kind' | 'period'>) => `${t.indicator}|${t.area}|${t.kind}|${t.period}`;

/** "năm 2022", "quý 4/2022", "tháng 12/2022"; "2022", "Q4 2022", "Dec 2022" in English. */
export const formatTargetPeriod = (t: Pick<TargetV1, 'kind' | 'start'>, lang: Lang) => formatPeriod(t.start, FREQUENCY[t.kind], lang);

const decimalsOf = (value: number) => (String(value).split('.')[1] ?? '').length;

/** A target with every decimal it was set with (a target of 72,5 for a whole-number indicator keeps its ,5). */
export function formatTargetValue(value: number, indicator: Indicator, lang: Lang): string {
  return `${formatNumber(value, Math.min(Math.max(indicator.decimals, decimalsOf(value)), 10), lang)} ${pick(indicator.unit, lang)}`;
}

/** The province, then its districts: the areas a target can be set for (as the server's `areas`). */
export function targetAreas(catalog: CatalogV1): Area[] {
  const root = catalog.areas.find((a) => a.code === catalog.pack.root);
  const districts = catalog.areas.filter((a) => a.parent === catalog.pack.root && a.kind !== 'station');
  return root ? [root, ...districts] : districts;
}

export type ValueCheck = { ok: true; value: number } | { ok: false; message: string };

/** A typed value read the Vietnamese way and held to the same plausibility rule the server applies. */
export function checkTargetValue(text: string, indicator: Indicator, areaKind: string, lang: Lang): ValueCheck {
  const t = adminText(lang);
  const parsed = parseVnNumber(text);
  if (!parsed.ok) return { ok: false, message: VN_NUMBER_MESSAGES[parsed.reason][lang] };
  if (parsed.percent && indicator.unit.vi.trim() !== '%') return { ok: false, message: t.percentNotAllowed };
  if (!plausibleTarget(indicator, areaKind, parsed.value)) {
    const { min, max } = indicator.range;
    const show = (n: number) => formatNumber(n, decimalsOf(n), lang);
    // A sum at the province may exceed any district's range: only its floor applies there.
    const sumAbove = indicator.spatial.kind === 'sum' && areaKind !== indicator.level;
    return { ok: false, message: sumAbove ? fill(t.valueBelowMin, { min: show(min) }) : fill(t.valueOutOfRange, { min: show(min), max: show(max) }) };
  }
  return { ok: true, value: parsed.value };
}

const FIELDS: readonly TargetField[] = ['indicator', 'area', 'period', 'value'];

/**
 * The server's refusal (422 for a rule, 400 for a malformed body), by field. Its messages are in English,
 * so each comes after a summary in the person's language; anything not tied to a field goes under `other`.
 */
export function problemsOf(err: unknown, lang: Lang): FieldProblems | null {
  if (!(err instanceof ApiError) || (err.status !== 422 && err.status !== 400) || !Array.isArray(err.details)) return null;
  const t = adminText(lang);
  const summary: Record<TargetField, string> = { indicator: t.serverIndicator, area: t.serverArea, period: t.serverPeriod, value: t.serverValue };
  const out: FieldProblems = {};
  for (const d of err.details as { field?: string; message?: string }[]) {
    const field = FIELDS.find((f) => f === d.field);
    const text = field ? `${summary[field]}: ${d.message ?? ''}` : `${t.serverOther}: ${d.message ?? ''}`;
    const slot = field ?? 'other';
    out[slot] = out[slot] ? `${out[slot]}; ${text}` : text;
  }
  return out;
}
