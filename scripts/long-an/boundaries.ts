/** Schematic boundaries: a hand-drawn province outline cut into the Voronoi cells of the district seats. */
import { Delaunay } from 'd3-delaunay';
import { type AreaGeometry } from '../../shared/catalog';
import { PROVINCE, DISTRICTS, STATIONS, type Pt } from './areas';
// ---------------------------------------------------------------------------------------------
// Schematic boundaries
// ---------------------------------------------------------------------------------------------

/**
 * A hand-drawn outline of the province (about 4,500 km², like the real one), [lon, lat], walking
 * clockwise from the north-west corner: the Cambodian border along Tân Hưng, Vĩnh Hưng, Kiến Tường,
 * Mộc Hóa and Đức Huệ; Tây Ninh and Hồ Chí Minh City to the north-east and east; the Soài Rạp mouth
 * at Cần Giuộc and Cần Đước; Tiền Giang to the south; Đồng Tháp to the west.
 */
export const OUTLINE: Pt[] = [
  [105.515, 10.9],
  [105.6, 10.94],
  [105.7, 10.96],
  [105.79, 10.985],
  [105.855, 10.95],
  [105.9, 10.89],
  [105.99, 10.865],
  [106.06, 10.83],
  [106.135, 10.81],
  [106.195, 10.86],
  [106.235, 10.94],
  [106.3, 11.01],
  [106.385, 11.033],
  [106.44, 10.995],
  [106.47, 10.935],
  [106.5, 10.855],
  [106.52, 10.775],
  [106.565, 10.71],
  [106.625, 10.67],
  [106.695, 10.655],
  [106.745, 10.625],
  [106.77, 10.57],
  [106.77, 10.52],
  [106.75, 10.45],
  [106.7, 10.41],
  [106.65, 10.405],
  [106.6, 10.415],
  [106.54, 10.398],
  [106.46, 10.405],
  [106.39, 10.455],
  [106.3, 10.515],
  [106.2, 10.56],
  [106.09, 10.55],
  [105.98, 10.53],
  [105.9, 10.57],
  [105.82, 10.635],
  [105.735, 10.7],
  [105.645, 10.76],
  [105.565, 10.81],
  [105.52, 10.85],
];

/** Degrees of longitude are shorter than degrees of latitude; cells are drawn in a locally true scale. */
export const KX = Math.cos((10.7 * Math.PI) / 180);
export const project = ([lon, lat]: Pt): Pt => [lon * KX, lat];
export const unproject = ([x, y]: Pt): Pt => [x / KX, y];

export const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Signed shoelace area of an open ring; positive when counter-clockwise (x east, y north). */
export function signedArea(ring: Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}
export const ccw = (ring: Pt[]) => (signedArea(ring) < 0 ? [...ring].reverse() : ring);

/**
 * Sutherland–Hodgman: clips `subject` (any simple polygon, open ring) by the convex counter-clockwise
 * polygon `clip`, keeping what lies on the left of each of its edges.
 */
export function clipByConvex(subject: Pt[], clip: Pt[]): Pt[] {
  let out = subject;
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!;
      const q = input[(j + 1) % input.length]!;
      const dp = cross(a, b, p);
      const dq = cross(a, b, q);
      if (dp >= 0) out.push(p);
      if ((dp >= 0) !== (dq >= 0)) {
        const t = dp / (dp - dq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

export const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

/** Rounds to 5 decimals, drops repeated points, orients counter-clockwise and closes the ring. */
export function finishRing(ring: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of ring) {
    const r: Pt = [round5(p[0]), round5(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  const oriented = ccw(out);
  return [...oriented, oriented[0]!];
}

/** True when no two edges of the open ring touch except neighbours at their shared vertex. */
export function isSimple(ring: Pt[]): boolean {
  const n = ring.length;
  const onSegment = (p: Pt, q: Pt, r: Pt) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  const intersects = (p1: Pt, p2: Pt, p3: Pt, p4: Pt) => {
    const d1 = cross(p3, p4, p1);
    const d2 = cross(p3, p4, p2);
    const d3 = cross(p1, p2, p3);
    const d4 = cross(p1, p2, p4);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    return (
      (d1 === 0 && onSegment(p3, p4, p1)) ||
      (d2 === 0 && onSegment(p3, p4, p2)) ||
      (d3 === 0 && onSegment(p1, p2, p3)) ||
      (d4 === 0 && onSegment(p1, p2, p4))
    );
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a vertex
      if (intersects(ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!)) return false;
    }
  }
  return true;
}

/** Even–odd ray casting; the ring may be open or closed. */
export function inside(p: Pt, ring: Pt[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Area of a lon/lat ring in km², on a local equirectangular projection. */
export function areaKm2(ring: Pt[]): number {
  const kmPerDeg = 111.32;
  return Math.abs(signedArea(ring.map(([lon, lat]) => [lon * kmPerDeg * KX, lat * kmPerDeg] as Pt)));
}

export interface Built {
  boundaries: Record<string, AreaGeometry>;
  problems: string[];
  districtAreasKm2: Record<string, number>;
}

export function buildBoundaries(): Built {
  const problems: string[] = [];
  const outline = ccw(OUTLINE.map(project));
  if (!isSimple(outline)) problems.push('the province outline crosses itself');

  const seats = DISTRICTS.map((d) => project(d.seat));
  for (const [i, d] of DISTRICTS.entries()) {
    if (!inside(seats[i]!, outline)) problems.push(`seat of ${d.code} ${d.vi} lies outside the province outline`);
  }
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const pad = 1;
  const voronoi = Delaunay.from(seats).voronoi([
    Math.min(...xs) - pad,
    Math.min(...ys) - pad,
    Math.max(...xs) + pad,
    Math.max(...ys) + pad,
  ]);

  const boundaries: Record<string, AreaGeometry> = {};
  const districtAreasKm2: Record<string, number> = {};
  const provinceRing = finishRing(OUTLINE);
  boundaries[PROVINCE] = { type: 'Polygon', coordinates: [provinceRing] };

  let total = 0;
  for (const [i, d] of DISTRICTS.entries()) {
    const cell = voronoi.cellPolygon(i) as Pt[] | null;
    if (!cell) {
      problems.push(`district ${d.code} ${d.vi} has no Voronoi cell`);
      continue;
    }
    const open = cell.slice(0, -1); // d3 closes its rings
    const clipped = clipByConvex(outline, ccw(open));
    total += Math.abs(signedArea(clipped));
    const ring = finishRing(clipped.map(unproject));
    const open2 = ring.slice(0, -1);
    if (open2.length < 3 || signedArea(open2) <= 0) {
      problems.push(`district ${d.code} ${d.vi} has an empty polygon`);
      continue;
    }
    if (!isSimple(open2)) problems.push(`district ${d.code} ${d.vi}: the outline splits its cell into pieces`);
    if (!inside(d.seat, ring)) problems.push(`seat of ${d.code} ${d.vi} lies outside its own polygon`);
    boundaries[d.code] = { type: 'Polygon', coordinates: [ring] };
    districtAreasKm2[d.code] = areaKm2(open2);
  }
  const whole = Math.abs(signedArea(outline));
  if (Math.abs(total - whole) > whole * 1e-9) {
    problems.push(`district polygons cover ${((100 * total) / whole).toFixed(4)}% of the province, not 100%`);
  }

  for (const s of STATIONS) {
    const geom = boundaries[s.parent];
    if (!geom || geom.type !== 'Polygon' || !inside(s.point, geom.coordinates[0] as Pt[])) {
      problems.push(`station ${s.code} lies outside its parent district ${s.parent}`);
    }
  }
  return { boundaries, problems, districtAreasKm2 };
}

