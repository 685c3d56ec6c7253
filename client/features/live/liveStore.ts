/**
 * The live protocol as a pure state machine: a snapshot, then batches merged on top of it, and a signal
 * when a batch shows that one was missed. No socket, no DOM: the hook around it owns the I/O.
 */
import type { SnapshotV1 } from '../../../shared/api';
import type { LiveBatchV1 } from '../../../shared/live';
import { seriesKey, supersedes, type PointV1 } from '../../../shared/observations';
import { discrepancyKey, type DiscrepancyV1 } from '../../../shared/report';

export interface RecentChange {
  point: PointV1;
  /** When this client applied it (ms since epoch), for "x seconds ago" and highlighting. */
  at: number;
}

export interface ApplyResult {
  /** A batch was missed: the caller should reload the snapshot. */
  gap: boolean;
  /** Held back until the snapshot being loaded arrives. */
  buffered: boolean;
  /** Series whose shown value changed. */
  changed: number;
}

export interface LiveStoreOptions {
  /** Size of the "recent updates" feed. */
  recentLimit?: number;
  /** Batches held while a snapshot loads; beyond it the oldest go, and the gap check asks for a reload. */
  bufferLimit?: number;
  now?: () => number;
}

const NOTHING: ApplyResult = { gap: false, buffered: false, changed: 0 };

export class LiveStore {
  private map = new Map<string, PointV1>();
  /** Open discrepancies by `indicator|area|ts`, and the versions of cleared ones (so a late "open" cannot revive them). */
  private disputes = new Map<string, DiscrepancyV1>();
  private disputesShared = false;
  /** Versions of recently cleared discrepancies, bounded: a late "open" from before the clear is ignored. */
  private cleared = new Map<string, number>();
  /** Set once `points` has been handed out: the next change copies the map instead of mutating it. */
  private shared = false;
  private baseline: { origin: string; seq: number } | null = null;
  /** Last seq seen per `${origin} ${room}`. */
  private lastSeq = new Map<string, number>();
  private loading = false;
  private pending: LiveBatchV1[] = [];
  private recentRing: (RecentChange | undefined)[];
  private recentNext = 0;
  private recentCount = 0;
  private recentCache: readonly RecentChange[] | null = null;
  private listeners = new Set<() => void>();
  private versionNo = 0;
  private asOf: number | null = null;
  private readonly bufferLimit: number;
  private readonly now: () => number;

  constructor(opts: LiveStoreOptions = {}) {
    this.recentRing = new Array<RecentChange | undefined>(opts.recentLimit ?? 200);
    this.bufferLimit = opts.bufferLimit ?? 5000;
    this.now = opts.now ?? Date.now;
  }

  /** Increases with every change, so a view can tell whether it is stale. */
  get version(): number {
    return this.versionNo;
  }

  /** Latest value per series. The map returned is never mutated afterwards, so React may keep it. */
  get points(): ReadonlyMap<string, PointV1> {
    this.shared = true;
    return this.map;
  }

  /** Open discrepancies by `indicator|area|ts`. Never mutated after it is handed out. */
  get discrepancies(): ReadonlyMap<string, DiscrepancyV1> {
    this.disputesShared = true;
    return this.disputes;
  }

  get(indicator: string, area: string): PointV1 | undefined {
    return this.map.get(seriesKey({ indicator, area }));
  }

  get hasSnapshot(): boolean {
    return this.baseline !== null;
  }

  get isLoading(): boolean {
    return this.loading;
  }

  /** When the data was last known to be current: the snapshot's time or the last batch's arrival. */
  get dataAsOf(): number | null {
    return this.asOf;
  }

  /** Most recent changes, newest first. */
  get recent(): readonly RecentChange[] {
    if (this.recentCache) return this.recentCache;
    const size = this.recentRing.length;
    const out: RecentChange[] = [];
    for (let i = 1; i <= this.recentCount; i++) out.push(this.recentRing[(this.recentNext - i + size) % size]!);
    this.recentCache = out;
    return out;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Batches that arrive from now until `loadSnapshot` are held back and applied after it. */
  beginSnapshot(): void {
    this.loading = true;
  }

  /**
   * Gives up on a snapshot that failed to load: held batches go onto the data already shown, so the
   * screen keeps moving while the caller retries. Without any snapshot yet there is nothing to apply them to.
   */
  cancelSnapshot(): ApplyResult {
    if (!this.baseline) return NOTHING;
    this.loading = false;
    const held = this.pending;
    this.pending = [];
    return this.applyAll(held);
  }

  /** Replaces everything with the snapshot, then applies batches held while it loaded. */
  loadSnapshot(snapshot: SnapshotV1): ApplyResult {
    this.map = new Map(snapshot.points.map((p) => [seriesKey(p), p]));
    this.shared = false;
    this.disputes = new Map((snapshot.discrepancies ?? []).map((d) => [discrepancyKey(d), d]));
    this.disputesShared = false;
    this.baseline = { origin: snapshot.origin, seq: snapshot.seq };
    // Other origins' numbering restarts too: the snapshot already holds what they had committed.
    this.lastSeq.clear();
    this.loading = false;
    this.asOf = Date.parse(snapshot.generatedAt) || this.now();
    const held = this.pending;
    this.pending = [];
    this.changed();
    return this.applyAll(held);
  }

  applyBatch(batch: LiveBatchV1): ApplyResult {
    if (this.loading || !this.baseline) {
      this.pending.push(batch);
      if (this.pending.length > this.bufferLimit) this.pending.shift();
      return { ...NOTHING, buffered: true };
    }
    const gap = this.track(batch, this.baseline);
    let changed = 0;
    // Merging is safe even after a gap or for a batch already in the snapshot: `supersedes` never regresses.
    for (const point of batch.points) {
      const key = seriesKey(point);
      if (!supersedes(point, this.map.get(key))) continue;
      if (this.shared) {
        this.map = new Map(this.map);
        this.shared = false;
      }
      this.map.set(key, point);
      this.remember(point);
      changed++;
    }
    for (const d of batch.discrepancies ?? []) {
      const key = discrepancyKey(d);
      const current = this.disputes.get(key);
      if (current && current.version >= d.version) continue;
      if ((this.cleared.get(key) ?? -1) >= d.version) continue;
      if (d.status === 'cleared') {
        this.cleared.delete(key);
        this.cleared.set(key, d.version);
        if (this.cleared.size > 1000) this.cleared.delete(this.cleared.keys().next().value!);
        if (!current) continue;
      }
      if (this.disputesShared) {
        this.disputes = new Map(this.disputes);
        this.disputesShared = false;
      }
      if (d.status === 'open') this.disputes.set(key, d);
      else this.disputes.delete(key);
      changed++;
    }
    this.asOf = this.now();
    this.changed();
    return { gap, buffered: false, changed };
  }

  /** Sequence bookkeeping; true when `batch.prev` names a batch this client never saw. */
  private track(batch: LiveBatchV1, baseline: { origin: string; seq: number }): boolean {
    const fromSnapshotOrigin = batch.origin === baseline.origin;
    if (fromSnapshotOrigin && batch.seq <= baseline.seq) return false;
    const k = `${batch.origin} ${batch.room}`;
    const last = this.lastSeq.get(k) ?? (fromSnapshotOrigin ? baseline.seq : undefined);
    // Another server behind the load balancer: its earlier batches are in the snapshot or were before us.
    if (last === undefined) {
      this.lastSeq.set(k, batch.seq);
      return false;
    }
    if (batch.prev > last) return true;
    this.lastSeq.set(k, Math.max(last, batch.seq));
    return false;
  }

  private applyAll(batches: LiveBatchV1[]): ApplyResult {
    let gap = false;
    let changed = 0;
    for (const b of batches) {
      const r = this.applyBatch(b);
      gap ||= r.gap;
      changed += r.changed;
    }
    return { gap, buffered: false, changed };
  }

  private remember(point: PointV1): void {
    const size = this.recentRing.length;
    if (size === 0) return;
    this.recentRing[this.recentNext] = { point, at: this.now() };
    this.recentNext = (this.recentNext + 1) % size;
    this.recentCount = Math.min(this.recentCount + 1, size);
    this.recentCache = null;
  }

  private changed(): void {
    this.versionNo++;
    for (const l of this.listeners) l();
  }
}
