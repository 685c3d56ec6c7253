/**
 * Numbers and times as people in the province read them: "1.234.567", "12,5", periods and clocks in
 * Asia/Ho_Chi_Minh whatever zone the browser is in. English (`?lang=en`) uses the same zone.
 */
import { TIME_ZONE, localParts, type Frequency } from '../../../shared/time';
import type { Lang } from '../i18n/i18n';

const LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, decimals: number, lang: Lang): string {
  const key = `${lang}:${decimals}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: TIME_ZONE, hourCycle: 'h23', ...options });
}

const formats: Record<Lang, Record<'time' | 'clock' | 'longDate', Intl.DateTimeFormat>> = {
  vi: {
    time: dateFormat('vi', { hour: '2-digit', minute: '2-digit' }),
    clock: dateFormat('vi', { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    longDate: dateFormat('vi', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }),
  },
  en: {
    time: dateFormat('en', { hour: '2-digit', minute: '2-digit' }),
    clock: dateFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    longDate: dateFormat('en', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  },
};
const enMonth = dateFormat('en', { month: 'short', year: 'numeric' });
const enDayMonth = dateFormat('en', { day: 'numeric', month: 'short' });

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:32" */
export const formatTime = (at: Date | number, lang: Lang): string => formats[lang].time.format(at);

/** "14:32:05" */
export const formatClockTime = (at: Date | number, lang: Lang): string => formats[lang].clock.format(at);

/** "Thứ Năm, 24/11/2022" */
export const formatLongDate = (at: Date | number, lang: Lang): string => formats[lang].longDate.format(at);

/** "14:32 24/11/2022": when something happened, unambiguous across days. */
export function formatDateTime(at: Date | number, lang: Lang): string {
  const p = localParts(new Date(at));
  const date = lang === 'vi' ? `${pad(p.day)}/${pad(p.month)}/${p.year}` : `${enDayMonth.format(at)} ${p.year}`;
  return `${formatTime(at, lang)} ${date}`;
}

/**
 * The period a value stands for, in the indicator's own granularity: "tháng 5/2022", "quý 2/2022",
 * "14:00 24/11". `ts` is the period's start as an ISO instant.
 */
export function formatPeriod(ts: string, frequency: Frequency, lang: Lang): string {
  const at = new Date(ts);
  const p = localParts(at);
  const quarter = Math.floor((p.month - 1) / 3) + 1;
  if (lang === 'vi') {
    switch (frequency) {
      case 'P1Y':
        return `năm ${p.year}`;
      case 'P3M':
        return `quý ${quarter}/${p.year}`;
      case 'P1M':
        return `tháng ${p.month}/${p.year}`;
      case 'P1D':
        return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
      case 'PT1H':
      case 'PT15M':
        return `${pad(p.hour)}:${pad(p.minute)} ${pad(p.day)}/${pad(p.month)}`;
    }
  }
  switch (frequency) {
    case 'P1Y':
      return String(p.year);
    case 'P3M':
      return `Q${quarter} ${p.year}`;
    case 'P1M':
      return enMonth.format(at);
    case 'P1D':
      return `${enDayMonth.format(at)} ${p.year}`;
    case 'PT1H':
    case 'PT15M':
      return `${pad(p.hour)}:${pad(p.minute)} ${enDayMonth.format(at)}`;
  }
}
