/** The loaded region pack, indexed for the lookups ingest and the read API make on every request. */
import type { Area, Indicator, RegionPack, Unit } from '../../shared/catalog';
import type { CatalogV1 } from '../../shared/catalog';

export interface UnitScope {
  unit: Unit;
  areas: ReadonlySet<string>;
  indicators: ReadonlySet<string>;
}

export class Catalog {
  readonly areas: ReadonlyMap<string, Area>;
  readonly indicators: ReadonlyMap<string, Indicator>;
  readonly units: ReadonlyMap<string, UnitScope>;
  readonly sources: ReadonlySet<string>;
  /** Every (indicator, area) pair that can hold a value: where it is reported, and the parents it is derived for. */
  readonly series: ReadonlyArray<{ indicator: string; area: string }>;
  private readonly children = new Map<string, string[]>();

  constructor(readonly pack: RegionPack) {
    this.areas = new Map(pack.areas.map((a) => [a.code, a]));
    this.indicators = new Map(pack.indicators.map((i) => [i.key, i]));
    this.units = new Map(
      pack.units.map((u) => [u.code, { unit: u, areas: new Set(u.areas), indicators: new Set(u.indicators) }]),
    );
    this.sources = new Set(pack.sources.map((s) => s.key));
    for (const a of pack.areas) {
      if (a.parent === null) continue;
      const list = this.children.get(a.parent) ?? [];
      list.push(a.code);
      this.children.set(a.parent, list);
    }
    const series: { indicator: string; area: string }[] = [];
    for (const ind of pack.indicators) {
      const codes = new Set<string>();
      for (const a of pack.areas) {
        if (a.kind !== ind.level) continue;
        codes.add(a.code);
        if (ind.spatial.kind !== 'none') for (const up of this.ancestors(a.code)) codes.add(up);
      }
      for (const code of codes) series.push({ indicator: ind.key, area: code });
    }
    this.series = series;
  }

  get root(): string {
    return this.pack.root;
  }

  /** Parent, grandparent, … up to the root. */
  ancestors(code: string): string[] {
    const out: string[] = [];
    for (let p = this.areas.get(code)?.parent ?? null; p !== null; p = this.areas.get(p)?.parent ?? null) out.push(p);
    return out;
  }

  childrenOf(code: string): readonly string[] {
    return this.children.get(code) ?? [];
  }

  /** Depth below the root (root = 0), to derive deepest parents first. */
  depth(code: string): number {
    return this.ancestors(code).length;
  }

  toJSON(boundaries: 'schematic' | 'official'): CatalogV1 {
    const { pack } = this;
    return {
      pack: { id: pack.id, name: pack.name, root: pack.root, boundaries },
      categories: pack.categories,
      sources: pack.sources,
      areas: pack.areas,
      units: pack.units,
      indicators: pack.indicators,
    };
  }
}
