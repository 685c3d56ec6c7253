/**
 * What a unit owes: its periodic reports (monthly, quarterly, yearly figures — not machine feeds), each
 * due a number of days after its period ends. A pair (indicator, area) that a district's own People's
 * Committee may report is owed by that committee, not by the department that may also write it.
 */
import type { Indicator } from '../../shared/catalog';
import type { ObligationStatus } from '../../shared/report';
import { fromLocal, localParts, nextPeriod, periodStart, previousPeriod, type Frequency } from '../../shared/time';
import type { Catalog } from '../catalog/catalog';

export const REPORT_FREQUENCIES: readonly Frequency[] = ['P1M', 'P3M', 'P1Y'];
const DEFAULT_DUE_DAYS: Partial<Record<Frequency, number>> = { P1M: 5, P3M: 10, P1Y: 30 };

export interface Owed {
  indicator: Indicator;
  area: string;
}

export function owedBy(catalog: Catalog, unitCode: string): Owed[] {
  const scope = catalog.units.get(unitCode);
  if (!scope) return [];
  const districtUnits = [...catalog.units.values()].filter((u) => u.unit.kind === 'district');
  const out: Owed[] = [];
  for (const key of scope.unit.indicators) {
    const indicator = catalog.indicators.get(key);
    if (!indicator || indicator.computed || !REPORT_FREQUENCIES.includes(indicator.frequency)) continue;
    for (const area of scope.unit.areas) {
      if (catalog.areas.get(area)?.kind !== indicator.level) continue;
      const ownedByDistrict = scope.unit.kind !== 'district' && districtUnits.some((d) => d.areas.has(area) && d.indicators.has(key));
      if (!ownedByDistrict) out.push({ indicator, area });
    }
  }
  return out;
}

/** The moment a period's report is due: the end of the period plus the indicator's due days. */
export function dueAt(indicator: Indicator, period: Date): Date {
  const end = nextPeriod(period, indicator.frequency);
  const days = indicator.dueDays ?? DEFAULT_DUE_DAYS[indicator.frequency] ?? 0;
  const p = localParts(end);
  return fromLocal(p.year, p.month, p.day + days);
}

/** The last period that has ended at `now`. */
export function lastClosedPeriod(indicator: Indicator, now: Date): Date {
  return previousPeriod(periodStart(now, indicator.frequency), indicator.frequency);
}

export function statusOf(firstReceivedAt: Date | null, due: Date, now: Date): ObligationStatus {
  if (firstReceivedAt) return firstReceivedAt <= due ? 'submitted' : 'late';
  return now > due ? 'missing' : 'due';
}

/** Periods of an indicator that end inside the local month starting at `monthStart`. */
export function periodsEndingIn(indicator: Indicator, monthStart: Date): Date[] {
  const monthEnd = nextPeriod(monthStart, 'P1M');
  const last = previousPeriod(periodStart(monthEnd, indicator.frequency), indicator.frequency);
  const end = nextPeriod(last, indicator.frequency);
  return end > monthStart && end <= monthEnd ? [last] : [];
}
