import { useCallback, useMemo, useState } from 'react';
import type { PointV1 } from '../../../shared/observations';
import type { DiscrepancyV1 } from '../../../shared/report';
import { pick, type Lang } from '../../features/i18n/i18n';
import { shortName, type CatalogIndex } from '../../features/live/catalogIndex';
import type { RecentChange } from '../../features/live/liveStore';
import { IndicatorRow } from './IndicatorRow';
import { liveText } from './text';

export interface IndicatorTableProps {
  index: CatalogIndex;
  points: ReadonlyMap<string, PointV1>;
  discrepancies: ReadonlyMap<string, DiscrepancyV1>;
  recent: readonly RecentChange[];
  lang: Lang;
}

/** Every indicator, grouped by category, with the province and each district side by side. */
export function IndicatorTable({ index, points, discrepancies, recent, lang }: IndicatorTableProps) {
  const t = liveText(lang);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const onToggle = useCallback((key: string) => {
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  // The store hands out the same point object it keeps, so identity says "this exact value arrived live".
  const justChanged = useMemo(() => new Set(recent.map((r) => r.point)), [recent]);
  const { catalog, districts } = index;
  const groups = useMemo(
    () =>
      catalog.categories
        .map((c) => ({ category: c, indicators: catalog.indicators.filter((i) => i.category === c.key) }))
        .filter((g) => g.indicators.length > 0),
    [catalog],
  );

  return (
    <div className="table-scroll">
      <table className="indicator-table">
        <thead>
          <tr>
            <th scope="col" className="col-name">{t.indicator}</th>
            <th scope="col">{t.unit}</th>
            <th scope="col" className="col-province">{t.province}</th>
            <th scope="col">{t.period}</th>
            <th scope="col">{t.source}</th>
            {districts.map((d) => (
              <th scope="col" key={d.code} className="col-district" title={pick(d.name, lang)}>
                {shortName(d, lang)}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map(({ category, indicators }) => (
          <tbody key={category.key}>
            <tr className="category-row">
              <th scope="colgroup" colSpan={5 + districts.length}>
                <span className="category-row__label">{pick(category.name, lang)}</span>
              </th>
            </tr>
            {indicators.map((ind) => (
              <IndicatorRow
                key={ind.key}
                indicator={ind}
                index={index}
                points={points}
                discrepancies={discrepancies}
                justChanged={justChanged}
                expanded={open.has(ind.key)}
                lang={lang}
                onToggle={onToggle}
              />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
