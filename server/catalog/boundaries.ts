/** Matching an official boundary file's features to the catalogue's areas, by GSO code or by name. */
import { AreaGeometry, type Area } from '../../shared/catalog';
import { AppError } from '../errors';

const CODE_FIELDS = ['code', 'gso', 'gso_code', 'ma', 'ma_dvhc', 'ma_huyen', 'ma_xa', 'ma_tinh', 'adm2_pcode', 'id'];
const NAME_FIELDS = ['name', 'name_vi', 'ten', 'ten_dvhc', 'ten_huyen', 'ten_xa', 'name_2', 'name_3', 'adm2_vi', 'adm2_en', 'name_en'];
const PREFIXES = /^(thanh pho|thi xa|thi tran|huyen|quan|xa|phuong|tp\.?|tx\.?|city of|district|town|city)\s+/;
const SUFFIXES = /\s+(city|town|district|commune|ward)$/;

/** "Huyện Đức Hòa", "DUC HOA", "Duc Hoa District" all become "duc hoa". */
export function normaliseName(name: string): string {
  let s = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(PREFIXES, '').replace(SUFFIXES, '');
  // Official names differ in where the tone mark sits (Hòa/Hoà) — gone with the diacritics — and in
  // whether a leading zero pads a code; names here are compared bare.
  return s.replace(/\s+/g, ' ').trim();
}

export interface BoundaryImport {
  matched: Map<string, AreaGeometry>;
  report: { feature: number; area?: string; by?: 'code' | 'name'; problem?: string }[];
}

function prop(props: Record<string, unknown>, fields: string[]): string[] {
  const lower = new Map(Object.entries(props).map(([k, v]) => [k.toLowerCase(), v]));
  return fields.flatMap((f) => {
    const v = lower.get(f);
    return v === undefined || v === null || v === '' ? [] : [String(v)];
  });
}

export function matchBoundaries(geojson: unknown, areas: readonly Area[]): BoundaryImport {
  const fc = geojson as { type?: string; features?: unknown[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new AppError('bad-request', 400, 'the file must be a GeoJSON FeatureCollection');
  }
  const byCode = new Map(areas.map((a) => [a.code.replace(/^0+/, ''), a]));
  const byName = new Map<string, Area>();
  for (const a of areas) {
    byName.set(normaliseName(a.name.vi), a);
    byName.set(normaliseName(a.name.en), a);
  }
  const matched = new Map<string, AreaGeometry>();
  const report: BoundaryImport['report'] = [];
  fc.features.forEach((f, feature) => {
    const feat = f as { geometry?: unknown; properties?: Record<string, unknown> | null };
    const props = feat.properties ?? {};
    let area: Area | undefined;
    let by: 'code' | 'name' | undefined;
    for (const c of prop(props, CODE_FIELDS)) {
      area = byCode.get(c.trim().replace(/^0+/, ''));
      if (area) {
        by = 'code';
        break;
      }
    }
    if (!area) {
      for (const n of prop(props, NAME_FIELDS)) {
        area = byName.get(normaliseName(n));
        if (area) {
          by = 'name';
          break;
        }
      }
    }
    if (!area) {
      report.push({ feature, problem: `no area matches properties ${JSON.stringify(props).slice(0, 200)}` });
      return;
    }
    const geometry = AreaGeometry.safeParse(feat.geometry);
    if (!geometry.success) {
      report.push({ feature, area: area.code, by, problem: 'geometry must be a Polygon or MultiPolygon' });
      return;
    }
    if (matched.has(area.code)) {
      report.push({ feature, area: area.code, by, problem: `a second feature matches area ${area.code}; the first is kept` });
      return;
    }
    matched.set(area.code, geometry.data);
    report.push({ feature, area: area.code, by });
  });
  return { matched, report };
}
