import { describe, expect, it } from 'vitest';
import { bucketStart, nextPeriod, periodStart, previousPeriod, toLocalIso } from '../../shared/time';

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
