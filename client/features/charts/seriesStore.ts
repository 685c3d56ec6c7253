/**
 * Province history for the figures on screen, fetched from /api/v1/series and kept only for the
 * indicators currently shown. A live value asks for a fresh copy, at most once per `minRefreshMs`, so a
 * flood of updates costs one request per indicator every half minute, not one per update.
 */
import type { SeriesV1 } from '../../../shared/api';
import type { Indicator } from '../../../shared/catalog';
import { seriesQuery } from './seriesSpan';

export type FetchSeries = (url: string, signal: AbortSignal) => Promise<SeriesV1>;

export interface SeriesStoreOptions {
  area: string;
  fetchSeries?: FetchSeries;
  minRefreshMs?: number;
  now?: () => number;
}

interface Entry {
  indicator: Indicator;
  series: SeriesV1 | null;
  fetchedAt: number;
  abort: AbortController | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const defaultFetch: FetchSeries = async (url, signal) => {
  const res = await fetch(url, { signal, cache: 'no-store' });
  if (!res.ok) throw new Error(`series: HTTP ${res.status}`);
  return (await res.json()) as SeriesV1;
};

export class SeriesStore {
  private entries = new Map<string, Entry>();
  private listeners = new Set<() => void>();
  private versionNo = 0;
  private readonly fetchSeries: FetchSeries;
  private readonly minRefreshMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: SeriesStoreOptions) {
    this.fetchSeries = opts.fetchSeries ?? defaultFetch;
    this.minRefreshMs = opts.minRefreshMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  get version(): number {
    return this.versionNo;
  }

  get size(): number {
    return this.entries.size;
  }

  getVersion = (): number => this.versionNo;

  get(indicator: string): SeriesV1 | null {
    return this.entries.get(indicator)?.series ?? null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Keeps exactly these indicators: fetches the new ones, forgets the others with their requests and timers. */
  keep(indicators: readonly Indicator[]): void {
    const wanted = new Map(indicators.map((i) => [i.key, i]));
    for (const [key, entry] of this.entries) {
      if (wanted.has(key)) continue;
      this.stopEntry(entry);
      this.entries.delete(key);
    }
    for (const [key, indicator] of wanted) {
      if (this.entries.has(key)) continue;
      this.entries.set(key, { indicator, series: null, fetchedAt: 0, abort: null, timer: null });
      this.load(key);
    }
  }

  /** A new value arrived for `indicator`: fetch again soon, but not sooner than `minRefreshMs` after the last time. */
  touch(indicator: string): void {
    const entry = this.entries.get(indicator);
    if (!entry || entry.timer || entry.abort) return;
    const wait = Math.max(0, entry.fetchedAt + this.minRefreshMs - this.now());
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.load(indicator);
    }, wait);
  }

  /** Fetch everything again now (after reconnecting, on the periodic refresh). */
  refreshAll(): void {
    for (const key of this.entries.keys()) this.load(key);
  }

  dispose(): void {
    for (const entry of this.entries.values()) this.stopEntry(entry);
    this.entries.clear();
  }

  private stopEntry(entry: Entry): void {
    entry.abort?.abort();
    entry.abort = null;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
  }

  private load(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.stopEntry(entry);
    const abort = new AbortController();
    entry.abort = abort;
    const url = seriesQuery(key, this.opts.area, entry.indicator.frequency, this.now());
    this.fetchSeries(url, abort.signal).then(
      (series) => {
        if (abort.signal.aborted) return;
        entry.abort = null;
        entry.series = series;
        entry.fetchedAt = this.now();
        this.changed();
      },
      () => {
        if (abort.signal.aborted) return;
        entry.abort = null;
        // Keep the history already shown; try again after the usual pause.
        entry.fetchedAt = this.now();
        this.touch(key);
      },
    );
  }

  private changed(): void {
    this.versionNo++;
    for (const l of this.listeners) l();
  }
}
