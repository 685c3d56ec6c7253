import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SeriesV1 } from '../../shared/api';
import type { Indicator } from '../../shared/catalog';
import { changeAgainstPrevious, seriesQuery, seriesSpan, withLatest } from '../../client/features/charts/seriesSpan';
import { SeriesStore } from '../../client/features/charts/seriesStore';

const iso = (s: string) => new Date(s).toISOString();

describe('history shown for a figure', () => {
  it('is 24 hourly buckets for readings and hourly counts, 30 days for daily figures, months for reports', () => {
    expect(seriesSpan('PT15M')).toEqual({ bucket: 'hour', spanMs: 86_400_000 });
    expect(seriesSpan('PT1H')).toEqual({ bucket: 'hour', spanMs: 86_400_000 });
    expect(seriesSpan('P1D')).toEqual({ bucket: 'day', spanMs: 30 * 86_400_000 });
    expect(seriesSpan('P1M').bucket).toBe('month');
    expect(seriesSpan('P3M').bucket).toBe('month');
    expect(seriesSpan('P1Y').bucket).toBe('month');
  });

  it('asks the series API for the province over that window', () => {
    const url = new URL(seriesQuery('salinity', '80', 'PT15M', Date.parse('2022-05-17T07:00:00Z')), 'http://x');
    expect(url.pathname).toBe('/api/v1/series');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      indicator: 'salinity',
      area: '80',
      bucket: 'hour',
      from: '2022-05-16T07:00:00.000Z',
      to: '2022-05-17T07:00:00.000Z',
    });
  });
});

describe('change against the previous period', () => {
  const months = [
    { start: iso('2022-03-01T00:00:00+07:00'), value: 40, count: 1, source: 'x' },
    { start: iso('2022-04-01T00:00:00+07:00'), value: 45, count: 1, source: 'x' },
    { start: iso('2022-05-01T00:00:00+07:00'), value: 52.5, count: 1, source: 'x' },
  ];

  it("compares May's value with April's, whether or not May is in the series yet", () => {
    expect(changeAgainstPrevious(52.5, iso('2022-05-01T00:00:00+07:00'), months, 'month')).toEqual({
      previous: 45,
      previousStart: iso('2022-04-01T00:00:00+07:00'),
      delta: 7.5,
    });
    expect(changeAgainstPrevious(50, iso('2022-05-01T00:00:00+07:00'), months.slice(0, 2), 'month')?.delta).toBe(5);
  });

  it('compares a quarter with the last report before it, and has nothing to compare the first one with', () => {
    const quarters = [months[0]!, { ...months[1]!, start: iso('2022-04-01T00:00:00+07:00') }];
    expect(changeAgainstPrevious(47, iso('2022-04-01T00:00:00+07:00'), quarters, 'month')?.previous).toBe(40);
    expect(changeAgainstPrevious(40, iso('2022-03-01T00:00:00+07:00'), months, 'month')).toBeNull();
  });

  it('compares a 15-minute reading with the hour before its own', () => {
    const hours = [
      { start: iso('2022-05-17T13:00:00+07:00'), value: 0.8, count: 4, source: 'sensor' },
      { start: iso('2022-05-17T14:00:00+07:00'), value: 1.1, count: 2, source: 'sensor' },
    ];
    expect(changeAgainstPrevious(1.3, iso('2022-05-17T14:30:00+07:00'), hours, 'hour')?.previous).toBe(0.8);
  });

  it('draws the live value in its own bucket until the history catches up', () => {
    expect(withLatest(months.slice(0, 2), { ts: iso('2022-05-01T00:00:00+07:00'), value: 50 }, 'month').map((p) => p.v)).toEqual([40, 45, 50]);
    expect(withLatest(months, { ts: iso('2022-05-01T00:00:00+07:00'), value: 50 }, 'month').map((p) => p.v)).toEqual([40, 45, 52.5]);
  });
});

describe('series store', () => {
  const indicator = (key: string): Indicator => ({ key, frequency: 'PT1H' }) as Indicator;
  const body = (indicator: string): SeriesV1 => ({ indicator, area: '80', bucket: 'hour', from: '', to: '', timeZone: 'Asia/Ho_Chi_Minh', buckets: [] });
  let calls: string[];
  let store: SeriesStore;

  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    store = new SeriesStore({
      area: '80',
      minRefreshMs: 30_000,
      now: () => Date.now(),
      fetchSeries: async (url) => {
        const key = new URL(url, 'http://x').searchParams.get('indicator')!;
        calls.push(key);
        return body(key);
      },
    });
  });
  afterEach(() => {
    store.dispose();
    vi.useRealTimers();
  });

  it('fetches each kept indicator once and forgets the others', async () => {
    store.keep([indicator('a'), indicator('b')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.sort()).toEqual(['a', 'b']);
    expect(store.get('a')?.indicator).toBe('a');
    store.keep([indicator('b'), indicator('c')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.sort()).toEqual(['a', 'b', 'c']);
    expect(store.get('a')).toBeNull();
    expect(store.size).toBe(2);
  });

  it('refetches after live values at most once per interval, however many arrive', async () => {
    store.keep([indicator('a')]);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 500; i++) {
      store.touch('a');
      await vi.advanceTimersByTimeAsync(100);
    }
    // 50 s of updates at 10/s: the first fetch, then one at 30 s.
    expect(calls).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toEqual(['a', 'a', 'a']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls.length).toBe(3);
  });

  it('leaves no timer behind once disposed', async () => {
    store.keep([indicator('a')]);
    await vi.advanceTimersByTimeAsync(0);
    store.touch('a');
    store.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
