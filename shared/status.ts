/**
 * What colour a figure gets on the wall: red, amber or green against its thresholds, and grey once the
 * value that should have followed it is overdue. Pure, so the map, the tiles and the tests agree.
 *
 * Staleness, precisely. A value stands for its period [start, end). The value for the period after it
 * is filed once that period has closed, within a reporting window (`REPORTING_GRACE_MS`): a sensor's
 * 15-minute reading within 5 minutes, an hourly count within 15 minutes, a daily figure by noon the
 * next day, a monthly, quarterly or yearly report within 15 days. The value shown turns grey when that
 * next value is overdue:
 *
 *     grey  ⇔  now ≥ nextPeriod(nextPeriod(start)) + REPORTING_GRACE_MS[frequency]
 *
 * So with April the latest monthly figure, May's is due in June and the tile turns grey on 16 June
 * 00:00; with May the latest, it stays coloured through June and until 16 July. A salinity reading for
 * 14:00–14:15 stays coloured until 14:35. Values timestamped in the future are never stale.
 */
import type { Indicator } from './catalog';
import type { PointV1 } from './observations';
import { nextPeriod, type Frequency } from './time';

/** `none`: fresh, but the indicator has no thresholds to judge it by. */
export type Status = 'red' | 'amber' | 'green' | 'grey' | 'none';
export type Band = 'red' | 'amber' | 'green';

export const REPORTING_GRACE_MS: Record<Frequency, number> = {
  PT15M: 5 * 60_000,
  PT1H: 15 * 60_000,
  P1D: 12 * 3_600_000,
  P1M: 15 * 86_400_000,
  P3M: 15 * 86_400_000,
  P1Y: 15 * 86_400_000,
};

type Judged = Pick<Indicator, 'direction' | 'thresholds'>;

/**
 * The band a value falls in. Higher is better: red below `red`, amber below `amber`. Lower is better:
 * red at or above `red`, amber at or above `amber`. Undefined without thresholds.
 */
export function bandOf(indicator: Judged, value: number): Band | undefined {
  const t = indicator.thresholds;
  if (!t) return undefined;
  if (indicator.direction === 'higher') {
    if (value < t.red) return 'red';
    if (value < t.amber) return 'amber';
    return 'green';
  }
  if (value >= t.red) return 'red';
  if (value >= t.amber) return 'amber';
  return 'green';
}

/** The instant from which a value for the period starting at `periodStart` counts as stale. */
export function staleFrom(periodStart: Date, frequency: Frequency): Date {
  const nextEnds = nextPeriod(nextPeriod(periodStart, frequency), frequency);
  return new Date(nextEnds.getTime() + REPORTING_GRACE_MS[frequency]);
}

export function isStale(indicator: Pick<Indicator, 'frequency'>, point: Pick<PointV1, 'ts'>, now: Date | number): boolean {
  const at = typeof now === 'number' ? now : now.getTime();
  return at >= staleFrom(new Date(point.ts), indicator.frequency).getTime();
}

export function statusOf(
  indicator: Pick<Indicator, 'direction' | 'thresholds' | 'frequency'>,
  point: Pick<PointV1, 'ts' | 'value'> | undefined,
  now: Date | number,
): Status {
  if (!point || isStale(indicator, point, now)) return 'grey';
  return bandOf(indicator, point.value) ?? 'none';
}
