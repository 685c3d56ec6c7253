/** Catalogue names and formats for the report sections: keys in, what a person reads out. */
import type { CatalogV1, Indicator } from '../../../shared/catalog';
import type { Lang } from '../../features/i18n/i18n';
import { formatNumber, formatPeriod } from '../../features/live/format';

export interface ReportNames {
  catalog: CatalogV1;
  indicator(key: string): Indicator | undefined;
  indicatorName(key: string): string;
  areaName(code: string): string;
  sourceName(key: string): string;
  /** In the indicator's decimals, Vietnamese style for vi. */
  value(indicator: string, value: number): string;
  /** "tháng 5/2022", "quý 2/2022": the period in the indicator's frequency. */
  period(indicator: string, ts: string): string;
}

export function reportNames(catalog: CatalogV1, lang: Lang): ReportNames {
  const indicators = new Map(catalog.indicators.map((i) => [i.key, i]));
  const areas = new Map(catalog.areas.map((a) => [a.code, a.name[lang]]));
  const sources = new Map(catalog.sources.map((s) => [s.key, s.name[lang]]));
  return {
    catalog,
    indicator: (key) => indicators.get(key),
    indicatorName: (key) => indicators.get(key)?.name[lang] ?? key,
    areaName: (code) => areas.get(code) ?? code,
    sourceName: (key) => sources.get(key) ?? key,
    value: (key, value) => formatNumber(value, indicators.get(key)?.decimals ?? 2, lang),
    period: (key, ts) => {
      const ind = indicators.get(key);
      return ind ? formatPeriod(ts, ind.frequency, lang) : ts;
    },
  };
}
