/**
 * Numbers as people in Việt Nam type them and as Excel in the vi-VN locale writes them: a comma is the
 * decimal separator, a dot (or a space) separates thousands. The reporting form and the CSV reader share
 * this, so a figure means the same thing however it arrives.
 *
 * The rule, in order:
 *  1. Spaces at either end are ignored (ordinary, non-breaking, narrow). One trailing "%" is allowed and
 *     dropped: "45,5%" is 45.5, in percentage points, like the indicators that are measured in %.
 *     The sign is a leading "-", "−" or "+"; "(1.234)" is negative too, as Excel's accounting format writes it.
 *  2. Spaces inside the number separate thousands, in groups of three: "1 234 567", "1 234,5".
 *  3. With both "," and ".", the one that comes last, exactly once, is the decimal separator and the other
 *     separates thousands: "1.234,5" = 1234.5 (Vietnamese), "1,234.5" = 1234.5 (an English-locale file).
 *  4. A comma alone is the decimal separator: "12,5" = 12.5 and "1,234" = 1.234 (the Vietnamese reading).
 *     Several commas are refused: "1,2,3", and "1,234,567", which has no Vietnamese reading.
 *  5. Dots alone separate thousands when they split the number into groups of exactly three digits after a
 *     first group of 1–3 digits not starting with 0: "1.234" = 1234, "1.234.567" = 1234567. Otherwise one
 *     dot is the decimal point: "12.5", "0.125", "12.3456", "1234.567". Other dots are refused: "12..5", "1.23.4".
 *
 * "1,234" and "1.234" are the readings a person could take the other way; the result marks them
 * `ambiguous` so that a form can show how it read them.
 */

export const VN_NUMBER_PROBLEMS = ['empty', 'not-a-number', 'misplaced-separator', 'comma-thousands', 'too-long'] as const;
export type VnNumberProblem = (typeof VN_NUMBER_PROBLEMS)[number];

export type VnNumberResult =
  | {
      ok: true;
      value: number;
      /** The text ended with "%". */
      percent: boolean;
      /** "1,234" (read 1.234) or "1.234" (read 1234): a person used to the other convention would read it differently. */
      ambiguous: boolean;
    }
  | { ok: false; reason: VnNumberProblem };

/** What to tell the person, by reason; the CSV reader quotes the cell before it. */
export const VN_NUMBER_MESSAGES: Record<VnNumberProblem, { vi: string; en: string }> = {
  empty: { vi: 'chưa nhập số', en: 'no number given' },
  'not-a-number': { vi: 'không phải là số (chỉ dùng chữ số, dấu phẩy, dấu chấm, dấu %)', en: 'not a number (use digits, comma, dot, %)' },
  'misplaced-separator': {
    vi: 'dấu phân cách đặt sai chỗ; viết ví dụ 1.234,5 hoặc 12,5',
    en: 'separators in the wrong place; write e.g. 1.234,5 or 12,5',
  },
  'comma-thousands': {
    vi: 'dấu phẩy là dấu thập phân; dùng dấu chấm để phân cách hàng nghìn: 1.234.567',
    en: 'a comma is the decimal separator here; separate thousands with dots: 1.234.567',
  },
  'too-long': { vi: 'quá dài (tối đa 64 ký tự)', en: 'too long (at most 64 characters)' },
};

const MAX_LENGTH = 64;
const DIGITS = /^\d+$/;
const fail = (reason: VnNumberProblem): VnNumberResult => ({ ok: false, reason });

/** "1.234.567" with `sep` = ".": a first group of 1–3 digits not starting with 0, then groups of exactly three. */
function isGrouped(text: string, sep: string): boolean {
  const parts = text.split(sep);
  return parts.length > 1 && /^[1-9]\d{0,2}$/.test(parts[0]!) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

const count = (text: string, ch: string) => text.split(ch).length - 1;

/** Integer and fraction digits of an unsigned number without spaces, or why it cannot be read. */
function splitDigits(s: string): { int: string; frac: string; ambiguous: boolean } | VnNumberProblem {
  const commas = count(s, ',');
  const dots = count(s, '.');
  if (commas > 0 && dots > 0) {
    const dec = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const thousands = dec === ',' ? '.' : ',';
    if (count(s, dec) !== 1) return 'misplaced-separator';
    const [int = '', frac = ''] = s.split(dec);
    if (!isGrouped(int, thousands) || !DIGITS.test(frac)) return 'misplaced-separator';
    return { int: int.split(thousands).join(''), frac, ambiguous: false };
  }
  if (commas > 0) {
    if (commas > 1) return isGrouped(s, ',') ? 'comma-thousands' : 'misplaced-separator';
    const [int = '', frac = ''] = s.split(',');
    if (!DIGITS.test(int) || !DIGITS.test(frac)) return 'misplaced-separator';
    return { int, frac, ambiguous: frac.length === 3 && /^[1-9]\d{0,2}$/.test(int) };
  }
  if (dots > 0) {
    if (isGrouped(s, '.')) return { int: s.split('.').join(''), frac: '', ambiguous: dots === 1 };
    if (dots > 1) return 'misplaced-separator';
    const [int = '', frac = ''] = s.split('.');
    if (!DIGITS.test(int) || !DIGITS.test(frac)) return 'misplaced-separator';
    return { int, frac, ambiguous: false };
  }
  return DIGITS.test(s) ? { int: s, frac: '', ambiguous: false } : 'not-a-number';
}

/** Integer and fraction digits of a number whose thousands are separated by spaces ("1 234,5", "1 234.5"). */
function splitSpaced(s: string): { int: string; frac: string; ambiguous: boolean } | VnNumberProblem {
  const m = /^(\d{1,3}(?:\s\d{3})+)(?:[.,](\d+))?$/.exec(s);
  if (!m) return 'misplaced-separator';
  return { int: m[1]!.replace(/\s/g, ''), frac: m[2] ?? '', ambiguous: false };
}

export function parseVnNumber(text: string): VnNumberResult {
  // String.prototype.trim and \s cover the non-breaking and narrow spaces Excel puts between thousands.
  let s = text.trim();
  if (s === '') return fail('empty');
  if (s.length > MAX_LENGTH) return fail('too-long');
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (/^[-−+]/.test(s)) {
    if (negative) return fail('misplaced-separator');
    negative = s[0] !== '+';
    s = s.slice(1).trim();
  }
  if (s === '') return fail('empty');
  if (!/^[\d.,\s]+$/.test(s)) return fail('not-a-number');
  const parts = /\s/.test(s) ? splitSpaced(s) : splitDigits(s);
  if (typeof parts === 'string') return fail(parts);
  const magnitude = Number(parts.frac ? `${parts.int}.${parts.frac}` : parts.int);
  if (!Number.isFinite(magnitude)) return fail('not-a-number');
  // No "-0": a reported zero is zero.
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  return { ok: true, value, percent, ambiguous: parts.ambiguous };
}

/**
 * "1.234.567", "12,5", "-3,25": the Vietnamese way, the same on every machine (no Intl). Without
 * `decimals`, as many as the value needs (up to 10); with it, rounded to that many.
 */
export function formatVnNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals ?? 10);
  const [int = '0', digits = ''] = fixed.split('.');
  const frac = decimals === undefined ? digits.replace(/0+$/, '') : digits;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const negative = value < 0 && /[1-9]/.test(int + frac);
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}
