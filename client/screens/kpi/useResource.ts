/**
 * A JSON resource for the tablet that survives losing Wi-Fi: the last answer stays with the time it was
 * loaded, a failure only adds an error, and a new `reloadKey` (a reconnection, a live change) reads it again.
 * Answers are also remembered per URL for the page's lifetime, so a view opened again offline shows what
 * it showed before instead of an error.
 */
import { useEffect, useState } from 'react';
import type { ErrorBodyV1 } from '../../../shared/errors';

export interface Resource<T> {
  data: T | null;
  /** When `data` was loaded (ms), or null before the first answer. */
  loadedAt: number | null;
  error: string | null;
  loading: boolean;
}

interface Held<T> {
  /** The URL `data` answers. */
  url: string | null;
  data: T | null;
  loadedAt: number | null;
  error: string | null;
  /** The last request that finished, "url#reloadKey". */
  settled: string | null;
}

/** Enough for every view's resources and a few months of the index either way; the oldest go first. */
const REMEMBERED = 64;
const remembered = new Map<string, { data: unknown; loadedAt: number }>();

function remember(url: string, data: unknown, loadedAt: number): void {
  remembered.delete(url);
  remembered.set(url, { data, loadedAt });
  if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

export function useResource<T>(url: string | null, reloadKey = 0): Resource<T> {
  const [state, setState] = useState<Held<T>>(() => {
    const known = url === null ? undefined : remembered.get(url);
    return { url: known ? url : null, data: (known?.data as T) ?? null, loadedAt: known?.loadedAt ?? null, error: null, settled: null };
  });
  useEffect(() => {
    if (url === null) return;
    const attempt = `${url}#${reloadKey}`;
    const abort = new AbortController();
    fetch(url, { signal: abort.signal, cache: 'no-store' })
      .then(async (res) => {
        const body = (await res.json().catch(() => null)) as unknown;
        if (!res.ok) throw new Error((body as ErrorBodyV1 | null)?.error?.message ?? `HTTP ${res.status}`);
        const loadedAt = Date.now();
        remember(url, body, loadedAt);
        setState({ url, data: body as T, loadedAt, error: null, settled: attempt });
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setState((s) => ({ ...s, error: (err as Error).message, settled: attempt }));
      });
    return () => abort.abort();
  }, [url, reloadKey]);
  // Another URL (another indicator, another month) must not show the previous one's answer as its own,
  // but may show its own from earlier.
  const current = url !== null && state.url === url;
  const earlier = !current && url !== null ? remembered.get(url) : undefined;
  return {
    data: current ? state.data : ((earlier?.data as T | undefined) ?? null),
    loadedAt: current ? state.loadedAt : (earlier?.loadedAt ?? null),
    error: state.settled?.startsWith(`${url}#`) ? state.error : null,
    loading: url !== null && state.settled !== `${url}#${reloadKey}`,
  };
}
