/**
 * The map behind the wall: made once, then kept in step with the readings it is given. Only what changed
 * is written (feature state per district, text per label), so a flood of updates costs little, and a
 * changed district's outline lights up for a moment. Everything it starts, `dispose` stops.
 */
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Lang } from '../i18n/i18n';
import { AreaMarkers } from './areaMarkers';
import { fillColourExpression, type ColourScale } from './colourScale';
import { boundsOf, labelPoint, type Bounds, type BoundaryCollection, type LngLat } from './geometry';
import { AREAS_SOURCE, LAYERS, areasSource, wallLayers, wallStyle, type LayerOptions } from './mapStyle';
import type { AreaReading, MapReadings } from './readings';

// The bundler gives the worker its own hashed file on this server; by default MapLibre looks next to its module.
setWorkerUrl(workerUrl);

const PULSE_MS = 1500;
const BASEMAP_TIMEOUT_MS = 15_000;
/** The wall's base font size at 1920×1080; line widths scale with it. */
const BASE_FONT_PX = 17.28;

export interface WallMapOptions {
  boundaries: BoundaryCollection;
  /** Areas' own points, for stations and for districts without a shape. */
  points: ReadonlyMap<string, LngLat>;
  lang: Lang;
  basemapStyleUrl?: string;
}

/** What tests and an operator's console may reach: `window.__cityopsWall`. */
export interface WallMapHandle {
  map: MapLibreMap;
  labelPoint(code: string): LngLat | undefined;
}

/** Room around the province for the labels on its edge. */
const paddingFor = (c: HTMLElement) => Math.round(Math.min(c.clientWidth, c.clientHeight) * 0.07) || 24;

interface Shown {
  status: string;
  value: number | null;
  version: number | null;
}

export class WallMap implements WallMapHandle {
  readonly map: MapLibreMap;
  private readonly markers: AreaMarkers;
  private readonly labels = new Map<string, LngLat>();
  private readonly bounds: Bounds | null;
  private ready = false;
  private pending: MapReadings | null = null;
  private indicator: string | null = null;
  private fillKey = '';
  private shown = new Map<string, Shown>();
  private pulsing = new Map<string, number>();
  private pulseTimer: ReturnType<typeof setTimeout> | null = null;
  private declutterFrame: number | null = null;
  private basemapTimer: ReturnType<typeof setTimeout> | null = null;
  private basemapFailed = false;

  constructor(container: HTMLElement, private readonly opts: WallMapOptions) {
    for (const f of opts.boundaries.features) this.labels.set(f.properties.code, labelPoint(f.geometry));
    this.bounds = boundsOf(opts.boundaries.features.filter((f) => f.properties.kind === 'province')) ?? boundsOf(opts.boundaries.features);
    const uiScale = Math.max(0.75, parseFloat(getComputedStyle(container).fontSize) / BASE_FONT_PX || 1);
    const layerOptions: LayerOptions = {
      uiScale,
      overBasemap: Boolean(opts.basemapStyleUrl),
      fillColour: fillColourExpression({ kind: 'bands', direction: 'higher', amber: 0, red: 0 }),
    };
    this.map = new MapLibreMap({
      container,
      style: opts.basemapStyleUrl ?? wallStyle(opts.boundaries, layerOptions),
      ...(this.bounds ? { bounds: this.bounds, fitBoundsOptions: { padding: paddingFor(container) } } : {}),
      interactive: false,
      attributionControl: opts.basemapStyleUrl ? { compact: true } : false,
      fadeDuration: 0,
    });
    this.markers = new AreaMarkers(this.map, opts.lang);
    if (opts.basemapStyleUrl) {
      // A basemap that cannot be reached must not leave the wall without its districts: draw them alone.
      const fallBack = () => {
        if (this.ready || this.basemapFailed) return;
        this.basemapFailed = true;
        console.warn(`basemap ${opts.basemapStyleUrl} did not load; drawing the districts without it`);
        this.map.setStyle(wallStyle(opts.boundaries, { ...layerOptions, overBasemap: false }));
      };
      this.map.once('error', fallBack);
      this.basemapTimer = setTimeout(fallBack, BASEMAP_TIMEOUT_MS);
    }
    this.map.on('load', () => {
      if (this.basemapTimer) clearTimeout(this.basemapTimer);
      if (opts.basemapStyleUrl && !this.basemapFailed) {
        this.map.addSource(AREAS_SOURCE, areasSource(opts.boundaries));
        for (const layer of wallLayers(layerOptions)) this.map.addLayer(layer);
      }
      this.ready = true;
      this.fit();
      if (this.pending) this.apply(this.pending);
      this.pending = null;
    });
    this.map.on('resize', () => {
      this.fit();
      this.scheduleDeclutter();
    });
  }

  /** After the browser has laid the labels out: once per indicator or size, never per update. */
  private scheduleDeclutter(): void {
    if (this.declutterFrame !== null) return;
    this.declutterFrame = requestAnimationFrame(() => {
      this.declutterFrame = null;
      this.markers.declutter();
    });
  }

  labelPoint(code: string): LngLat | undefined {
    return this.labels.get(code) ?? this.opts.points.get(code);
  }

  private fit = (): void => {
    if (this.bounds) this.map.fitBounds(this.bounds, { padding: paddingFor(this.map.getContainer()), animate: false });
  };

  apply(r: MapReadings): void {
    if (!this.ready) {
      this.pending = r;
      return;
    }
    const switched = r.indicator.key !== this.indicator;
    if (switched) {
      // Another indicator: nothing shown so far says anything about it, and its first values do not pulse.
      this.map.removeFeatureState({ source: AREAS_SOURCE });
      this.shown.clear();
      this.clearPulses();
      this.indicator = r.indicator.key;
    }
    this.setScale(r.scale);
    const changed = new Set<string>();
    for (const d of r.districts) {
      const value = d.point?.value ?? null;
      const version = d.point?.version ?? null;
      const before = this.shown.get(d.area.code);
      if (!before || before.status !== d.status || before.value !== value) {
        this.map.setFeatureState({ source: AREAS_SOURCE, id: d.area.code }, { status: d.status, value });
      }
      if (before && version !== null && before.version !== version) changed.add(d.area.code);
      this.shown.set(d.area.code, { status: d.status, value, version });
    }
    this.trackStations(r.stations, changed);
    this.pulse(changed);
    this.markers.update(r.districts, 'district', r.indicator, (code) => this.labelPoint(code), changed);
    this.markers.update(r.stations, 'station', r.indicator, (code) => this.opts.points.get(code), changed);
    if (switched) this.scheduleDeclutter();
  }

  private trackStations(stations: readonly AreaReading[], changed: Set<string>): void {
    for (const s of stations) {
      const version = s.point?.version ?? null;
      const before = this.shown.get(s.area.code);
      if (before && version !== null && before.version !== version) changed.add(s.area.code);
      this.shown.set(s.area.code, { status: s.status, value: s.point?.value ?? null, version });
    }
  }

  private setScale(scale: ColourScale): void {
    const key = JSON.stringify(scale);
    if (key === this.fillKey) return;
    this.map.setPaintProperty(LAYERS.fill, 'fill-color', fillColourExpression(scale));
    this.fillKey = key;
  }

  /** Outlines a changed district until PULSE_MS after its last change: one that keeps changing stays lit. */
  private pulse(codes: ReadonlySet<string>): void {
    const until = performance.now() + PULSE_MS;
    for (const code of codes) {
      if (!this.labels.has(code)) continue;
      if (!this.pulsing.has(code)) this.map.setFeatureState({ source: AREAS_SOURCE, id: code }, { pulse: true });
      this.pulsing.set(code, until);
    }
    if (this.pulsing.size > 0 && this.pulseTimer === null) this.pulseTimer = setTimeout(this.endPulses, PULSE_MS);
  }

  private endPulses = (): void => {
    this.pulseTimer = null;
    const now = performance.now();
    let next = Infinity;
    for (const [code, until] of this.pulsing) {
      if (until <= now) {
        this.pulsing.delete(code);
        this.map.setFeatureState({ source: AREAS_SOURCE, id: code }, { pulse: false });
      } else next = Math.min(next, until);
    }
    if (next !== Infinity) this.pulseTimer = setTimeout(this.endPulses, next - now);
  };

  private clearPulses(): void {
    if (this.pulseTimer !== null) clearTimeout(this.pulseTimer);
    this.pulseTimer = null;
    this.pulsing.clear();
  }

  dispose(): void {
    this.clearPulses();
    if (this.basemapTimer) clearTimeout(this.basemapTimer);
    if (this.declutterFrame !== null) cancelAnimationFrame(this.declutterFrame);
    this.markers.remove();
    this.map.remove();
  }
}
