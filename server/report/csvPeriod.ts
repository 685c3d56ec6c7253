/**
 * The "Kỳ báo cáo" cell of a CSV row: a period as Vietnamese reporters and Excel write it (read by
 * shared/period.ts), turned into the start of the indicator's period in Asia/Ho_Chi_Minh. A date always
 * reads day first (dd/mm/yyyy).
 */
import { readPeriodText, type Grain, type Lang } from '../../shared/period';
import { parseOffsetIso, periodStart, toLocalIso, type Frequency } from '../../shared/time';

export { readPeriodText, type Grain, type Lang, type PeriodText } from '../../shared/period';
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
  const start = periodStart(read.at, frequency);
  const local = toLocalIso(start);
  // Before 1912 the province kept local mean time (+07:06:30), which ±hh:mm cannot write: UTC says it exactly.
  return { ok: true, ts: parseOffsetIso(local) === start.getTime() ? local : start.toISOString() };
}
