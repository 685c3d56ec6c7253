/**
 * Resolving what a reporter writes in a CSV cell — a key, a GSO code, or a name in Vietnamese or English,
 * with or without diacritics — to the catalogue's key. A name two entries share resolves to neither.
 */
import type { Area, Indicator, Source } from '../../shared/catalog';
import type { Frequency } from '../../shared/time';
import { fold } from '../../shared/text';

export interface CsvIndicatorRef {
  key: string;
  frequency: Frequency;
  /** Measured in %: a "%" after the value is then expected rather than a mistake. */
  percent: boolean;
  /** Reported as whole numbers (no decimals): a count of dossiers, households, people. */
  integer: boolean;
}

/** What `readCsv` needs from the catalogue; the caller may narrow it (e.g. to one unit's areas). */
export interface CsvLookup {
  indicator(text: string): CsvIndicatorRef | undefined;
  area(text: string): string | undefined;
  source(text: string): string | undefined;
}


/** Keys that map to more than one target are dropped: better "unknown" than the wrong district. */
class Names<T> {
  private readonly map = new Map<string, T | null>();

  add(name: string, target: T, same: (a: T, b: T) => boolean = Object.is): void {
    const k = fold(name);
    if (!k) return;
    const had = this.map.get(k);
    if (had === undefined) this.map.set(k, target);
    else if (had !== null && !same(had, target)) this.map.set(k, null);
  }

  get(name: string): T | undefined {
    return this.map.get(fold(name)) ?? undefined;
  }
}

/** Prefixes people write before a district's name, in full or abbreviated: "TP. Tân An", "H. Đức Hòa". */
const AREA_PREFIX = /^(thanh pho|tp\.?|thi xa|tx\.?|huyen|h\.|quan|q\.|tinh|xa|phuong|p\.|thi tran|tt\.?)\s*/;

/** "Tân An" for "Thành phố Tân An" (subkind "thành phố"), "Tan An" for "Tan An City". */
function shortNames(area: Area): string[] {
  const out: string[] = [];
  for (const lang of ['vi', 'en'] as const) {
    const name = fold(area.name[lang]);
    const sub = area.subkind ? fold(area.subkind[lang]) : '';
    if (sub && name.startsWith(`${sub} `)) out.push(name.slice(sub.length + 1));
    else if (sub && name.endsWith(` ${sub}`)) out.push(name.slice(0, -sub.length - 1));
  }
  return out;
}

export function catalogLookup(catalog: { indicators: readonly Indicator[]; areas: readonly Area[]; sources: readonly Source[] }): CsvLookup {
  const indicators = new Names<CsvIndicatorRef>();
  for (const ind of catalog.indicators) {
    // Computed figures are not reported by anyone: leaving them out makes a CSV row naming one unknown.
    if (ind.computed) continue;
    const ref = { key: ind.key, frequency: ind.frequency, percent: ind.unit.vi.trim() === '%', integer: ind.decimals === 0 };
    for (const name of [ind.key, ind.name.vi, ind.name.en]) indicators.add(name, ref, (a, b) => a.key === b.key);
  }
  const areas = new Names<string>();
  for (const a of catalog.areas) {
    for (const name of [a.code, a.name.vi, a.name.en, ...shortNames(a)]) areas.add(name, a.code);
  }
  const sources = new Names<string>();
  for (const s of catalog.sources) for (const name of [s.key, s.name.vi, s.name.en]) sources.add(name, s.key);

  return {
    indicator: (text) => indicators.get(text),
    area: (text) => {
      const direct = areas.get(text);
      if (direct !== undefined) return direct;
      const folded = fold(text);
      // Excel drops leading zeros of a code typed as a number ("0794" → 794); a code with them still matches.
      if (/^0+\d+$/.test(folded)) return areas.get(folded.replace(/^0+/, ''));
      const bare = folded.replace(AREA_PREFIX, '');
      return bare !== folded ? areas.get(bare) : undefined;
    },
    source: (text) => sources.get(text),
  };
}
