/**
 * Our readings of time held to Temporal's (temporal-polyfill, used here directly as the reference): the ingest
 * API's by-position reader, the CSV and plan period texts, local calendar arithmetic in every year, and the
 * period lengths TypeScript and SQL share.
 */
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { earliestAccepted, labelOf, labelStart, periodEnd, readIsoWithOffset, readPeriodText } from '../../shared/period';
import { periodEndOf, periodLabel, periodStartOf } from '../../shared/plan';
import { FREQUENCIES, PERIOD_MS, fromLocal, nextPeriod, parseOffsetIso, periodStart, previousPeriod } from '../../shared/time';

const ZONE = 'Asia/Ho_Chi_Minh';
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Temporal's instant for a text, 24:00 read as the next day's 00:00 (ISO 8601; Temporal refuses it); NaN where Temporal refuses. */
function reference(text: string): number {
  const end = /T24:00(:00(\.0+)?)?(Z|[+-])/.exec(text);
  try {
    if (end) return Temporal.Instant.from(text.replace(/T24:/, 'T00:')).epochMilliseconds + 86_400_000;
    if (/T\d{2}:\d{2}:60/.test(text)) return NaN; // Temporal reads a leap second as :59; a real clock never sends one.
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return NaN;
  }
}

/** A fixed pseudo-random walk, so that a failure names a text that fails again. */
function* texts(count: number): Generator<string> {
  let seed = 20221;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  for (let k = 0; k < count; k++) {
    const year = next(10) < 2 ? next(100) : next(10) < 1 ? next(10_000) : 1900 + next(200);
    const month = next(20) === 0 ? next(14) : 1 + next(12);
    const day = next(10) === 0 ? 28 + next(5) : 1 + next(31);
    const hour = next(30) === 0 ? 24 : next(24);
    const minute = next(40) === 0 ? 60 : next(60);
    const second = next(40) === 0 ? 60 : next(60);
    const fraction = ['', '.5', '.120', '.123456789', '.000'][next(5)]!;
    const time = next(5) === 0 ? `${pad(hour)}:${pad(minute)}` : `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
    const offsetHours = next(30) === 0 ? 24 : next(24);
    const zone = next(6) === 0 ? 'Z' : `${next(2) ? '+' : '-'}${pad(offsetHours)}:${pad(next(40) === 0 ? 60 : [0, 30, 45][next(3)]!)}`;
    yield `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${zone}`;
  }
}

describe('the ingest API reads a timestamp as Temporal does', () => {
  it('gives the same instant, or refuses the same texts, for 20,000 texts across ten millennia', () => {
    let valid = 0;
    let refused = 0;
    for (const text of texts(20_000)) {
      const expected = reference(text);
      expect(parseOffsetIso(text), text).toBe(expected);
      expect(readIsoWithOffset(text), text).toBe(expected);
      if (Number.isNaN(expected)) refused++;
      else valid++;
    }
    expect(valid).toBeGreaterThan(9_000);
    expect(refused).toBeGreaterThan(1_000);
  });

  it('refuses 30 February in both the API and the CSV reading', () => {
    expect(parseOffsetIso('2022-02-30T10:00+07:00')).toBeNaN();
    expect(readIsoWithOffset('2022-02-30T10:00+07:00')).toBeNaN();
    expect(readPeriodText('2022-02-30T10:00+07:00')).toMatchObject({ ok: false });
  });
});

describe('local calendar arithmetic in every year', () => {
  /** Temporal's instant of a local wall-clock time in Asia/Ho_Chi_Minh. */
  const local = (year: number, month: number, day = 1, hour = 0, minute = 0) =>
    Temporal.ZonedDateTime.from({ timeZone: ZONE, year, month, day, hour, minute }).epochMilliseconds;

  it('puts a local time in years 1–99 where Temporal does, not 1,900 years later', () => {
    for (const year of [1, 9, 50, 99, 100, 101, 1899, 1900, 1975, 2022, 9999]) {
      expect(fromLocal(year, 3, 1).getTime(), `year ${year}`).toBe(local(year, 3, 1));
      expect(fromLocal(year, 12, 31, 23, 45).getTime(), `year ${year}`).toBe(local(year, 12, 31, 23, 45));
    }
    // Months overflow into the next year, as they always did, in the first century too.
    expect(fromLocal(99, 13).getTime()).toBe(local(100, 1));
    expect(fromLocal(1, 14).getTime()).toBe(local(2, 2));
  });

  it('starts and steps every frequency where Temporal does, years 1–99 included', () => {
    for (const year of [5, 50, 99, 1960, 2022, 2024]) {
      const at = Temporal.ZonedDateTime.from({ timeZone: ZONE, year, month: 8, day: 17, hour: 9, minute: 44 });
      for (const f of FREQUENCIES) {
        let start = at.round({ smallestUnit: 'day', roundingMode: 'floor' });
        if (f === 'PT15M') start = at.with({ minute: 30, second: 0 });
        if (f === 'PT1H') start = at.with({ minute: 0, second: 0 });
        if (f === 'P1M') start = start.with({ day: 1 });
        if (f === 'P3M') start = start.with({ month: 7, day: 1 });
        if (f === 'P1Y') start = start.with({ month: 1, day: 1 });
        const ours = periodStart(new Date(at.epochMilliseconds), f);
        expect(ours.getTime(), `${year} ${f}`).toBe(start.epochMilliseconds);
        const step = Temporal.Duration.from(f);
        expect(nextPeriod(ours, f).getTime(), `${year} ${f} next`).toBe(start.add(step).epochMilliseconds);
        expect(previousPeriod(ours, f).getTime(), `${year} ${f} previous`).toBe(start.subtract(step).epochMilliseconds);
        expect(periodEnd(ours, f).getTime(), `${year} ${f} end`).toBe(start.add(step).epochMilliseconds);
      }
    }
  });

  it('takes each period length as the longest its calendar periods run', () => {
    // Every month, quarter and year of a 400-year Gregorian cycle, lengths counted by Temporal.
    const longest: Record<string, number> = { P1M: 0, P3M: 0, P1Y: 0 };
    for (let year = 2000; year < 2400; year++) {
      for (const f of ['P1M', 'P3M', 'P1Y'] as const) {
        for (let month = 1; month <= 12; month += f === 'P1M' ? 1 : f === 'P3M' ? 3 : 12) {
          const start = Temporal.PlainDate.from({ year, month, day: 1 });
          longest[f] = Math.max(longest[f]!, start.until(start.add(Temporal.Duration.from(f))).days * 86_400_000);
        }
      }
    }
    expect(PERIOD_MS).toEqual({ PT15M: 900_000, PT1H: 3_600_000, P1D: 86_400_000, ...longest });
  });
});

describe('period texts of the plan and of reporters', () => {
  const local = (year: number, month: number, day = 1, hour = 0, minute = 0) =>
    new Date(Temporal.ZonedDateTime.from({ timeZone: ZONE, year, month, day, hour, minute }).epochMilliseconds);

  it('reads the plan labels "2022", "2022-Q4", "2022-12" and writes them back', () => {
    expect(labelStart('year', '2022')).toEqual(local(2022, 1));
    expect(labelStart('quarter', '2022-Q4')).toEqual(local(2022, 10));
    expect(labelStart('month', '2022-12')).toEqual(local(2022, 12));
    expect(periodEndOf('quarter', '2022-Q4')).toEqual(local(2023, 1));
    expect(periodEndOf('month', '2024-02')).toEqual(local(2024, 3));
    expect(periodStartOf('month', '2022-13')).toBeNull();
    expect(periodLabel('quarter', local(2022, 12, 31, 23, 59))).toBe('2022-Q4');
    // Half past midnight on 1 January in Vietnam is still the old year in UTC.
    expect(labelOf('year', local(2023, 1, 1, 0, 30))).toBe('2023');
    expect(labelOf('month', local(2023, 1, 1, 0, 30))).toBe('2023-01');
  });

  it.each([
    ['Quý 2/2022', 2022, 4, 1, 0, 'quarter'],
    ['quý IV năm 2026', 2026, 10, 1, 0, 'quarter'],
    ['tháng 11/2026', 2026, 11, 1, 0, 'month'],
    ['Tháng 2 năm 2024', 2024, 2, 1, 0, 'month'],
    ['2022-12', 2022, 12, 1, 0, 'month'],
    ['2022-Q4', 2022, 10, 1, 0, 'quarter'],
    ['Năm 2022', 2022, 1, 1, 0, 'year'],
    ['29/02/2024 23:00', 2024, 2, 29, 23, 'time'],
  ] as const)('reads "%s" as Temporal places it', (text, year, month, day, hour, grain) => {
    expect(readPeriodText(text)).toEqual({ ok: true, at: local(year, month, day, hour), grain });
  });

  it('reads a year before 1900 exactly, for validation to refuse as too old', () => {
    expect(readPeriodText('1850')).toEqual({ ok: true, at: local(1850, 1), grain: 'year' });
    expect(readPeriodText('0050')).toEqual({ ok: true, at: local(50, 1), grain: 'year' });
  });

  it('accepts figures from 1 January 1900, local time, unless the indicator says otherwise', () => {
    expect(earliestAccepted({})).toEqual(local(1900, 1));
    expect(earliestAccepted({ since: 2015 })).toEqual(local(2015, 1));
    expect(earliestAccepted({ since: 50 })).toEqual(local(50, 1));
  });
});
