/** The province map for the wall: districts coloured by the indicator on screen, stations with their values. */
import { useEffect, useRef } from 'react';
import type { Lang } from '../i18n/i18n';
import type { BoundaryCollection, LngLat } from './geometry';
import type { MapReadings } from './readings';
import { WallMap, type WallMapHandle } from './wallMap';
import './DistrictMap.css';

export interface DistrictMapProps {
  boundaries: BoundaryCollection;
  points: ReadonlyMap<string, LngLat>;
  readings: MapReadings;
  lang: Lang;
  basemapStyleUrl?: string;
  /** The map once made, and null once removed. */
  onMapReady?(handle: WallMapHandle | null): void;
}

export function DistrictMap({ boundaries, points, readings, lang, basemapStyleUrl, onMapReady }: DistrictMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const wallMap = useRef<WallMap | null>(null);
  const latest = useRef(readings);

  useEffect(() => {
    latest.current = readings;
    wallMap.current?.apply(readings);
  }, [readings]);

  // Made once; made again only if what it is drawn from changes (a new catalogue or language).
  useEffect(() => {
    const made = new WallMap(container.current!, { boundaries, points, lang, basemapStyleUrl });
    wallMap.current = made;
    made.apply(latest.current);
    onMapReady?.(made);
    return () => {
      onMapReady?.(null);
      wallMap.current = null;
      made.dispose();
    };
  }, [boundaries, points, lang, basemapStyleUrl, onMapReady]);

  return <div ref={container} className="district-map" data-testid="district-map" data-indicator={readings.indicator.key} />;
}
