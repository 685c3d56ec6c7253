/**
 * What the ticker lists: values units sent, newest first. Values the server derived for districts and the
 * province are left out: they repeat what a unit just sent and would crowd it off the screen.
 */
import type { Area, CatalogV1, Indicator, Unit } from '../../../shared/catalog';
import type { RecentChange } from '../live/liveStore';

export interface TickerItem {
  id: string;
  at: number;
  value: number;
  ts: string;
  indicator: Indicator;
  area: Area;
  /** The unit that sent this value (see `reportingUnits`). */
  unit: Unit | undefined;
}

/**
 * Who sent a value: the unit the point names when it names one; otherwise the catalogue's answer — of the
 * units allowed to write the indicator for the area, the most local one (a district's own office before the
 * provincial one), then the indicator's owner.
 */
export function reportingUnits(catalog: CatalogV1): (indicator: string, area: string, sender?: string | null) => Unit | undefined {
  const chosen = new Map<string, Unit>();
  const owners = new Map(catalog.indicators.map((i) => [i.key, i.owner]));
  for (const unit of catalog.units) {
    for (const indicator of unit.indicators) {
      for (const area of unit.areas) {
        const id = `${indicator}|${area}`;
        const other = chosen.get(id);
        const better =
          !other || unit.areas.length < other.areas.length || (unit.areas.length === other.areas.length && unit.code === owners.get(indicator));
        if (better) chosen.set(id, unit);
      }
    }
  }
  const byCode = new Map(catalog.units.map((u) => [u.code, u]));
  return (indicator, area, sender) => (sender ? byCode.get(sender) : undefined) ?? chosen.get(`${indicator}|${area}`);
}

export function tickerItems(
  recent: readonly RecentChange[],
  indicators: ReadonlyMap<string, Indicator>,
  areas: ReadonlyMap<string, Area>,
  unitOf: (indicator: string, area: string, sender?: string | null) => Unit | undefined,
  limit: number,
): TickerItem[] {
  const out: TickerItem[] = [];
  for (const { point, at } of recent) {
    if (out.length >= limit) break;
    if (point.coverage !== null) continue;
    const indicator = indicators.get(point.indicator);
    const area = areas.get(point.area);
    if (!indicator || !area) continue;
    out.push({
      id: `${point.indicator}|${point.area}|${point.version}`,
      at,
      value: point.value,
      ts: point.ts,
      indicator,
      area,
      unit: unitOf(point.indicator, point.area, point.unit),
    });
  }
  return out;
}
