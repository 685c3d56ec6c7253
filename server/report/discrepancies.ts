/**
 * Declared source pairs (the one-stop-shop software and the paper register, say) must agree within a
 * tolerance. After every write to such an indicator, the affected periods are checked in the same
 * transaction: a disagreement opens a discrepancy, agreement clears it. Changes go out on the live feed.
 */
import type { Indicator } from '../../shared/catalog';
import type { PointV1 } from '../../shared/observations';
import type { DiscrepancyV1 } from '../../shared/report';
import type { Catalog } from '../catalog/catalog';
import type { Queryable } from '../db/db';
import { clearDiscrepancy, currentFor, openDiscrepancy, pairValues } from './discrepancies.repo';

/** The largest difference the declared tolerance allows between two values. */
export function allowedDifference(agreement: NonNullable<Indicator['agreement']>, a: number, b: number): number {
  return agreement.relative ? agreement.tolerance * Math.max(Math.abs(a), Math.abs(b)) : agreement.tolerance;
}

export function disagree(agreement: NonNullable<Indicator['agreement']>, a: number | null, b: number | null): boolean {
  if (a === null || b === null) return false;
  // A small epsilon keeps 2.0000000001 % from counting as beyond a 2 % tolerance.
  return Math.abs(a - b) > allowedDifference(agreement, a, b) + 1e-9;
}

/** Checks the periods the changed points touched; returns the discrepancies that opened, changed or cleared. */
export async function checkAgreement(tx: Queryable, catalog: Catalog, changed: PointV1[]): Promise<DiscrepancyV1[]> {
  const byIndicator = new Map<string, Map<string, { area: string; ts: string }>>();
  for (const p of changed) {
    const agreement = catalog.indicators.get(p.indicator)?.agreement;
    if (!agreement || !agreement.sources.includes(p.source)) continue;
    const keys = byIndicator.get(p.indicator) ?? new Map();
    keys.set(`${p.area}|${p.ts}`, { area: p.area, ts: p.ts });
    byIndicator.set(p.indicator, keys);
  }
  const out: DiscrepancyV1[] = [];
  for (const [key, keyMap] of byIndicator) {
    const agreement = catalog.indicators.get(key)!.agreement!;
    const keys = [...keyMap.values()];
    const existing = new Map((await currentFor(tx, key, keys)).map((d) => [`${d.area}|${d.ts}`, d]));
    for (const { area, ts, a, b } of await pairValues(tx, key, agreement.sources, keys)) {
      const current = existing.get(`${area}|${ts}`);
      if (disagree(agreement, a, b)) {
        const same = current?.status === 'open' && current.values[0]?.value === a && current.values[1]?.value === b;
        if (!same) {
          out.push(
            await openDiscrepancy(tx, {
              indicator: key,
              area,
              ts,
              sources: [...agreement.sources],
              vals: [a!, b!],
              difference: Math.abs(a! - b!),
              allowed: allowedDifference(agreement, a!, b!),
            }),
          );
        }
      } else if (current?.status === 'open') {
        const cleared = await clearDiscrepancy(tx, key, area, ts);
        if (cleared) out.push(cleared);
      }
    }
  }
  return out;
}
