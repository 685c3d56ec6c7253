import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../shared/catalog';
import { bandOf, staleFrom, statusOf } from '../../shared/status';
import type { Frequency } from '../../shared/time';

type Judged = Pick<Indicator, 'direction' | 'thresholds' | 'frequency'>;

// Online filing: higher is better, red below 30, amber below 50.
const onlineFiling: Judged = { direction: 'higher', thresholds: { amber: 50, red: 30 }, frequency: 'P1M' };
// Salinity: lower is better, red at or above 4 g/L, amber at or above 1 g/L.
const salinity: Judged = { direction: 'lower', thresholds: { amber: 1, red: 4 }, frequency: 'PT15M' };
// A count without thresholds.
const received: Judged = { direction: 'higher', thresholds: undefined, frequency: 'PT1H' };

const at = (iso: string) => new Date(iso);
const point = (ts: string, value: number) => ({ ts: at(ts).toISOString(), value });

describe('bands against thresholds', () => {
  it('higher is better: red below red, amber below amber, green from amber up', () => {
    expect(bandOf(onlineFiling, 12)).toBe('red');
    expect(bandOf(onlineFiling, 29.9)).toBe('red');
    expect(bandOf(onlineFiling, 30)).toBe('amber');
    expect(bandOf(onlineFiling, 49.9)).toBe('amber');
    expect(bandOf(onlineFiling, 50)).toBe('green');
    expect(bandOf(onlineFiling, 100)).toBe('green');
  });

  it('lower is better: red at or above red, amber at or above amber, green below amber', () => {
    expect(bandOf(salinity, 0)).toBe('green');
    expect(bandOf(salinity, 0.99)).toBe('green');
    expect(bandOf(salinity, 1)).toBe('amber');
    expect(bandOf(salinity, 3.99)).toBe('amber');
    expect(bandOf(salinity, 4)).toBe('red');
    expect(bandOf(salinity, 12.5)).toBe('red');
  });

  it('has no band without thresholds: fresh values are "none"', () => {
    expect(bandOf(received, 1000)).toBeUndefined();
    expect(statusOf(received, point('2022-05-17T09:00:00+07:00', 40), at('2022-05-17T09:20:00+07:00'))).toBe('none');
  });
});

describe('grey when the next value is overdue', () => {
  it('is grey without any value', () => {
    expect(statusOf(onlineFiling, undefined, at('2022-05-17T09:00:00+07:00'))).toBe('grey');
    expect(statusOf(received, undefined, at('2022-05-17T09:00:00+07:00'))).toBe('grey');
  });

  // Each case: period start, the last instant still coloured, the first instant grey (all local time).
  const cases: { frequency: Frequency; start: string; lastFresh: string; firstStale: string }[] = [
    // 14:00–14:15 reading; 14:15–14:30 reading due by 14:30 + 5 min.
    { frequency: 'PT15M', start: '2022-05-17T14:00:00+07:00', lastFresh: '2022-05-17T14:34:59+07:00', firstStale: '2022-05-17T14:35:00+07:00' },
    // 23:00 hour; the 00:00–01:00 count is due by 01:00 + 15 min, the next day.
    { frequency: 'PT1H', start: '2022-05-17T23:00:00+07:00', lastFresh: '2022-05-18T01:14:59+07:00', firstStale: '2022-05-18T01:15:00+07:00' },
    // 31 May; 1 June's figure due by 2 June 00:00 + 12 h.
    { frequency: 'P1D', start: '2022-05-31T00:00:00+07:00', lastFresh: '2022-06-02T11:59:59+07:00', firstStale: '2022-06-02T12:00:00+07:00' },
    // April; May's figure is filed in June, overdue from 16 June.
    { frequency: 'P1M', start: '2022-04-01T00:00:00+07:00', lastFresh: '2022-06-15T23:59:59+07:00', firstStale: '2022-06-16T00:00:00+07:00' },
    // December; January's figure is filed in February, overdue from 16 February.
    { frequency: 'P1M', start: '2022-12-01T00:00:00+07:00', lastFresh: '2023-02-15T23:59:59+07:00', firstStale: '2023-02-16T00:00:00+07:00' },
    // Q1; Q2's figure is filed in July, overdue from 16 July.
    { frequency: 'P3M', start: '2022-01-01T00:00:00+07:00', lastFresh: '2022-07-15T23:59:59+07:00', firstStale: '2022-07-16T00:00:00+07:00' },
    // 2021; 2022's figure is filed in January 2023, overdue from 16 January 2023.
    { frequency: 'P1Y', start: '2021-01-01T00:00:00+07:00', lastFresh: '2023-01-15T23:59:59+07:00', firstStale: '2023-01-16T00:00:00+07:00' },
  ];

  for (const c of cases) {
    it(`${c.frequency}: a value for ${c.start} turns grey at ${c.firstStale}`, () => {
      const ind: Judged = { ...onlineFiling, frequency: c.frequency };
      const p = point(c.start, 75);
      expect(staleFrom(at(c.start), c.frequency).toISOString()).toBe(at(c.firstStale).toISOString());
      expect(statusOf(ind, p, at(c.lastFresh))).toBe('green');
      expect(statusOf(ind, p, at(c.firstStale))).toBe('grey');
      expect(statusOf(ind, p, at(c.firstStale).getTime() + 86_400_000)).toBe('grey');
    });
  }

  it('keeps the band while fresh and works in Asia/Ho_Chi_Minh months, not UTC ones', () => {
    // May 2022 starts at 2022-04-30T17:00Z. June's figure is overdue from 16 July local = 15 July 17:00Z.
    const may = point('2022-05-01T00:00:00+07:00', 20);
    expect(statusOf(onlineFiling, may, at('2022-07-15T16:59:59Z'))).toBe('red');
    expect(statusOf(onlineFiling, may, at('2022-07-15T17:00:00Z'))).toBe('grey');
  });

  it('never calls a value from the future stale', () => {
    expect(statusOf(salinity, point('2022-05-17T15:00:00+07:00', 5), at('2022-05-17T14:55:00+07:00'))).toBe('red');
  });
});
