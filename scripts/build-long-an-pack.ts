/**
 * Builds the Long An 2022 demo region pack, packs/long-an.json.
 *
 *   npx tsx scripts/build-long-an-pack.ts
 *
 * The pack is validated with the RegionPack schema and checkPack, plus the checks below that neither
 * can see (owners can write what they own, every district polygon holds its own seat, stations sit in
 * their parent district). Any problem aborts the build and nothing is written.
 *
 * Boundaries are schematic: a hand-drawn outline of the province, cut into the Voronoi cells of the 15
 * real district seats. They are not official boundaries; `cityops boundaries import FILE.geojson`
 * replaces them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGION_PACK_FORMAT, RegionPack, type Area } from '../shared/catalog';
import { checkPack } from '../server/catalog/pack';
import { longAnPlan } from './long-an-plan';
import { PROVINCE, areas, type Pt } from './long-an/areas';
import { categories, sources, indicators } from './long-an/indicators';
import { units } from './long-an/units';
import { areaKm2, buildBoundaries } from './long-an/boundaries';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packs/long-an.json');

// ---------------------------------------------------------------------------------------------
// Assemble, check, write
// ---------------------------------------------------------------------------------------------

/** Rules checkPack does not enforce but this pack promises: each figure can actually be written. */
function writabilityProblems(pack: RegionPack): string[] {
  const problems: string[] = [];
  const kindOf = new Map(pack.areas.map((a) => [a.code, a.kind]));
  const byCode = new Map(pack.units.map((u) => [u.code, u]));
  for (const ind of pack.indicators) {
    const owner = byCode.get(ind.owner);
    if (!owner || ind.computed) continue; // checkPack reports a missing owner; computed figures have no writer
    if (!owner.indicators.includes(ind.key)) problems.push(`owner ${owner.code} may not write its indicator ${ind.key}`);
    if (!owner.areas.some((c) => kindOf.get(c) === ind.level)) {
      problems.push(`owner ${owner.code} has no ${ind.level} area to write ${ind.key} to`);
    }
    if (ind.spatial.kind === 'none' && ind.level !== 'province') problems.push(`${ind.key}: spatial "none" below the province`);
  }
  for (const u of pack.units) {
    for (const k of u.indicators) {
      const ind = pack.indicators.find((i) => i.key === k);
      if (ind && !u.areas.some((c) => kindOf.get(c) === ind.level)) {
        problems.push(`unit ${u.code} writes ${k} (${ind.level} level) but has no ${ind.level} area`);
      }
    }
  }
  return problems;
}

function main() {
  const built = buildBoundaries();
  const draft = {
    format: REGION_PACK_FORMAT,
    id: 'long-an-2022',
    name: { vi: 'Long An 2022 (dữ liệu minh họa)', en: 'Long An 2022 (demo)' },
    root: PROVINCE,
    categories,
    sources,
    areas,
    units,
    indicators,
    boundaries: {
      origin: 'schematic',
      note: {
        vi:
          'Ranh giới sơ đồ do dự án CityOps tự vẽ quanh vị trí thật của trụ sở các huyện, thị xã, thành phố; ' +
          'không phải địa giới hành chính chính thức. Thay bằng ranh giới chính thức với lệnh ' +
          '`cityops boundaries import FILE.geojson`.',
        en:
          'Schematic shapes drawn by the CityOps project around the real district seats; these are not official ' +
          'administrative boundaries. Replace them with official ones using `cityops boundaries import FILE.geojson`.',
      },
      areas: built.boundaries,
    },
    plan: longAnPlan,
  };

  const parsed = RegionPack.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`schema: ${issue.path.join('.')}: ${issue.message}`);
    throw new Error('the Long An pack does not follow the RegionPack schema');
  }
  const pack = parsed.data;
  const problems = [
    ...checkPack(pack).map((p) => `${p.path}: ${p.message}`),
    ...writabilityProblems(pack),
    ...built.problems,
  ];
  if (problems.length > 0) {
    for (const p of problems) console.error(`problem: ${p}`);
    throw new Error(`the Long An pack has ${problems.length} problem(s); nothing written`);
  }

  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(pack, null, 2)}\n`);

  const count = (kind: Area['kind']) => pack.areas.filter((a) => a.kind === kind).length;
  const ring = (pack.boundaries.areas[PROVINCE]!.coordinates as number[][][])[0]!;
  const lons = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  const sizes = Object.entries(built.districtAreasKm2).map(([c, a]) => `${c} ${Math.round(a)}`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  console.log(
    `areas: ${pack.areas.length} (province ${count('province')}, districts ${count('district')}, stations ${count('station')})`,
  );
  console.log(`units: ${pack.units.length}, indicators: ${pack.indicators.length}, categories: ${pack.categories.length}, sources: ${pack.sources.length}`);
  console.log(
    `boundaries: ${Object.keys(pack.boundaries.areas).length} polygons, bbox lon ${Math.min(...lons)}–${Math.max(...lons)}, lat ${Math.min(...lats)}–${Math.max(...lats)}, ` +
      `province ≈ ${Math.round(areaKm2(ring.slice(0, -1) as Pt[]))} km²`,
  );
  console.log(`district areas, km²: ${sizes.join(', ')}`);
}

main();
