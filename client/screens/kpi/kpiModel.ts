/**
 * What the tablet shows for one figure: the target in force for the period the figure stands for, the
 * progress towards it, and a status a leader reads at a glance. Pure, so the cards, the detail view and the
 * district list agree.
 *
 * Status against the target: green once met, amber when at least 90% of the way, red further behind; grey
 * when there is no figure or it is overdue (the wall's staleness rule). A figure with no target in force is
 * judged by the indicator's thresholds, as on the wall.
 */
import type { CatalogV1, Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import { targetFor, targetProgress, type Progress, type TargetV1 } from '../../../shared/plan';
import { isStale, statusOf, type Status } from '../../../shared/status';
import { nextPeriod, type Frequency } from '../../../shared/time';

/** `none`: a fresh figure with neither a target in force nor thresholds to judge it by. */
export type KpiStatus = Status;

export interface Judgement {
  target: TargetV1 | undefined;
  progress: Progress | undefined;
  status: KpiStatus;
  /** Whether the status comes from the target (true) or the indicator's thresholds. */
  againstTarget: boolean;
}

/** Close enough to call amber: 90% of the way from the floor. */
export const NEAR_TARGET = 0.9;

/** The last instant of the period starting at `ts`: a figure is held to the target in force when its period ends. */
export const periodEndInstant = (ts: string, frequency: Frequency): number => nextPeriod(new Date(ts), frequency).getTime() - 1;

export function judge(
  indicator: Indicator,
  point: Pick<PointV1, 'ts' | 'value'> | undefined,
  targets: readonly TargetV1[],
  area: string,
  root: string,
  now: number,
): Judgement {
  const at = point ? periodEndInstant(point.ts, indicator.frequency) : now;
  const target = targetFor(targets, { indicator: indicator.key, area, root, at });
  if (!point || isStale(indicator, point, now)) return { target, progress: undefined, status: 'grey', againstTarget: target !== undefined };
  if (!target) return { target, progress: undefined, status: statusOf(indicator, point, now), againstTarget: false };
  const progress = targetProgress(indicator.direction, indicator.range.min, point.value, target.value);
  const status = progress.met ? 'green' : progress.progress >= NEAR_TARGET ? 'amber' : 'red';
  return { target, progress, status, againstTarget: true };
}

/** Indicators with a target at the root, grouped by category in catalogue order: the cards of the start screen. */
export function kpiGroups(catalog: CatalogV1, targets: readonly TargetV1[]): { category: CatalogV1['categories'][number]; indicators: Indicator[] }[] {
  const targeted = new Set(targets.filter((t) => t.area === catalog.pack.root).map((t) => t.indicator));
  return catalog.categories
    .map((category) => ({ category, indicators: catalog.indicators.filter((i) => i.category === category.key && targeted.has(i.key)) }))
    .filter((g) => g.indicators.length > 0);
}

/** "indicator|area|ts" of a point, the key discrepancies are listed by. */
export const disputeKey = (p: Pick<PointV1, 'indicator' | 'area' | 'ts'>) => `${p.indicator}|${p.area}|${p.ts}`;
