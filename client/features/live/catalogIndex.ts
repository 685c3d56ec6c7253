/** Lookups a screen needs over the catalogue: which series exist, the districts in order, names to show. */
import type { Area, CatalogV1, Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import { commonText, type Lang } from '../i18n/i18n';

export interface CatalogIndex {
  catalog: CatalogV1;
  areas: ReadonlyMap<string, Area>;
  /** Areas directly under the root, in catalogue order. */
  districts: readonly Area[];
  /** Per indicator, the areas that can hold a value: where it is reported and the parents derived from them. */
  seriesAreas: ReadonlyMap<string, ReadonlySet<string>>;
  /** Where a value comes from; a derived value carries its coverage, and says so. */
  sourceName(point: PointV1, lang: Lang): string;
  /** Children of `area` that can hold a value of `indicator`: the denominator of a derived value's coverage. */
  childCount(indicator: string, area: string): number;
  /** Areas below the root holding `indicator`, each followed by its own children (district, its stations, …). */
  areasBelowRoot(indicator: string): Area[];
}

function ancestors(areas: ReadonlyMap<string, Area>, code: string): string[] {
  const out: string[] = [];
  for (let p = areas.get(code)?.parent ?? null; p !== null; p = areas.get(p)?.parent ?? null) out.push(p);
  return out;
}

/** The same rule as the server's `Catalog.series`, so "no data yet" is only said where data can exist. */
function seriesAreasOf(ind: Indicator, catalog: CatalogV1, areas: ReadonlyMap<string, Area>): Set<string> {
  const codes = new Set<string>();
  for (const a of catalog.areas) {
    if (a.kind !== ind.level) continue;
    codes.add(a.code);
    if (ind.spatial.kind !== 'none') for (const up of ancestors(areas, a.code)) codes.add(up);
  }
  return codes;
}

export function indexCatalog(catalog: CatalogV1): CatalogIndex {
  const areas = new Map(catalog.areas.map((a) => [a.code, a]));
  const sources = new Map(catalog.sources.map((s) => [s.key, s.name]));
  const seriesAreas = new Map(catalog.indicators.map((ind) => [ind.key, seriesAreasOf(ind, catalog, areas)]));
  return {
    catalog,
    areas,
    districts: catalog.areas.filter((a) => a.parent === catalog.pack.root),
    seriesAreas,
    // Tested by coverage rather than the "derived" source key: importing that constant would pull zod into the page.
    sourceName: (point, lang) => (point.coverage !== null ? commonText(lang).derivedSource : (sources.get(point.source)?.[lang] ?? point.source)),
    areasBelowRoot: (indicator) => {
      const set = seriesAreas.get(indicator) ?? new Set<string>();
      const out: Area[] = [];
      const visit = (parent: string) => {
        for (const a of catalog.areas) {
          if (a.parent !== parent || !set.has(a.code)) continue;
          out.push(a);
          visit(a.code);
        }
      };
      visit(catalog.pack.root);
      return out;
    },
    childCount: (indicator, area) => {
      const set = seriesAreas.get(indicator);
      return set ? catalog.areas.filter((a) => a.parent === area && set.has(a.code)).length : 0;
    },
  };
}

/** "Tân An" for "Thành phố Tân An", "Tan An" for "Tan An City": enough in a narrow column. */
export function shortName(area: Area, lang: Lang): string {
  const name = area.name[lang];
  const sub = area.subkind?.[lang].toLowerCase();
  if (!sub) return name;
  const lower = name.toLowerCase();
  if (lower.startsWith(`${sub} `)) return name.slice(sub.length + 1);
  if (lower.endsWith(` ${sub}`)) return name.slice(0, -sub.length - 1);
  return name;
}
