/**
 * The map's style as typed constants: CityOps' own GeoJSON (districts and the province outline from
 * /api/v1/boundaries) over a plain background. No tiles, glyphs or sprite: labels are DOM markers, so the
 * style names no URL and nothing leaves the server. A deployment's basemap, when configured, goes under it.
 */
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { BoundaryCollection } from './geometry';

export const AREAS_SOURCE = 'cityops-areas';

export const LAYERS = {
  background: 'cityops-background',
  fill: 'cityops-district-fill',
  lines: 'cityops-district-lines',
  pulse: 'cityops-district-pulse',
  province: 'cityops-province-outline',
} as const;

export const BACKGROUND = '#070c15';

export interface LayerOptions {
  /** Line widths grow with the screen, so a 4K wall does not get hairlines. */
  uiScale: number;
  overBasemap: boolean;
  fillColour: ExpressionSpecification;
}

const isDistrict: ExpressionSpecification = ['==', ['get', 'kind'], 'district'];
const isProvince: ExpressionSpecification = ['==', ['get', 'kind'], 'province'];

export function areasSource(boundaries: BoundaryCollection): GeoJSONSourceSpecification {
  // Feature state is keyed by the area code, the key the live feed uses.
  return { type: 'geojson', data: boundaries as unknown as GeoJSONSourceSpecification['data'], promoteId: 'code' };
}

export function wallLayers({ uiScale, overBasemap, fillColour }: LayerOptions): LayerSpecification[] {
  return [
    {
      id: LAYERS.fill,
      type: 'fill',
      source: AREAS_SOURCE,
      filter: isDistrict,
      // Opaque on our own background, so the colour on screen is exactly the legend's.
      paint: { 'fill-color': fillColour, 'fill-opacity': overBasemap ? 0.72 : 1 },
    },
    {
      id: LAYERS.lines,
      type: 'line',
      source: AREAS_SOURCE,
      filter: isDistrict,
      paint: { 'line-color': BACKGROUND, 'line-width': 1.6 * uiScale },
    },
    {
      id: LAYERS.pulse,
      type: 'line',
      source: AREAS_SOURCE,
      filter: isDistrict,
      paint: {
        'line-color': '#ffffff',
        'line-width': ['case', ['boolean', ['feature-state', 'pulse'], false], 4 * uiScale, 0],
      },
    },
    {
      id: LAYERS.province,
      type: 'line',
      source: AREAS_SOURCE,
      filter: isProvince,
      paint: { 'line-color': '#dbe7f5', 'line-width': 2.4 * uiScale },
    },
  ];
}

/** The whole style when the deployment has no basemap. */
export function wallStyle(boundaries: BoundaryCollection, options: LayerOptions): StyleSpecification {
  return {
    version: 8,
    sources: { [AREAS_SOURCE]: areasSource(boundaries) },
    layers: [{ id: LAYERS.background, type: 'background', paint: { 'background-color': BACKGROUND } }, ...wallLayers(options)],
  };
}
