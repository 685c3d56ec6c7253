/**
 * The form's unsent values, kept on the server per unit (GET/PUT /api/v1/report/drafts/:unit): restored
 * when the page opens, saved a moment after typing stops, and once more when the page is left.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import type { Api } from '../../features/session/api';
import { describeError } from '../../features/session/useSession';

export type DraftStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed'; error: string };

export interface UseDraft {
  /** Null until the saved draft has been read. */
  values: Record<string, string> | null;
  /** Whether the draft read had anything in it. */
  restored: boolean;
  status: DraftStatus;
  onChange(values: Record<string, string>): void;
}

const SAVE_AFTER_MS = 800;

/** Only what was typed, and no longer than a draft may hold. */
const clean = (values: Record<string, string>): DraftV1['values'] =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.slice(0, 64)]));

export function useDraft(api: Api, unit: string, lang: Lang): UseDraft {
  const path = `/api/v1/report/drafts/${encodeURIComponent(unit)}`;
  const [loaded, setLoaded] = useState<{ path: string; values: Record<string, string> } | null>(null);
  const [status, setStatus] = useState<DraftStatus>({ kind: 'idle' });
  const pending = useRef<Record<string, string> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const abort = new AbortController();
    api.get<Partial<DraftV1>>(path, abort.signal).then(
      (draft) => setLoaded({ path, values: draft?.values ?? {} }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        // The form still works without its draft; say so and start empty.
        setLoaded({ path, values: {} });
        setStatus({ kind: 'failed', error: describeError(err, lang) });
      },
    );
    return () => abort.abort();
  }, [api, path, lang]);

  const save = useCallback(
    async (values: Record<string, string>, keepalive = false) => {
      setStatus({ kind: 'saving' });
      try {
        await api.send('PUT', path, { values: clean(values) } satisfies DraftV1, { keepalive });
        setStatus({ kind: 'saved', at: Date.now() });
      } catch (err) {
        setStatus({ kind: 'failed', error: describeError(err, lang) });
      }
    },
    [api, path, lang],
  );

  const onChange = useCallback(
    (values: Record<string, string>) => {
      pending.current = values;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const next = pending.current;
        pending.current = null;
        if (next) void save(next);
      }, SAVE_AFTER_MS);
    },
    [save],
  );

  // Typing and then closing the tab within the debounce must not lose the last keystrokes.
  useEffect(() => {
    const flush = () => {
      clearTimeout(timer.current);
      const next = pending.current;
      pending.current = null;
      if (next) void save(next, true);
    };
    addEventListener('pagehide', flush);
    return () => {
      removeEventListener('pagehide', flush);
      flush();
    };
  }, [save]);

  const values = loaded?.path === path ? loaded.values : null;
  return { values, restored: values !== null && Object.keys(values).length > 0, status, onChange };
}
