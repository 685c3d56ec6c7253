/**
 * Calls to the CityOps API from a signed-in screen: the session cookie goes by itself (same origin), the
 * CSRF token is added to every state-changing request, and an error body becomes an `ApiError`.
 */
import { CSRF_HEADER } from '../../../shared/auth';
import type { ErrorBodyV1 } from '../../../shared/errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  constructor(
    /** 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** From Retry-After, on 429 and 503. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (a file's bytes), with `contentType`. */
  raw?: BodyInit;
  contentType?: string;
  csrfToken?: string | null;
  signal?: AbortSignal;
  /** Lets the request finish after the page is left (saving a draft on the way out). */
  keepalive?: boolean;
}

function retryAfter(res: Response): number | null {
  const header = res.headers.get('Retry-After');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.json !== undefined || opts.raw !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
    body = opts.raw;
  }
  if (UNSAFE.has(method) && opts.csrfToken) headers[CSRF_HEADER] = opts.csrfToken;

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: opts.signal, keepalive: opts.keepalive, cache: 'no-store' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', (err as Error).message);
  }
  const text = await res.text();
  if (!res.ok) {
    let error: ErrorBodyV1['error'] | undefined;
    try {
      error = (JSON.parse(text) as ErrorBodyV1).error;
    } catch {
      // A proxy's HTML error page: the status still says what happened.
    }
    throw new ApiError(res.status, error?.code ?? `http-${res.status}`, error?.message ?? res.statusText, error?.details, retryAfter(res));
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The calls a signed-in screen makes, with its CSRF token bound in. */
export interface Api {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, json?: unknown, opts?: { keepalive?: boolean }): Promise<T>;
  upload<T>(path: string, bytes: ArrayBuffer, contentType: string): Promise<T>;
}

export function createApi(csrfToken: string, onUnauthenticated: () => void): Api {
  // A session that expires while the page is open sends the person to sign in again, back to this page.
  const guard = async <T>(call: Promise<T>): Promise<T> => {
    try {
      return await call;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onUnauthenticated();
      throw err;
    }
  };
  return {
    get: (path, signal) => guard(apiFetch(path, { signal })),
    send: (method, path, json, opts) => guard(apiFetch(path, { method, json: json ?? {}, csrfToken, keepalive: opts?.keepalive })),
    upload: (path, bytes, contentType) => guard(apiFetch(path, { method: 'POST', raw: bytes, contentType, csrfToken })),
  };
}
