/**
 * The operations-centre wall (`/wall`): the province map coloured by one indicator, KPI tiles, a trend, a
 * district ranking and a live ticker, rotating through a playlist. Nobody touches it: it loads, retries,
 * reconnects and reloads for a new build by itself.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import type { WallConfigResponseV1 } from '../../../shared/wall';
import type { ScreenProps } from '../../App';
import { TrendChart } from '../../features/charts/TrendChart';
import { useProvinceSeries } from '../../features/charts/useProvinceSeries';
import { KpiGrid } from '../../features/kpis/KpiGrid';
import { useNow } from '../../features/kpis/useNow';
import { pick } from '../../features/i18n/i18n';
import { indexCatalog } from '../../features/live/catalogIndex';
import { useLive, type LiveView } from '../../features/live/useLive';
import { DistrictMap } from '../../features/map/DistrictMap';
import type { BoundaryCollection, LngLat } from '../../features/map/geometry';
import { MapLegend } from '../../features/map/MapLegend';
import { mapReadings } from '../../features/map/readings';
import { mapText } from '../../features/map/text';
import type { WallMapHandle } from '../../features/map/wallMap';
import { Ticker } from '../../features/ticker/Ticker';
import { reportingUnits, tickerItems } from '../../features/ticker/tickerItems';
import { DistrictRanking } from './DistrictRanking';
import { OfflineBanner } from './OfflineBanner';
import { wallText } from './text';
import { usePlaylist } from './usePlaylist';
import { useWallResources } from './useWallResources';
import { WallHeader } from './WallHeader';
import { resolveWallSettings } from './wallSettings';
import './WallPage.css';

declare global {
  interface Window {
    /** The wall's map, for the e2e tests and for an operator's console. */
    __cityopsWall?: WallMapHandle;
  }
}

const TICKER_ROWS = 12;
/** Staleness is re-checked this often; figures arriving re-render the wall anyway. */
const NOW_TICK_MS = 10_000;

const exposeMap = (handle: WallMapHandle | null) => {
  if (handle) window.__cityopsWall = handle;
  else delete window.__cityopsWall;
};

/** Dark, no cursor, no scrollbars, on the whole document while the wall is shown. */
function useWallChrome(title: string): void {
  useEffect(() => {
    document.documentElement.classList.add('wall-mode');
    return () => document.documentElement.classList.remove('wall-mode');
  }, []);
  useEffect(() => {
    document.title = title;
  }, [title]);
}

export function WallPage({ lang }: ScreenProps) {
  const t = wallText(lang);
  const live = useLive();
  // Back from a lost connection: read the configuration and catalogue again, a restart may have changed them.
  const [connection, setConnection] = useState({ state: live.state, everLive: false, reconnects: 0 });
  if (connection.state !== live.state) {
    const back = live.state === 'live' && connection.everLive;
    setConnection({ state: live.state, everLive: connection.everLive || live.state === 'live', reconnects: connection.reconnects + (back ? 1 : 0) });
  }
  const { catalog, wall, boundaries, error } = useWallResources(connection.reconnects);
  useWallChrome(catalog ? `${t.pageTitle} — ${pick(catalog.pack.name, lang)}` : t.pageTitle);

  if (!catalog || !wall || !boundaries) {
    return (
      <div className="wall wall--loading" data-testid="wall">
        <p>{error ? `${t.loadFailed} (${error})` : t.loading}</p>
      </div>
    );
  }
  return <WallScreen lang={lang} live={live} catalog={catalog} wall={wall} boundaries={boundaries} />;
}

interface WallScreenProps extends ScreenProps {
  live: LiveView;
  catalog: CatalogV1;
  wall: WallConfigResponseV1;
  boundaries: BoundaryCollection;
}

function WallScreen({ lang, live, catalog, wall, boundaries }: WallScreenProps) {
  const t = wallText(lang);
  const index = useMemo(() => indexCatalog(catalog), [catalog]);
  const indicators = useMemo(() => new Map(catalog.indicators.map((i) => [i.key, i])), [catalog]);
  const settings = useMemo(() => resolveWallSettings(wall, location.search), [wall]);
  const steps = settings?.playlist.steps ?? [];
  const stepIndex = usePlaylist(steps.length, (settings?.intervalSeconds ?? 30) * 1000, settings?.playlistName ?? '');
  const step = steps[stepIndex];
  const mapIndicator = step ? indicators.get(step.indicator) : undefined;
  const kpis = useMemo(() => (step?.kpis ?? []).flatMap((k) => indicators.get(k) ?? []), [step, indicators]);
  const shown = useMemo(() => (mapIndicator ? [mapIndicator, ...kpis.filter((k) => k !== mapIndicator)] : kpis), [mapIndicator, kpis]);

  const root = catalog.pack.root;
  const now = useNow(NOW_TICK_MS);
  const series = useProvinceSeries(root, shown, live.points, live.state === 'live');
  const areaPoints = useMemo(() => new Map(catalog.areas.flatMap((a) => (a.point ? [[a.code, a.point as LngLat] as const] : []))), [catalog]);
  const unitOf = useMemo(() => reportingUnits(catalog), [catalog]);
  const ticker = useMemo(() => tickerItems(live.recent, indicators, index.areas, unitOf, TICKER_ROWS), [live.recent, indicators, index, unitOf]);
  const readings = useMemo(() => (mapIndicator ? mapReadings(index, mapIndicator, live.points, now) : null), [index, mapIndicator, live.points, now]);

  if (!settings || !step || !mapIndicator || !readings) {
    return (
      <div className="wall wall--loading" data-testid="wall">
        <p>{t.noPlaylist}</p>
      </div>
    );
  }
  const stepTitle = step.title ? pick(step.title, lang) : pick(mapIndicator.name, lang);
  const offline = live.state !== 'live' && live.dataAsOf !== null;
  return (
    <div
      className={`wall wall--${settings.layout}${offline ? ' wall--offline' : ''}`}
      data-testid="wall"
      data-playlist={settings.playlistName}
      data-indicator={mapIndicator.key}
      data-state={live.state}
    >
      <WallHeader
        catalog={catalog}
        province={index.areas.get(root)}
        playlistTitle={pick(settings.playlist.title, lang)}
        stepTitle={stepTitle}
        step={stepIndex}
        steps={steps.length}
        intervalSeconds={settings.intervalSeconds}
        state={live.state}
        dataAsOf={live.dataAsOf}
        lang={lang}
      />
      {offline && <OfflineBanner dataAsOf={live.dataAsOf!} lang={lang} />}
      <div className="wall-area wall-area--kpis">
        <KpiGrid indicators={kpis} root={root} points={live.points} series={series.store} now={now} lang={lang} />
      </div>
      <section className="wall-area wall-area--map wall-panel wall-panel--flush">
        <DistrictMap
          boundaries={boundaries}
          points={areaPoints}
          readings={readings}
          lang={lang}
          basemapStyleUrl={wall.basemapStyleUrl}
          onMapReady={exposeMap}
        />
        <h2 className="wall-map__title">{stepTitle}</h2>
        <div className="wall-map__legend">
          <MapLegend
            indicator={mapIndicator}
            scale={readings.scale}
            showNotApplicable={readings.districts.some((d) => d.status === 'na')}
            lang={lang}
          />
        </div>
        {catalog.pack.boundaries === 'schematic' && <p className="wall-map__caption">{mapText(lang).schematic}</p>}
      </section>
      {settings.layout === 'standard' && (
        <>
          <section className="wall-area wall-area--chart wall-panel">
            <TrendChart indicator={mapIndicator} series={series.store.get(mapIndicator.key)} lang={lang} />
          </section>
          <div className="wall-area wall-area--ranking wall-panel">
            <DistrictRanking readings={readings} lang={lang} />
          </div>
        </>
      )}
      <div className="wall-area wall-area--ticker wall-panel">
        <Ticker items={ticker} lang={lang} />
      </div>
      {settings.ignored.length > 0 && (
        <p className="wall-ignored" data-testid="wall-ignored">
          {t.ignoredParams}: {settings.ignored.join(', ')}
        </p>
      )}
    </div>
  );
}

