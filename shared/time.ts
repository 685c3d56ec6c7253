/**
 * Local time for the province. Every day, month, quarter and year in CityOps is a calendar period in
 * Asia/Ho_Chi_Minh (UTC+7, no daylight saving), whatever the server's or the browser's own zone is.
 */
import { Temporal } from 'temporal-polyfill';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const FREQUENCIES = ['PT15M', 'PT1H', 'P1D', 'P1M', 'P3M', 'P1Y'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const BUCKETS = ['hour', 'day', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function intlParts(at: Date): LocalParts {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(at)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A Gregorian cycle: the calendar repeats every 400 years, 146,097 days. */
const CYCLE_MS = 146_097 * DAY_MS;

/** Date.UTC for every year: Date.UTC reads years 0–99 as 1900–1999, so those are counted from 400 years later. */
function utc(year: number, month: number, day = 1, hour = 0, minute = 0, second = 0): number {
  return year >= 0 && year < 100 ? Date.UTC(year + 400, month - 1, day, hour, minute, second) - CYCLE_MS : Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at the start of a UTC hour (hours since the epoch), in milliseconds, from Intl. */
const hourOffsets = new Map<number, number>();
function hourOffset(hour: number): number {
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    const probe = new Date(hour * HOUR_MS);
    const p = intlParts(probe);
    offset = utc(p.year, p.month, p.day, p.hour, p.minute, p.second) - probe.getTime();
    if (hourOffsets.size > 50_000) hourOffsets.clear();
    hourOffsets.set(hour, offset);
  }
  return offset;
}

/** UTC days (days since the epoch) that begin and end at the same offset. */
const dayOffsets = new Map<number, number>();

/**
 * The zone's offset from UTC at an instant (ms since the epoch), in milliseconds. Intl is slow and ingest
 * needs this for every point. Offsets change only on hour boundaries, and no zone changes and changes back
 * within a day: a day that ends at the offset it began with keeps it throughout. So Intl is asked about the
 * start of each day, and about each hour only of a day with a change.
 */
function offsetAt(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const offset = dayOffsets.get(day);
  if (offset !== undefined) return offset;
  const first = hourOffset(day * 24);
  if (first !== hourOffset(day * 24 + 24)) return hourOffset(Math.floor(ms / HOUR_MS));
  if (dayOffsets.size > 50_000) dayOffsets.clear();
  dayOffsets.set(day, first);
  return first;
}

export function localParts(at: Date): LocalParts {
  const d = new Date(at.getTime() + offsetAt(at.getTime()));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The instant at which a local wall-clock time occurs (month may overflow, as with Date.UTC), in any year. */
export function fromLocal(year: number, month: number, day = 1, hour = 0, minute = 0): Date {
  return fromLocalMs(utc(year, month, day, hour, minute));
}

/** The instant at which a local wall-clock time occurs, that time given as if it were UTC. */
function fromLocalMs(local: number): Date {
  return new Date(local - offsetAt(local));
}

/** Date.UTC reads years 0–99 as 1900–1999: before the year 100, periods go through the calendar fields as ever. */
const YEAR_100 = Date.UTC(100, 0);

/** `ms` rounded down to a multiple of `step`. */
const floorTo = (ms: number, step: number) => ms - (((ms % step) + step) % step);

/** Start of the reporting period that contains `at`, in local time. */
export function periodStart(at: Date, frequency: Frequency): Date {
  const local = at.getTime() + offsetAt(at.getTime());
  if (local >= YEAR_100) {
    // Days, hours and quarter hours tile local time from the epoch on: ingest needs no calendar for them per point.
    switch (frequency) {
      case 'PT15M':
        return fromLocalMs(floorTo(local, 15 * 60_000));
      case 'PT1H':
        return fromLocalMs(floorTo(local, HOUR_MS));
      case 'P1D':
        return fromLocalMs(floorTo(local, DAY_MS));
    }
  }
  const p = localParts(at);
  switch (frequency) {
    case 'PT15M':
      return fromLocal(p.year, p.month, p.day, p.hour, p.minute - (p.minute % 15));
    case 'PT1H':
      return fromLocal(p.year, p.month, p.day, p.hour);
    case 'P1D':
      return fromLocal(p.year, p.month, p.day);
    case 'P1M':
      return fromLocal(p.year, p.month);
    case 'P3M':
      return fromLocal(p.year, p.month - ((p.month - 1) % 3));
    case 'P1Y':
      return fromLocal(p.year, 1);
  }
}

/** Start of the period after the one that starts at `start`. */
export function nextPeriod(start: Date, frequency: Frequency): Date {
  const p = localParts(start);
  switch (frequency) {
    case 'PT15M':
      return new Date(start.getTime() + 15 * 60_000);
    case 'PT1H':
      return new Date(start.getTime() + 3_600_000);
    case 'P1D':
      return fromLocal(p.year, p.month, p.day + 1);
    case 'P1M':
      return fromLocal(p.year, p.month + 1);
    case 'P3M':
      return fromLocal(p.year, p.month + 3);
    case 'P1Y':
      return fromLocal(p.year + 1, 1);
  }
}

export function previousPeriod(start: Date, frequency: Frequency): Date {
  const p = localParts(start);
  switch (frequency) {
    case 'PT15M':
      return new Date(start.getTime() - 15 * 60_000);
    case 'PT1H':
      return new Date(start.getTime() - 3_600_000);
    case 'P1D':
      return fromLocal(p.year, p.month, p.day - 1);
    case 'P1M':
      return fromLocal(p.year, p.month - 1);
    case 'P3M':
      return fromLocal(p.year, p.month - 3);
    case 'P1Y':
      return fromLocal(p.year - 1, 1);
  }
}

const bucketFrequency: Record<Bucket, Frequency> = { hour: 'PT1H', day: 'P1D', month: 'P1M' };

export function bucketStart(at: Date, bucket: Bucket): Date {
  return periodStart(at, bucketFrequency[bucket]);
}

export function nextBucket(start: Date, bucket: Bucket): Date {
  return nextPeriod(start, bucketFrequency[bucket]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days from 1970-01-01 to a proleptic Gregorian date, for any year (Date.UTC reads 0–99 as 1900–1999). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The two-digit number at `i`. */
const twoDigits = (text: string, i: number) => (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;

/**
 * The instant (ms since the epoch) of a text in the form an observation's `ts` must have (yyyy-mm-ddThh:mm,
 * optional :ss and fraction, then Z or ±hh:mm: see `isoWithOffset` in observations.ts), read by position:
 * ingest reads one per point, several times faster than Date's parser. NaN when the text names no real
 * instant, where Date is lenient: 30 February, 23:60, an offset past ±23:59. As with Date, 24:00 is the
 * end of the day, and a fraction counts to the millisecond, the rest cut off.
 */
export function parseOffsetIso(text: string): number {
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  let second = 0;
  let ms = 0;
  let i = 16;
  if (text.charCodeAt(i) === 58 /* : */) {
    second = twoDigits(text, 17);
    i = 19;
    if (text.charCodeAt(i) === 46 /* . */) {
      // The fraction runs to the zone: Z, or six characters of ±hh:mm.
      const end = text.charCodeAt(text.length - 1) === 90 /* Z */ ? text.length - 1 : text.length - 6;
      for (let scale = 100; ++i < end; scale /= 10) if (scale >= 1) ms += (text.charCodeAt(i) - 48) * scale;
    }
  }
  let offset = 0;
  const sign = text.charCodeAt(i);
  if (sign !== 90 /* Z */) {
    const oh = twoDigits(text, i + 1);
    const om = twoDigits(text, i + 4);
    if (oh > 23 || om > 59) return NaN;
    offset = (oh * 60 + om) * (sign === 45 /* - */ ? -60_000 : 60_000);
  }
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && (minute > 0 || second > 0 || ms > 0))) return NaN;
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000 + ms - offset;
}

/** ISO 8601 with the local offset, e.g. 2022-05-01T00:00:00+07:00: how a person in the province reads it. */
export function toLocalIso(at: Date): string {
  const p = localParts(at);
  const offMin = Math.round(offsetAt(at.getTime()) / 60_000);
  const sign = offMin >= 0 ? '+' : '-';
  const abs = Math.abs(offMin);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * The length of each frequency is its name: an ISO 8601 duration, which Temporal and PostgreSQL (`'P1M'::interval`)
 * both read, so that no table of lengths is written twice.
 */
export const periodDuration = (frequency: Frequency): Temporal.Duration => Temporal.Duration.from(frequency);

/** A July that begins a year with 29 February in it: each frequency's period starting then is its longest. */
const LONGEST_FROM = Temporal.PlainDateTime.from('2023-07-01T00:00');

/** The longest a period can be (a month 31 days, a quarter 92, a year 366), for staleness checks ("no value within the expected period"). */
export const PERIOD_MS = Object.fromEntries(
  FREQUENCIES.map((f) => [f, periodDuration(f).total({ unit: 'millisecond', relativeTo: LONGEST_FROM })]),
) as Record<Frequency, number>;

/** The UTC day of the last `toUtcIso` call and its "YYYY-MM-DDT": a batch's periods mostly share days. */
let isoDay = NaN;
let isoDayPrefix = '';
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * `new Date(ms).toISOString()`, several times faster for runs of timestamps on the same day: ingest turns
 * every period of every batch into text for the database and the live feed.
 */
export function toUtcIso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    isoDay = day;
    isoDayPrefix = iso.slice(0, iso.indexOf('T') + 1);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${isoDayPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
