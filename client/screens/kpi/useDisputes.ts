/**
 * Figures in dispute between two sources that must agree, as the live store holds them: open
 * discrepancies from the snapshot, opened and cleared within a tick by the live feed.
 */
import { useMemo } from 'react';
import type { DiscrepancyV1 } from '../../../shared/report';

export interface Disputes {
  /** Open discrepancies by "indicator|area|ts". */
  byKey: ReadonlyMap<string, DiscrepancyV1>;
  /** Open discrepancies per indicator and period start, any area: a province total built on a disputed district figure. */
  byPeriod: ReadonlyMap<string, DiscrepancyV1[]>;
}

export function useDisputes(open: ReadonlyMap<string, DiscrepancyV1>): Disputes {
  return useMemo(() => {
    const byPeriod = new Map<string, DiscrepancyV1[]>();
    for (const d of open.values()) {
      const k = `${d.indicator}|${d.ts}`;
      byPeriod.set(k, [...(byPeriod.get(k) ?? []), d]);
    }
    return { byKey: open, byPeriod };
  }, [open]);
}
