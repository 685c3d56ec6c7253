/**
 * Every way CityOps is given a period, read in one place on Temporal: ISO 8601 with an offset (the API),
 * the plan's labels ("2022", "2022-Q4", "2022-12"), and how Vietnamese reporters and Excel write one
 * ("Quý 2/2022", "tháng 11/2026", "15/05/2022 09:00"). Local time is Asia/Ho_Chi_Minh. The ingest API reads
 * its timestamps with `parseOffsetIso` (shared/time.ts), which tests hold to this module's reading.
 */
import { Temporal } from 'temporal-polyfill';
import { TIME_ZONE, periodDuration, periodStart, type Frequency } from './time';
import { fold } from './text';

export type Lang = 'vi' | 'en';

/** How precisely a text names a time: "2022" a year, "Quý 2/2022" a quarter, … "15/05/2022 09:00" a time. */
export type Grain = 'year' | 'quarter' | 'month' | 'day' | 'time';

export type PeriodText = { ok: true; at: Date; grain: Grain } | { ok: false; message: string };

/** Before this year no figure is accepted unless its indicator says otherwise (`since` in the pack). */
export const EARLIEST_YEAR = 1900;

/** The first instant an indicator accepts figures for: 1 January of its `since` year, local time. */
export function earliestAccepted(indicator: { since?: number | undefined }): Date {
  return localInstant(indicator.since ?? EARLIEST_YEAR, 1, 1) ?? new Date(NaN);
}

/** The instant of a local wall-clock time, or null when there is no such time (30 February, 24:30). */
function localInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date | null {
  try {
    const zoned = Temporal.ZonedDateTime.from({ timeZone: TIME_ZONE, year, month, day, hour, minute, second }, { overflow: 'reject' });
    return new Date(zoned.epochMilliseconds);
  } catch {
    return null;
  }
}

/** The end of the period that starts at `start`: the start of the next one, its frequency's duration later in local time. */
export function periodEnd(start: Date, frequency: Frequency): Date {
  const zoned = Temporal.Instant.fromEpochMilliseconds(start.getTime()).toZonedDateTimeISO(TIME_ZONE);
  return new Date(zoned.add(periodDuration(frequency)).epochMilliseconds);
}

/** Whether the period containing `at` has not yet ended at `now` (a monthly figure for the current month). */
export const inProgress = (at: Date, frequency: Frequency, now: Date): boolean => periodEnd(periodStart(at, frequency), frequency) > now;

// ---------------------------------------------------------------------------------------------
// ISO 8601 with an offset
// ---------------------------------------------------------------------------------------------

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[tT ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * The instant (ms since the epoch) of ISO 8601 with an offset, as Temporal reads it; NaN for a time that does
 * not exist (30 February, 23:60, a leap second). 24:00 is the end of the day, as in ISO 8601 and Date.
 */
export function readIsoWithOffset(text: string): number {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = m;
  const offset = /^[zZ]$/.test(zone!) ? 'Z' : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
  if (Number(offset.slice(4)) > 59 || s === '60') return NaN; // Temporal would read :60 as :59.
  const endOfDay = h === '24';
  if (endOfDay && (mi !== '00' || s !== '00' || /[1-9]/.test(fraction))) return NaN;
  try {
    const instant = Temporal.Instant.from(`${y}-${mo}-${d}T${endOfDay ? '00' : h}:${mi}:${s}${fraction}${offset}`);
    return instant.epochMilliseconds + (endOfDay ? 86_400_000 : 0);
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// The plan's labels
// ---------------------------------------------------------------------------------------------

export const PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const KIND_FREQUENCY: Record<PeriodKind, Frequency> = { year: 'P1Y', quarter: 'P3M', month: 'P1M' };

const LABEL_PATTERN: Record<PeriodKind, RegExp> = {
  year: /^(\d{4})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
};

/** Start of the period a plan label names ("2022", "2022-Q4", "2022-12"), or null when not written so. */
export function labelStart(kind: PeriodKind, label: string): Date | null {
  const m = LABEL_PATTERN[kind].exec(label);
  if (!m) return null;
  const month = kind === 'year' ? 1 : kind === 'quarter' ? 3 * Number(m[2]) - 2 : Number(m[2]);
  return localInstant(Number(m[1]), month, 1);
}

/** The label of the period of `kind` that contains `at`. */
export function labelOf(kind: PeriodKind, at: Date): string {
  const local = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(TIME_ZONE);
  const year = String(local.year).padStart(4, '0');
  if (kind === 'year') return year;
  if (kind === 'quarter') return `${year}-Q${Math.floor((local.month - 1) / 3) + 1}`;
  return `${year}-${String(local.month).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// How people write a period
// ---------------------------------------------------------------------------------------------

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];


function local(lang: Lang, text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, grain: Grain): PeriodText {
  const bad = (vi: string, en: string): PeriodText => ({ ok: false, message: lang === 'vi' ? `kỳ "${text}": ${vi}` : `period "${text}": ${en}` });
  if (mo < 1 || mo > 12) {
    // 05/17/2022 is how an English-locale Excel writes 17 May; the reverse guess would be wrong for 05/06/2022.
    if (grain !== 'month' && d >= 1 && d <= 12 && mo <= 31) {
      return bad('không có tháng ' + mo + '; ghi ngày theo thứ tự ngày/tháng/năm, ví dụ 15/05/2022', `there is no month ${mo}; write dates day/month/year, e.g. 15/05/2022`);
    }
    return bad(`không có tháng ${mo}`, `there is no month ${mo}`);
  }
  const days = Temporal.PlainYearMonth.from({ year: y, month: mo }).daysInMonth;
  if (d < 1 || d > days) return bad(`tháng ${mo}/${y} không có ngày ${d}`, `${y}-${mo} has no day ${d}`);
  const at = h > 23 || mi > 59 || s > 59 ? null : localInstant(y, mo, d, h, mi, s);
  if (!at) return bad('giờ không hợp lệ', 'not a valid time of day');
  return { ok: true, at, grain };
}

/** What instant and precision the text names, whatever the indicator. */
export function readPeriodText(raw: string, lang: Lang = 'vi'): PeriodText {
  const text = raw.trim();
  const s = fold(text);
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  let m: RegExpExecArray | null;

  if (ISO_WITH_OFFSET.test(text)) {
    const at = readIsoWithOffset(text);
    if (!Number.isNaN(at)) return { ok: true, at: new Date(at), grain: 'time' };
    // The same words as the ingest API for the same text.
    return { ok: false, message: lang === 'vi' ? `kỳ "${text}": không có ngày giờ này` : `"${text}" is not a real date and time` };
  }
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) return local(lang, text, n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]), m[4] ? 'time' : 'day');

  m = /^(?:ngay\s*)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) return local(lang, text, n(m[3]), n(m[2]), n(m[1]), n(m[4]), n(m[5]), n(m[6]), m[4] ? 'time' : 'day');

  m = /^(?:thang\s*|th\.?\s*|t\.?\s*)?(\d{1,2})\s*(?:[/.-]|\s+nam\s+|\s)\s*(\d{4})$/.exec(s);
  if (m) return local(lang, text, n(m[2]), n(m[1]), 1, 0, 0, 0, 'month');
  m = /^(\d{4})\s*[/.-]\s*(\d{1,2})$/.exec(s);
  if (m) return local(lang, text, n(m[1]), n(m[2]), 1, 0, 0, 0, 'month');
  m = /^([a-z]{3,9})\.?[\s-]+(\d{4})$/.exec(s);
  if (m && EN_MONTHS.includes(m[1]!.slice(0, 3))) return local(lang, text, n(m[2]), EN_MONTHS.indexOf(m[1]!.slice(0, 3)) + 1, 1, 0, 0, 0, 'month');

  m = /^(?:quy|q)\s*([1-4]|iv|i{1,3})\s*(?:[/.-]|\s+nam\s+|\s)\s*(\d{4})$/.exec(s);
  if (m) {
    const q = ROMAN[m[1]!] ?? n(m[1]);
    return local(lang, text, n(m[2]), (q - 1) * 3 + 1, 1, 0, 0, 0, 'quarter');
  }
  m = /^(\d{4})\s*[-/ ]?\s*q([1-4])$/.exec(s);
  if (m) return local(lang, text, n(m[1]), (n(m[2]) - 1) * 3 + 1, 1, 0, 0, 0, 'quarter');

  m = /^(?:nam\s*)?(\d{4})$/.exec(s);
  if (m) return local(lang, text, n(m[1]), 1, 1, 0, 0, 0, 'year');

  return {
    ok: false,
    message:
      lang === 'vi'
        ? `không đọc được kỳ "${text}"; ghi ví dụ 05/2022, Tháng 5/2022, Quý 2/2022, 2022 hoặc 15/05/2022`
        : `cannot read the period "${text}"; write e.g. 05/2022, Tháng 5/2022, Quý 2/2022, 2022 or 15/05/2022`,
  };
}
