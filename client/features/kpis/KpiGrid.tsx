/** The step's KPI tiles, laid out to fill their panel whatever their number (6 to 10). */
import type { Indicator } from '../../../shared/catalog';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import type { Lang } from '../i18n/i18n';
import type { SeriesStore } from '../charts/seriesStore';
import { KpiTile } from './KpiTile';
import './KpiGrid.css';

export interface KpiGridProps {
  indicators: readonly Indicator[];
  root: string;
  points: ReadonlyMap<string, PointV1>;
  /** Read on every render; the page re-renders when a series arrives. */
  series: SeriesStore;
  now: number;
  lang: Lang;
}

export function KpiGrid({ indicators, root, points, series, now, lang }: KpiGridProps) {
  const rows = Math.ceil(indicators.length / 2);
  return (
    <section className="kpi-grid" style={{ gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }} data-testid="kpi-grid">
      {indicators.map((ind) => (
        <KpiTile
          key={ind.key}
          indicator={ind}
          point={points.get(seriesKey({ indicator: ind.key, area: root }))}
          series={series.get(ind.key)}
          now={now}
          lang={lang}
        />
      ))}
    </section>
  );
}
