/**
 * Which history a figure gets on the wall: hourly buckets over the last 24 hours for readings and counts
 * that arrive within the day, daily over 30 days for daily figures, monthly over two years for monthly and
 * quarterly reports, and over eight years for yearly ones.
 */
import type { SeriesBucketV1 } from '../../../shared/api';
import { bucketStart, type Bucket, type Frequency } from '../../../shared/time';

export interface SeriesSpan {
  bucket: Bucket;
  /** Length of the window ending now, in ms. */
  spanMs: number;
}

const DAY = 86_400_000;

export function seriesSpan(frequency: Frequency): SeriesSpan {
  switch (frequency) {
    case 'PT15M':
    case 'PT1H':
      return { bucket: 'hour', spanMs: DAY };
    case 'P1D':
      return { bucket: 'day', spanMs: 30 * DAY };
    case 'P1M':
    case 'P3M':
      return { bucket: 'month', spanMs: 730 * DAY };
    case 'P1Y':
      return { bucket: 'month', spanMs: 8 * 366 * DAY };
  }
}

export function seriesQuery(indicator: string, area: string, frequency: Frequency, now: number): string {
  const { bucket, spanMs } = seriesSpan(frequency);
  const q = new URLSearchParams({
    indicator,
    area,
    bucket,
    from: new Date(now - spanMs).toISOString(),
    to: new Date(now).toISOString(),
  });
  return `/api/v1/series?${q}`;
}

export interface Change {
  previous: number;
  /** Start of the bucket compared against (ISO). */
  previousStart: string;
  delta: number;
}

/**
 * The shown value against the previous period: the last bucket that starts before the bucket of the value
 * shown (yesterday for a daily figure, the hour before for a reading, the previous report for a quarterly one).
 */
export function changeAgainstPrevious(value: number, ts: string, buckets: readonly SeriesBucketV1[], bucket: Bucket): Change | null {
  const current = bucketStart(new Date(ts), bucket).getTime();
  for (let i = buckets.length - 1; i >= 0; i--) {
    const b = buckets[i]!;
    if (Date.parse(b.start) < current) return { previous: b.value, previousStart: b.start, delta: value - b.value };
  }
  return null;
}

/** Bucket values to draw, with the live value standing in for its bucket until the series is fetched again. */
export function withLatest(buckets: readonly SeriesBucketV1[], latest: { ts: string; value: number } | undefined, bucket: Bucket): { t: number; v: number }[] {
  const out = buckets.map((b) => ({ t: Date.parse(b.start), v: b.value }));
  if (!latest) return out;
  const t = bucketStart(new Date(latest.ts), bucket).getTime();
  const last = out[out.length - 1];
  if (!last || last.t < t) out.push({ t, v: latest.value });
  return out;
}
