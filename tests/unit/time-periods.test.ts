/**
 * Local time asks Intl about the zone's offset about once a day, and periodStart finds days, hours and quarter
 * hours by arithmetic: held here to Intl and to the calendar, through the zone's changes of offset (1942–1975) too.
 */
import { describe, expect, it } from 'vitest';
import { FREQUENCIES, fromLocal, localParts, periodStart, TIME_ZONE, toUtcIso, type Frequency } from '../../shared/time';

/** Start of the period by the calendar: local fields, rounded down, back to an instant. */
function byCalendar(at: Date, f: Frequency): number {
  const p = localParts(at);
  const floors: Record<Frequency, () => Date> = {
    PT15M: () => fromLocal(p.year, p.month, p.day, p.hour, p.minute - (p.minute % 15)),
    PT1H: () => fromLocal(p.year, p.month, p.day, p.hour),
    P1D: () => fromLocal(p.year, p.month, p.day),
    P1M: () => fromLocal(p.year, p.month),
    P3M: () => fromLocal(p.year, p.month - ((p.month - 1) % 3)),
    P1Y: () => fromLocal(p.year, 1),
  };
  return floors[f]().getTime();
}

/** Instants from 1940 to 1980 (every 11 hours or so, every 3 minutes around each change of offset) and spread up to year 9999. */
function instants(): number[] {
  const DAY = 86_400_000;
  const out: number[] = [];
  for (let t = Date.UTC(1940, 0); t < Date.UTC(1980, 0); t += 11 * 3_600_000 + 7 * 60_000 + 13_001) out.push(t);
  for (let day = Date.UTC(1940, 0); day < Date.UTC(1980, 0); day += DAY) {
    if (intlOffset(day) === intlOffset(day + DAY)) continue;
    for (let t = day - DAY; t < day + 2 * DAY; t += 3 * 60_000) out.push(t);
  }
  let seed = 7;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  for (let i = 0; i < 20_000; i++) out.push(Date.UTC(0, 0) + Math.floor(random() * (Date.UTC(9999, 0) - Date.UTC(0, 0))));
  return out;
}

const intlFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });
/** The offset as Intl names it, e.g. "GMT+07:00". */
const intlOffset = (t: number) => intlFormat.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')!.value;

describe('local time', () => {
  const all = instants();

  it('has the offset Intl gives, around each of its changes too', () => {
    const since1940 = all.filter((t) => t >= Date.UTC(1940, 0));
    expect(new Set(since1940.map(intlOffset))).toEqual(new Set(['GMT+07:00', 'GMT+08:00', 'GMT+09:00']));
    const wrong = since1940.filter((t) => {
      const p = localParts(new Date(t));
      const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(t / 60_000) * 60_000;
      return `GMT+${String(shown / 3_600_000).padStart(2, '0')}:00` !== intlOffset(t);
    });
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('starts periods where the calendar does', () => {
    const wrong = all.flatMap((t) =>
      FREQUENCIES.filter((f) => periodStart(new Date(t), f).getTime() !== byCalendar(new Date(t), f)).map((f) => `${new Date(t).toISOString()} ${f}`),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps the offset of the time: +08:00 in 1960, +07:00 since 1975', () => {
    expect(periodStart(new Date('1960-05-17T09:44:00+08:00'), 'PT1H').toISOString()).toBe('1960-05-17T01:00:00.000Z');
    expect(periodStart(new Date('1960-05-17T09:44:00+08:00'), 'P1D').toISOString()).toBe('1960-05-16T16:00:00.000Z');
    expect(periodStart(new Date('2022-05-17T09:44:00+07:00'), 'P1D').toISOString()).toBe('2022-05-16T17:00:00.000Z');
  });
});

describe('toUtcIso', () => {
  it('writes what Date#toISOString writes, across days, years, the epoch and extended years', () => {
    const samples = [0, -1, 1, 999, 86_399_999, 86_400_000, -86_400_000, 951_782_400_000, -62_198_755_200_000, 253_402_300_800_000, 8.64e15, -8.64e15];
    // A pseudo-random spread over the whole range Date allows, and runs of hours in one day.
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      samples.push(Math.round((x / 2 ** 31 - 0.5) * 1.7e16), 1_650_000_000_000 + (i % 30) * 3_600_000 + i);
    }
    for (const ms of samples) expect(toUtcIso(ms)).toBe(new Date(ms).toISOString());
  });
});
