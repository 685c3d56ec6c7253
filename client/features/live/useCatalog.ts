/** The catalogue (areas, indicators, sources) for a screen, with a retry after a failed load. */
import { useCallback, useEffect, useState } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import type { ErrorBodyV1 } from '../../../shared/errors';

export type CatalogState =
  | { status: 'loading'; catalog: null; error: null }
  | { status: 'ready'; catalog: CatalogV1; error: null }
  | { status: 'error'; catalog: null; error: string };

export interface UseCatalog {
  state: CatalogState;
  onRetry(): void;
}

async function loadCatalog(signal: AbortSignal): Promise<CatalogV1> {
  const res = await fetch('/api/v1/catalog', { signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBodyV1 | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as CatalogV1;
}

export function useCatalog(): UseCatalog {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<CatalogState>({ status: 'loading', catalog: null, error: null });

  useEffect(() => {
    const abort = new AbortController();
    loadCatalog(abort.signal).then(
      (catalog) => setState({ status: 'ready', catalog, error: null }),
      (err: unknown) => {
        if (!abort.signal.aborted) setState({ status: 'error', catalog: null, error: (err as Error).message });
      },
    );
    return () => abort.abort();
  }, [attempt]);

  const onRetry = useCallback(() => {
    setState({ status: 'loading', catalog: null, error: null });
    setAttempt((n) => n + 1);
  }, []);

  return { state, onRetry };
}
