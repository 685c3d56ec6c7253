/**
 * The "Kỳ báo cáo" cell of a CSV row: the ways Vietnamese reporters and Excel write a period, turned into
 * the start of the indicator's period in Asia/Ho_Chi_Minh. A date always reads day first (dd/mm/yyyy).
 */
import { fromLocal, periodStart, toLocalIso, type Frequency } from '../../shared/time';
import { fold } from './csvLookup';

export type Lang = 'vi' | 'en';

/** How precisely a text names a time: "2022" a year, "Quý 2/2022" a quarter, … "15/05/2022 09:00" a time. */
export type Grain = 'year' | 'quarter' | 'month' | 'day' | 'time';
const RANK: Record<Grain, number> = { year: 0, quarter: 1, month: 2, day: 3, time: 4 };
const NEEDED: Record<Frequency, Grain> = { P1Y: 'year', P3M: 'quarter', P1M: 'month', P1D: 'day', PT1H: 'time', PT15M: 'time' };

/** How to write a period of each frequency, for messages. */
export const PERIOD_EXAMPLE: Record<Frequency, string> = {
  P1Y: '2022',
  P3M: 'Quý 2/2022',
  P1M: '05/2022',
  P1D: '15/05/2022',
  PT1H: '15/05/2022 09:00',
  PT15M: '15/05/2022 09:15',
};
const FREQUENCY_NAME: Record<Frequency, { vi: string; en: string }> = {
  P1Y: { vi: 'năm', en: 'year' },
  P3M: { vi: 'quý', en: 'quarter' },
  P1M: { vi: 'tháng', en: 'month' },
  P1D: { vi: 'ngày', en: 'day' },
  PT1H: { vi: 'giờ', en: 'hour' },
  PT15M: { vi: '15 phút', en: '15 minutes' },
};

export type PeriodText = { ok: true; at: Date; grain: Grain } | { ok: false; message: string };

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function local(lang: Lang, text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, grain: Grain): PeriodText {
  const bad = (vi: string, en: string): PeriodText => ({ ok: false, message: lang === 'vi' ? `kỳ "${text}": ${vi}` : `period "${text}": ${en}` });
  if (y < 1900 || y > 2100) return bad(`năm ${y} không hợp lệ`, `year ${y} is out of range`);
  if (mo < 1 || mo > 12) {
    // 05/17/2022 is how an English-locale Excel writes 17 May; the reverse guess would be wrong for 05/06/2022.
    if (grain !== 'month' && d >= 1 && d <= 12 && mo <= 31) {
      return bad('không có tháng ' + mo + '; ghi ngày theo thứ tự ngày/tháng/năm, ví dụ 15/05/2022', `there is no month ${mo}; write dates day/month/year, e.g. 15/05/2022`);
    }
    return bad(`không có tháng ${mo}`, `there is no month ${mo}`);
  }
  if (d < 1 || d > daysIn(y, mo)) return bad(`tháng ${mo}/${y} không có ngày ${d}`, `${y}-${mo} has no day ${d}`);
  if (h > 23 || mi > 59 || s > 59) return bad('giờ không hợp lệ', 'not a valid time of day');
  return { ok: true, at: new Date(fromLocal(y, mo, d, h, mi).getTime() + s * 1000), grain };
}

/** What instant and precision the text names, whatever the indicator. */
export function readPeriodText(raw: string, lang: Lang = 'vi'): PeriodText {
  const text = raw.trim();
  const s = fold(text);
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  let m: RegExpExecArray | null;

  m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (m) {
    const zone = m[7]! === 'z' ? 'Z' : m[7]!.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone}`);
    if (!Number.isNaN(at.getTime())) return { ok: true, at, grain: 'time' };
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

/**
 * The start of the indicator's period named by `text`, as ISO 8601 with +07:00. A finer text is floored
 * (15/05/2022 for a monthly figure is May 2022, as the ingest API does); a coarser one is refused, since
 * "Quý 2/2022" does not say which month a monthly figure is for.
 */
export function periodFor(text: string, frequency: Frequency, lang: Lang = 'vi'): { ok: true; ts: string } | { ok: false; message: string } {
  const read = readPeriodText(text, lang);
  if (!read.ok) return read;
  if (RANK[read.grain] < RANK[NEEDED[frequency]]) {
    const name = FREQUENCY_NAME[frequency];
    return {
      ok: false,
      message:
        lang === 'vi'
          ? `kỳ "${text.trim()}" không chỉ rõ ${name.vi} nào; chỉ tiêu này báo cáo theo ${name.vi}, ghi ví dụ ${PERIOD_EXAMPLE[frequency]}`
          : `the period "${text.trim()}" does not say which ${name.en}; this indicator is reported per ${name.en}, write e.g. ${PERIOD_EXAMPLE[frequency]}`,
    };
  }
  return { ok: true, ts: toLocalIso(periodStart(read.at, frequency)) };
}
