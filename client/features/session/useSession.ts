/**
 * Who is signed in, for a screen that needs to know: loads GET /api/v1/auth/me once, sends a signed-out
 * visitor to /login?next=<this page>, and hands out an `Api` with the session's CSRF token.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionV1 } from '../../../shared/auth';
import { withLang, type Lang } from '../i18n/i18n';
import { ApiError, apiFetch, createApi, type Api } from './api';
import { fill, sessionText } from './text';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; session: SessionV1 }
  | { status: 'signed-out' }
  | { status: 'error'; message: string };

export interface UseSession {
  state: SessionState;
  /** Null until signed in. */
  api: Api | null;
  onSignOut(): Promise<void>;
  onRetry(): void;
}

/** The page a person is on, to come back to after signing in. */
export const currentPath = (): string => `${location.pathname}${location.search}`;

/** This page in the other language, keeping its other parameters (?unit=…, ?next=…). */
export function otherLangHref(lang: Lang): string {
  const params = new URLSearchParams(location.search);
  if (lang === 'en') params.delete('lang');
  else params.set('lang', 'en');
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

export function loginUrl(next: string, lang: Lang): string {
  return `/login?next=${encodeURIComponent(next)}${lang === 'en' ? '&lang=en' : ''}`;
}

/**
 * Where to go after signing in: only a path on this site. "//evil.example" and "/\evil.example" are
 * other sites to a browser, so they are refused like absolute URLs.
 */
export function safeNext(raw: string | null): string | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  return [...raw].some((ch) => ch.charCodeAt(0) < 0x20) ? null : raw;
}

/** A message a person can act on, in their language; the server's own words follow where they help. */
export function describeError(err: unknown, lang: Lang): string {
  const t = sessionText(lang);
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const withServer = (summary: string) => (err.message ? `${summary}: ${err.message}` : summary);
  switch (true) {
    case err.status === 0:
      return t.errNetwork;
    case err.status === 401:
      return t.errUnauthenticated;
    case err.status === 403:
      return withServer(t.errForbidden);
    case err.status === 404:
      return withServer(t.errNotFound);
    case err.status === 413:
      return withServer(t.errTooLarge);
    case err.status === 429:
      return fill(t.errTooMany, { seconds: err.retryAfterSeconds ?? 60 });
    case err.status >= 500:
      return t.errServer;
    default:
      return withServer(t.errRejected);
  }
}

export function useSession(lang: Lang, opts: { redirectIfSignedOut?: boolean } = {}): UseSession {
  const redirect = opts.redirectIfSignedOut ?? true;
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    apiFetch<SessionV1>('/api/v1/auth/me', { signal: abort.signal }).then(
      (session) => setState({ status: 'signed-in', session }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
        else setState({ status: 'error', message: describeError(err, lang) });
      },
    );
    return () => abort.abort();
  }, [attempt, lang]);

  useEffect(() => {
    if (redirect && state.status === 'signed-out') location.assign(loginUrl(currentPath(), lang));
  }, [redirect, state.status, lang]);

  const csrfToken = state.status === 'signed-in' ? state.session.csrfToken : null;
  const api = useMemo(
    () => (csrfToken ? createApi(csrfToken, () => location.assign(loginUrl(currentPath(), lang))) : null),
    [csrfToken, lang],
  );

  const onSignOut = useCallback(async () => {
    try {
      await apiFetch('/api/v1/auth/logout', { method: 'POST', json: {}, csrfToken });
    } finally {
      // Signed out on the server or not, this page must not go on acting as the person.
      location.assign(withLang('/login', lang));
    }
  }, [csrfToken, lang]);

  const onRetry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, api, onSignOut, onRetry };
}
