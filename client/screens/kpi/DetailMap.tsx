/**
 * The province map for one indicator, reusing the wall's map (own boundaries, no tiles, labels as DOM
 * markers: nothing leaves the server), in a dark panel with its legend. Coloured by value on a ramp, or
 * by each district's standing against its own target, the same statuses as the list beside it.
 */
import { memo, useMemo, useState } from 'react';
import type { Indicator } from '../../../shared/catalog';
import type { TargetV1 } from '../../../shared/plan';
import type { Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { rampBreaks } from '../../features/map/colourScale';
import { DistrictMap } from '../../features/map/DistrictMap';
import type { BoundaryCollection, LngLat } from '../../features/map/geometry';
import { MapLegend } from '../../features/map/MapLegend';
import { STATUS_COLOURS } from '../../features/map/palette';
import type { MapReadings } from '../../features/map/readings';
import { mapText } from '../../features/map/text';
import { judge } from './kpiModel';
import { detailText, kpiPageText } from './text';

export interface DetailMapProps {
  index: CatalogIndex;
  indicator: Indicator;
  boundaries: BoundaryCollection | null;
  readings: MapReadings;
  targets: readonly TargetV1[];
  now: number;
  lang: Lang;
}

type Mode = 'value' | 'target';

export const DetailMap = memo(function DetailMap({ index, indicator, boundaries, readings, targets, now, lang }: DetailMapProps) {
  const t = detailText(lang);
  const [mode, setMode] = useState<Mode>('value');
  const root = index.catalog.pack.root;
  const points = useMemo(
    () => new Map(index.catalog.areas.flatMap((a) => (a.point ? [[a.code, a.point as LngLat] as const] : []))),
    [index],
  );
  // Overdue, missing and not-applicable districts keep their own greys in both modes.
  const shown = useMemo<MapReadings>(() => {
    const judged = (s: string) => s !== 'grey' && s !== 'empty' && s !== 'na';
    if (mode === 'target') {
      return {
        ...readings,
        districts: readings.districts.map((d) => (judged(d.status) ? { ...d, status: judge(indicator, d.point, targets, d.area.code, root, now).status } : d)),
        scale: { kind: 'bands', direction: indicator.direction, amber: 0, red: 0 },
      };
    }
    const values = readings.districts.flatMap((d) => (d.point && judged(d.status) ? [d.point.value] : []));
    return {
      ...readings,
      districts: readings.districts.map((d) => (judged(d.status) ? { ...d, status: 'none' } : d)),
      scale: { kind: 'ramp', direction: indicator.direction, breaks: rampBreaks(values, indicator.range) },
    };
  }, [mode, readings, indicator, targets, root, now]);
  return (
    <div className="kpi-map-panel">
      <div className="kpi-segmented" role="group" aria-label={t.map}>
        <button type="button" aria-pressed={mode === 'value'} onClick={() => setMode('value')} data-testid="map-mode-value">
          {t.byValue}
        </button>
        <button type="button" aria-pressed={mode === 'target'} onClick={() => setMode('target')} data-testid="map-mode-target">
          {t.byTarget}
        </button>
      </div>
      <div className="kpi-map" data-testid="kpi-map" data-mode={mode}>
        <div className="kpi-map__canvas">{boundaries && <DistrictMap boundaries={boundaries} points={points} readings={shown} lang={lang} />}</div>
        <div className="kpi-map__legend">
          {mode === 'value' ? (
            <MapLegend indicator={indicator} scale={shown.scale} showNotApplicable={readings.districts.some((d) => d.status === 'na')} lang={lang} />
          ) : (
            <TargetLegend lang={lang} />
          )}
        </div>
        {index.catalog.pack.boundaries === 'schematic' && <p className="kpi-map__caption">{mapText(lang).schematic}</p>}
      </div>
    </div>
  );
});

function TargetLegend({ lang }: { lang: Lang }) {
  const t = kpiPageText(lang);
  const m = mapText(lang);
  const rows: [string, string][] = [
    [STATUS_COLOURS.green, t.green],
    [STATUS_COLOURS.amber, `${t.amber} (≥ 90%)`],
    [STATUS_COLOURS.red, t.red],
    [STATUS_COLOURS.none, t.none],
    [STATUS_COLOURS.grey, m.overdue],
    [STATUS_COLOURS.empty, m.noData],
  ];
  return (
    <div className="map-legend" data-testid="kpi-target-legend">
      <ul>
        {rows.map(([colour, label]) => (
          <li key={label}>
            <span className="map-legend__swatch" style={{ background: colour, outline: '1px solid #3a4658' }} />
            <span className="map-legend__range">{label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
