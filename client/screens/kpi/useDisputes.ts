/**
 * Figures in dispute between two sources that must agree (GET /api/v1/discrepancies), re-read every minute
 * and whenever the tablet reconnects. Without that endpoint nothing is marked disputed.
 */
import { useMemo } from 'react';
import type { DiscrepanciesV1, DiscrepancyV1 } from '../../../shared/report';
import { disputeKey } from './kpiModel';
import { useResource } from './useResource';

export interface Disputes {
  /** Open discrepancies by "indicator|area|ts". */
  byKey: ReadonlyMap<string, DiscrepancyV1>;
  /** Open discrepancies per indicator and period start, any area: a province total built on a disputed district figure. */
  byPeriod: ReadonlyMap<string, DiscrepancyV1[]>;
}

export function useDisputes(reloadKey: number): Disputes {
  const { data } = useResource<DiscrepanciesV1>('/api/v1/discrepancies?status=open', reloadKey);
  return useMemo(() => {
    const byKey = new Map<string, DiscrepancyV1>();
    const byPeriod = new Map<string, DiscrepancyV1[]>();
    for (const d of data?.discrepancies ?? []) {
      if (d.status !== 'open') continue;
      byKey.set(disputeKey(d), d);
      const k = `${d.indicator}|${d.ts}`;
      byPeriod.set(k, [...(byPeriod.get(k) ?? []), d]);
    }
    return { byKey, byPeriod };
  }, [data]);
}
