/**
 * One GET for a signed-in screen, reloadable. While it reloads, the last answer for the same path stays
 * on screen, so a list refreshed after a submit does not blink empty.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Lang } from '../i18n/i18n';
import type { Api } from './api';
import { describeError } from './useSession';

export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

interface Loaded<T> {
  path: string;
  attempt: number;
  data: T | null;
  error: string | null;
}

export function useApiGet<T>(api: Api | null, path: string | null, lang: Lang): Resource<T> {
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);

  useEffect(() => {
    if (!api || !path) return;
    const abort = new AbortController();
    api.get<T>(path, abort.signal).then(
      (data) => setLoaded({ path, attempt, data, error: null }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        setLoaded((prev) => ({ path, attempt, data: prev?.path === path ? prev.data : null, error: describeError(err, lang) }));
      },
    );
    return () => abort.abort();
  }, [api, path, attempt, lang]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const samePath = loaded !== null && loaded.path === path;
  return {
    data: samePath ? loaded.data : null,
    error: samePath ? loaded.error : null,
    loading: !samePath || loaded.attempt !== attempt,
    reload,
  };
}
