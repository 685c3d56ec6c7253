import { describe, expect, it } from 'vitest';
import { bucketStart, nextPeriod, parseOffsetIso, periodStart, previousPeriod, toLocalIso } from '../../shared/time';

const at = (iso: string) => new Date(iso);

describe('local periods in Asia/Ho_Chi_Minh', () => {
  it('puts 00:30 on 1 July in Vietnam (still 30 June in UTC) into July', () => {
    const t = at('2022-06-30T17:30:00Z');
    expect(toLocalIso(periodStart(t, 'P1D'))).toBe('2022-07-01T00:00:00+07:00');
    expect(toLocalIso(periodStart(t, 'P1M'))).toBe('2022-07-01T00:00:00+07:00');
    expect(toLocalIso(periodStart(t, 'P3M'))).toBe('2022-07-01T00:00:00+07:00');
    expect(toLocalIso(periodStart(t, 'P1Y'))).toBe('2022-01-01T00:00:00+07:00');
  });

  it('floors to quarter hours, hours, quarters', () => {
    const t = at('2022-05-17T09:44:59+07:00');
    expect(toLocalIso(periodStart(t, 'PT15M'))).toBe('2022-05-17T09:30:00+07:00');
    expect(toLocalIso(periodStart(t, 'PT1H'))).toBe('2022-05-17T09:00:00+07:00');
    expect(toLocalIso(periodStart(t, 'P3M'))).toBe('2022-04-01T00:00:00+07:00');
  });

  it('steps across month and year ends', () => {
    expect(toLocalIso(nextPeriod(at('2022-12-01T00:00:00+07:00'), 'P1M'))).toBe('2023-01-01T00:00:00+07:00');
    expect(toLocalIso(previousPeriod(at('2022-01-01T00:00:00+07:00'), 'P3M'))).toBe('2021-10-01T00:00:00+07:00');
    expect(toLocalIso(nextPeriod(at('2024-02-28T00:00:00+07:00'), 'P1D'))).toBe('2024-02-29T00:00:00+07:00');
  });

  it('buckets by local hour, day and month', () => {
    expect(bucketStart(at('2022-05-31T18:10:00Z'), 'month').toISOString()).toBe('2022-05-31T17:00:00.000Z');
    expect(bucketStart(at('2022-05-31T16:59:59Z'), 'day').toISOString()).toBe('2022-05-30T17:00:00.000Z');
  });
});

describe('reading an observation\'s timestamp', () => {
  it('reads what Date reads, to the millisecond, in every form an observation may use', () => {
    // A fixed walk over four millennia, offsets from -23:30 to +23:30, with and without seconds and fractions.
    const fractions = ['', '.5', '.12', '.123', '.123456789'];
    let checked = 0;
    for (let k = 0; k < 20_000; k++) {
      const ms = -40e12 + k * 13_370_000_017;
      const offset = ((k * 7) % 95) * 30 - 1410;
      const local = new Date(ms + offset * 60_000).toISOString();
      const time = k % 6 === 0 ? local.slice(0, 16) : local.slice(0, 19) + fractions[k % fractions.length];
      const zone =
        offset === 0 && k % 2 === 0
          ? 'Z'
          : `${offset < 0 ? '-' : '+'}${String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      const text = time + zone;
      if (local.startsWith('-') || local.startsWith('+')) continue;
      expect(parseOffsetIso(text), text).toBe(new Date(text).getTime());
      checked++;
    }
    expect(checked).toBeGreaterThan(15_000);
    expect(parseOffsetIso('0050-03-01T00:00:00Z')).toBe(new Date('0050-03-01T00:00:00Z').getTime());
    expect(parseOffsetIso('2024-02-29T23:59:59.999+07:00')).toBe(Date.UTC(2024, 1, 29, 16, 59, 59, 999));
    expect(parseOffsetIso('2022-05-01T24:00:00+07:00')).toBe(new Date('2022-05-01T24:00:00+07:00').getTime());
  });

  it('refuses times that do not exist, which Date would move to another day', () => {
    for (const text of [
      '2023-02-30T00:00:00Z', '2023-02-29T09:00:00+07:00', '1900-02-29T00:00Z', '2023-04-31T00:00Z', '2023-00-10T00:00Z',
      '2023-13-01T00:00Z', '2023-05-00T00:00Z', '2023-05-17T24:01Z', '2023-05-17T24:00:00.5Z', '2023-05-17T25:00Z',
      '2023-05-17T09:60Z', '2023-05-17T09:00:60Z', '2023-05-17T09:00+24:00', '2023-05-17T09:00-07:60',
    ]) {
      expect(parseOffsetIso(text), text).toBeNaN();
    }
  });
});
