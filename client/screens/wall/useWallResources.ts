/**
 * What the wall needs before it can draw: the catalogue, its configuration and the boundaries. A failed
 * load is retried by itself (nobody is there to press a button), and `reloadKey` reads them again after a
 * reconnection; an unchanged answer keeps the same object, so the map is not rebuilt for nothing.
 */
import { useEffect, useState } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import type { WallConfigResponseV1 } from '../../../shared/wall';
import type { BoundaryCollection } from '../../features/map/geometry';

interface JsonState<T> {
  data: T | null;
  text: string | null;
  error: string | null;
}

const MAX_RETRY_MS = 30_000;

function useJson<T>(url: string, reloadKey: number): JsonState<T> {
  const [state, setState] = useState<JsonState<T>>({ data: null, text: null, error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    fetch(url, { signal: abort.signal, cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        const text = await res.text();
        const data = JSON.parse(text) as T;
        setState((prev) => (prev.text === text ? { ...prev, error: null } : { data, text, error: null }));
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setState((prev) => ({ ...prev, error: (err as Error).message }));
        retry = setTimeout(() => setAttempt((a) => a + 1), Math.min(MAX_RETRY_MS, 2000 * 2 ** Math.min(attempt, 4)));
      });
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [url, reloadKey, attempt]);
  return state;
}

export interface WallResources {
  catalog: CatalogV1 | null;
  wall: WallConfigResponseV1 | null;
  boundaries: BoundaryCollection | null;
  error: string | null;
}

export function useWallResources(reloadKey: number): WallResources {
  const catalog = useJson<CatalogV1>('/api/v1/catalog', reloadKey);
  const wall = useJson<WallConfigResponseV1>('/api/v1/wall/config', reloadKey);
  const boundaries = useJson<BoundaryCollection>('/api/v1/boundaries', reloadKey);
  return {
    catalog: catalog.data,
    wall: wall.data,
    boundaries: boundaries.data,
    error: catalog.error ?? wall.error ?? boundaries.error,
  };
}
