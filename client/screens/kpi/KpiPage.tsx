/**
 * The leaders' tablet (`/kpi`): KPI cards against their targets, an indicator's detail, the composite index
 * with "why it moved", and the year's roadmap. Figures arrive live; without a network the last loaded data
 * stays on screen with its time and an offline mark.
 */
import { useEffect, useMemo } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import type { TargetsV1 } from '../../../shared/plan';
import type { ScreenProps } from '../../App';
import { useProvinceSeries } from '../../features/charts/useProvinceSeries';
import { commonText, pick } from '../../features/i18n/i18n';
import { useNow } from '../../features/kpis/useNow';
import { indexCatalog } from '../../features/live/catalogIndex';
import { useCatalog } from '../../features/live/useCatalog';
import { useLive, type LiveView } from '../../features/live/useLive';
import { IndexView } from './IndexView';
import { IndicatorDetail } from './IndicatorDetail';
import { KpiCards } from './KpiCards';
import { KpiHeader } from './KpiHeader';
import { kpiGroups } from './kpiModel';
import { OfflineMark } from './OfflineMark';
import { RoadmapView } from './RoadmapView';
import { kpiPageText } from './text';
import { useDisputes } from './useDisputes';
import { useKpiRoute, type KpiRoute } from './useKpiRoute';
import { useOnline } from './useOnline';
import { useReconnects, useSettled } from './useRefresh';
import { useResource } from './useResource';
import './KpiPage.css';

/** Staleness is re-checked this often; arriving figures re-render anyway. */
const NOW_TICK_MS = 30_000;
/** Figures derived from many (discrepancies, the index) are read again at most this often while they move. */
const SETTLE_MS = 60_000;

export function KpiPage({ lang }: ScreenProps) {
  const t = kpiPageText(lang);
  const { state: catalogState, onRetry } = useCatalog();
  const live = useLive();
  const online = useOnline();
  const { route, onNavigate } = useKpiRoute();
  const catalog = catalogState.catalog;
  // The browser knows it has no network before the socket gives up: believe it.
  const state = online ? live.state : 'offline';
  const cutOff = live.dataAsOf !== null && state !== 'live' && state !== 'connecting';

  useEffect(() => {
    document.title = catalog ? `${t.pageTitle} — ${pick(catalog.pack.name, lang)}` : t.pageTitle;
  }, [catalog, lang, t.pageTitle]);

  return (
    <div className={cutOff ? 'kpi-page kpi-page--cut-off' : 'kpi-page'} data-testid="kpi-page" data-view={route.view} data-state={state}>
      <div className="kpi-top">
        {/* With the offline mark below it, the badge need not repeat the time. */}
        <KpiHeader packName={catalog ? pick(catalog.pack.name, lang) : null} route={route} state={state} dataAsOf={cutOff ? null : live.dataAsOf} lang={lang} />
        {cutOff && <OfflineMark offline={state === 'offline'} dataAsOf={live.dataAsOf} lang={lang} />}
      </div>
      <main className="kpi-main">
        {catalogState.status === 'loading' && <p className="kpi-notice">{t.loadingCatalog}</p>}
        {catalogState.status === 'error' && (
          <div className="kpi-notice kpi-notice--error" role="alert">
            <p>
              {t.loadFailed}: {catalogState.error}
            </p>
            <button type="button" className="kpi-button" onClick={onRetry}>
              {commonText(lang).retry}
            </button>
          </div>
        )}
        {catalog && <KpiScreens catalog={catalog} live={live} route={route} lang={lang} onNavigate={onNavigate} />}
      </main>
    </div>
  );
}

interface KpiScreensProps extends ScreenProps {
  catalog: CatalogV1;
  live: LiveView;
  route: KpiRoute;
  onNavigate(route: KpiRoute, replace?: boolean): void;
}

function KpiScreens({ catalog, live, route, lang, onNavigate }: KpiScreensProps) {
  const t = kpiPageText(lang);
  const root = catalog.pack.root;
  const index = useMemo(() => indexCatalog(catalog), [catalog]);
  const now = useNow(NOW_TICK_MS);
  const reconnects = useReconnects(live.state);
  const settled = useSettled(live.version, SETTLE_MS);
  const targets = useResource<TargetsV1>(`/api/v1/targets?area=${encodeURIComponent(root)}`, reconnects);
  const disputes = useDisputes(live.discrepancies);
  const rootTargets = useMemo(() => targets.data?.targets ?? [], [targets.data]);
  const kpiIndicators = useMemo(() => kpiGroups(catalog, rootTargets).flatMap((g) => g.indicators), [catalog, rootTargets]);
  // Kept while other views are open, so the cards come back with their sparklines even offline.
  const series = useProvinceSeries(root, kpiIndicators, live.points, live.state === 'live');

  switch (route.view) {
    case 'indicator':
      return (
        <IndicatorDetail
          index={index}
          indicatorKey={route.indicator}
          area={route.area}
          points={live.points}
          disputes={disputes}
          reloadKey={reconnects}
          now={now}
          lang={lang}
          onNavigate={onNavigate}
        />
      );
    case 'index':
      return <IndexView index={index} area={route.area} reloadKey={reconnects * 1_000_000 + settled} lang={lang} onNavigate={onNavigate} />;
    case 'roadmap':
      return <RoadmapView index={index} points={live.points} targets={rootTargets} reloadKey={reconnects} now={now} lang={lang} />;
    case 'kpis':
      if (!targets.data) return <p className="kpi-notice">{targets.error ? `${t.loadFailed}: ${targets.error}` : commonText(lang).loading}</p>;
      return <KpiCards
          catalog={catalog}
          targets={rootTargets}
          points={live.points}
          recent={live.recent}
          series={series.store} disputes={disputes} now={now} lang={lang} />;
  }
}
