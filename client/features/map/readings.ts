/** The values the map, its legend and the ranking show for one indicator, with each area's status. */
import type { Area, CatalogV1, Indicator } from '../../../shared/catalog';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import { statusOf } from '../../../shared/status';
import type { CatalogIndex } from '../live/catalogIndex';
import { colourScaleFor, type ColourScale } from './colourScale';
import type { AreaStatus } from './palette';

export interface AreaReading {
  area: Area;
  point: PointV1 | undefined;
  status: AreaStatus;
}

export interface MapReadings {
  indicator: Indicator;
  districts: AreaReading[];
  /** Stations that can hold a value of the indicator; empty for figures reported per district. */
  stations: AreaReading[];
  scale: ColourScale;
}

const holding = new WeakMap<CatalogV1, Map<string, ReadonlySet<string>>>();

/**
 * Areas that can hold a value of the indicator: where some unit may report it, and the areas above them
 * it is derived for. Narrower than "every area of the indicator's level": salinity is measured at the six
 * river stations, not at the air-quality ones, so the districts around those stay "no station".
 */
export function areasHolding(catalog: CatalogV1, indicator: Indicator): ReadonlySet<string> {
  let byIndicator = holding.get(catalog);
  if (!byIndicator) holding.set(catalog, (byIndicator = new Map()));
  const cached = byIndicator.get(indicator.key);
  if (cached) return cached;
  const areas = new Map(catalog.areas.map((a) => [a.code, a]));
  const out = new Set<string>();
  for (const unit of catalog.units) {
    if (!unit.indicators.includes(indicator.key)) continue;
    for (const code of unit.areas) {
      if (areas.get(code)?.kind !== indicator.level) continue;
      out.add(code);
      if (indicator.spatial.kind === 'none') continue;
      for (let p = areas.get(code)?.parent ?? null; p !== null; p = areas.get(p)?.parent ?? null) out.add(p);
    }
  }
  byIndicator.set(indicator.key, out);
  return out;
}

function readingOf(area: Area, indicator: Indicator, points: ReadonlyMap<string, PointV1>, applicable: boolean, now: number): AreaReading {
  if (!applicable) return { area, point: undefined, status: 'na' };
  const point = points.get(seriesKey({ indicator: indicator.key, area: area.code }));
  // statusOf calls a missing value grey; on the map "nothing yet" and "overdue" are told apart.
  return { area, point, status: point ? statusOf(indicator, point, now) : 'empty' };
}

export function mapReadings(index: CatalogIndex, indicator: Indicator, points: ReadonlyMap<string, PointV1>, now: number): MapReadings {
  const holds = areasHolding(index.catalog, indicator);
  const districts = index.districts.map((d) => readingOf(d, indicator, points, holds.has(d.code), now));
  const stations = index.catalog.areas
    .filter((a) => a.kind === 'station' && holds.has(a.code))
    .map((s) => readingOf(s, indicator, points, true, now));
  const values = districts.flatMap((r) => (r.point && r.status !== 'grey' ? [r.point.value] : []));
  return { indicator, districts, stations, scale: colourScaleFor(indicator, values) };
}

/** Districts best first by the indicator's direction; those without a value follow, then those that cannot have one. */
export function rankDistricts(readings: MapReadings): AreaReading[] {
  const sign = readings.indicator.direction === 'higher' ? -1 : 1;
  const order = (r: AreaReading) => (r.status === 'na' ? 2 : r.point ? 0 : 1);
  return [...readings.districts].sort((a, b) => {
    const byGroup = order(a) - order(b);
    if (byGroup !== 0) return byGroup;
    if (a.point && b.point && a.point.value !== b.point.value) return sign * (a.point.value - b.point.value);
    return a.area.code.localeCompare(b.area.code);
  });
}
