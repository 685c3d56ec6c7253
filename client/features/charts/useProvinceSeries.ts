/** History of the province figures on screen, refreshed when their live values move and every few minutes. */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Indicator } from '../../../shared/catalog';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import { SeriesStore } from './seriesStore';

const REFRESH_MS = 5 * 60_000;

export interface ProvinceSeries {
  store: SeriesStore;
  /** Changes whenever a series arrives, for memoised children. */
  version: number;
}

export function useProvinceSeries(
  root: string,
  indicators: readonly Indicator[],
  points: ReadonlyMap<string, PointV1>,
  live: boolean,
): ProvinceSeries {
  const store = useMemo(() => new SeriesStore({ area: root }), [root]);
  useEffect(() => () => store.dispose(), [store]);

  useEffect(() => {
    store.keep(indicators);
  }, [store, indicators]);

  // A new province value for a shown indicator: its history grew.
  const seen = useRef(new Map<string, number>());
  useEffect(() => {
    const next = new Map<string, number>();
    for (const ind of indicators) {
      const version = points.get(seriesKey({ indicator: ind.key, area: root }))?.version;
      if (version === undefined) continue;
      next.set(ind.key, version);
      const before = seen.current.get(ind.key);
      if (before !== undefined && before !== version) store.touch(ind.key);
    }
    seen.current = next;
  }, [store, indicators, points, root]);

  useEffect(() => {
    const timer = setInterval(() => store.refreshAll(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [store]);

  // Back from a lost connection: what was missed is in the history too.
  const wasLive = useRef(live);
  useEffect(() => {
    if (live && !wasLive.current) store.refreshAll();
    wasLive.current = live;
  }, [store, live]);

  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  return { store, version };
}
