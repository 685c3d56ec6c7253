/** The start screen: a card per indicator with a target, grouped by pillar (the catalogue's categories). */
import { useMemo, useState } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import type { TargetV1 } from '../../../shared/plan';
import type { RecentChange } from '../../features/live/liveStore';
import type { SeriesStore } from '../../features/charts/seriesStore';
import { pick, type Lang } from '../../features/i18n/i18n';
import { KpiCard } from './KpiCard';
import { judge, kpiGroups } from './kpiModel';
import { kpiPageText } from './text';
import type { Disputes } from './useDisputes';
import './KpiCards.css';

export interface KpiCardsProps {
  catalog: CatalogV1;
  targets: readonly TargetV1[];
  points: ReadonlyMap<string, PointV1>;
  /** Values applied from the live feed, newest first. */
  recent: readonly RecentChange[];
  /** Read on every render; the page re-renders when a series arrives. */
  series: SeriesStore;
  disputes: Disputes;
  now: number;
  lang: Lang;
}

const NO_DISPUTES: never[] = [];

export function KpiCards({ catalog, targets, points, recent, series, disputes, now, lang }: KpiCardsProps) {
  const t = kpiPageText(lang);
  const root = catalog.pack.root;
  const groups = useMemo(() => kpiGroups(catalog, targets), [catalog, targets]);
  // Values that came on the live feed since these cards were put on screen: coming back to the tab does not flash again.
  const [shownSince] = useState(() => Date.now());
  const arrived = useMemo(
    () => new Set(recent.filter((r) => r.point.area === root && r.at >= shownSince).map((r) => `${r.point.indicator}|${r.point.version}`)),
    [recent, root, shownSince],
  );
  if (groups.length === 0) return <p className="kpi-notice">{t.noTargets}</p>;
  return (
    <div className="kpi-groups" data-testid="kpi-cards">
      {groups.map(({ category, indicators }) => {
        const cards = indicators.map((ind) => {
          const point = points.get(seriesKey({ indicator: ind.key, area: root }));
          return { ind, point, judgement: judge(ind, point, targets, root, root, now) };
        });
        const met = cards.filter((c) => c.judgement.status === 'green' && c.judgement.againstTarget).length;
        return (
          <section key={category.key} className="kpi-group" aria-labelledby={`kpi-group-${category.key}`}>
            <header className="kpi-group__head">
              <h2 id={`kpi-group-${category.key}`}>{pick(category.name, lang)}</h2>
              <span className="kpi-group__count">
                {met}/{cards.length} {t.metCount}
              </span>
            </header>
            <div className="kpi-group__cards">
              {cards.map(({ ind, point, judgement }) => (
                <KpiCard
                  key={ind.key}
                  indicator={ind}
                  point={point}
                  judgement={judgement}
                  series={series.get(ind.key)}
                  disputes={point ? (disputes.byPeriod.get(`${ind.key}|${point.ts}`) ?? NO_DISPUTES) : NO_DISPUTES}
                  arrivedLive={point !== undefined && arrived.has(`${ind.key}|${point.version}`)}
                  now={now}
                  lang={lang}
                />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
