/**
 * What the form says about a figure as it is typed: the number read the Vietnamese way (shared/vnNumber),
 * checked against the indicator's valid range and kind, and how it was read when that is not obvious.
 */
import type { Indicator } from '../../../shared/catalog';
import { VN_NUMBER_MESSAGES, parseVnNumber } from '../../../shared/vnNumber';
import type { Lang } from '../../features/i18n/i18n';
import { formatNumber } from '../../features/live/format';
import { fill } from '../../features/session/text';
import { reportText } from './text';

export type Entry =
  | { state: 'empty' }
  | {
      state: 'ok';
      value: number;
      /** "Đọc là 1.234" when the text was written another way than the form would show it. */
      readAs: string | null;
    }
  | { state: 'error'; message: string };

const decimalsOf = (value: number) => (String(value).split('.')[1] ?? '').length;

/** A value as the form shows it, with every decimal it has. */
export const showValue = (value: number, lang: Lang): string => formatNumber(value, Math.min(decimalsOf(value), 10), lang);

export function checkEntry(text: string, indicator: Pick<Indicator, 'unit' | 'range' | 'decimals'>, lang: Lang): Entry {
  const t = reportText(lang);
  const trimmed = text.trim();
  if (!trimmed) return { state: 'empty' };
  const parsed = parseVnNumber(trimmed);
  if (!parsed.ok) return { state: 'error', message: VN_NUMBER_MESSAGES[parsed.reason][lang] };
  const { value } = parsed;
  if (parsed.percent && indicator.unit.vi.trim() !== '%') return { state: 'error', message: t.percentNotAllowed };
  if (parsed.ambiguous && indicator.decimals === 0 && !Number.isInteger(value)) {
    // "1,234" for a count: the Vietnamese reading is 1.234, which a count cannot be; say so rather than guess.
    const whole = Math.round(value * 1000);
    return { state: 'error', message: fill(t.integerOnly, { text: trimmed, value: showValue(value, lang), whole: formatNumber(whole, 0, lang) }) };
  }
  const { min, max } = indicator.range;
  if (value < min || value > max) {
    return {
      state: 'error',
      message: fill(t.outOfRange, { min: formatNumber(min, decimalsOf(min), lang), max: formatNumber(max, decimalsOf(max), lang) }),
    };
  }
  const shown = showValue(value, lang);
  const typed = trimmed.replace(/\s*%$/, '');
  return { state: 'ok', value, readAs: shown === typed && !parsed.ambiguous ? null : fill(t.readAs, { value: shown }) };
}
