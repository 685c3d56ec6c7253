/** Where to put a district's label and what box the map must show, from the served boundaries. */
import type { AreaGeometry } from '../../../shared/catalog';

export interface BoundaryFeature {
  type: 'Feature';
  id?: string | number;
  properties: { code: string; kind: string; name_vi: string; name_en: string; origin: 'schematic' | 'official' };
  geometry: AreaGeometry;
}

/** GET /api/v1/boundaries */
export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}

export type LngLat = [number, number];
export type Bounds = [LngLat, LngLat];

/** Signed area and centroid of a ring (shoelace formula, in degrees: fine at a province's scale). */
function ringCentroid(ring: number[][]): { area: number; at: LngLat } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  area /= 2;
  if (area === 0) return { area: 0, at: (ring[0] as LngLat | undefined) ?? [0, 0] };
  return { area, at: [cx / (6 * area), cy / (6 * area)] };
}

/** Centroid of the largest outer ring: for the shapes of districts it falls inside, where a label belongs. */
export function labelPoint(geometry: AreaGeometry): LngLat {
  const outers = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  let best: { area: number; at: LngLat } | null = null;
  for (const ring of outers) {
    if (!ring || ring.length < 3) continue;
    const c = ringCentroid(ring);
    if (!best || Math.abs(c.area) > Math.abs(best.area)) best = c;
  }
  return best?.at ?? [0, 0];
}

export function boundsOf(features: readonly BoundaryFeature[]): Bounds | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of features) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const polygon of polygons) {
      for (const [x, y] of polygon[0] ?? []) {
        minX = Math.min(minX, x!);
        minY = Math.min(minY, y!);
        maxX = Math.max(maxX, x!);
        maxY = Math.max(maxY, y!);
      }
    }
  }
  return Number.isFinite(minX) ? [[minX, minY], [maxX, maxY]] : null;
}
