/**
 * Coalesces changes and sends one batch per room per tick. Within a tick the last value wins for each
 * series (indicator × area): the latest period, and within it the highest version — the same rule by which
 * a screen keeps its latest values — so a burst of thousands of points costs one small message. Batches
 * are numbered (`seq`) and chained per room (`prev`), which lets a client notice a missed batch and reload
 * its snapshot.
 */
import { randomBytes } from 'node:crypto';
import { seriesKey, supersedes, type PointV1 } from '../../shared/observations';
import { rooms, type LiveBatchV1 } from '../../shared/live';
import { discrepancyKey, type DiscrepancyV1 } from '../../shared/report';

export interface BroadcasterOptions {
  tickMs: number;
  /** Category of an indicator, for the category rooms. */
  categoryOf(indicator: string): string | undefined;
  emit(room: string, batch: LiveBatchV1): void;
  /** Seconds between a change being queued and sent, for /metrics. */
  onFlushed?(lagSeconds: number[], points: number): void;
}

export class Broadcaster {
  /** Identifies this server's numbering among several instances. */
  readonly origin = randomBytes(4).toString('hex');
  private seqNo = 0;
  private pending = new Map<string, { point: PointV1; queuedAt: number }>();
  private pendingDiscrepancies = new Map<string, DiscrepancyV1>();
  private lastSent = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: BroadcasterOptions) {}

  /** The seq of the last batch sent: everything up to it is visible to a snapshot read after this call. */
  get seq(): number {
    return this.seqNo;
  }

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.opts.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  publish(points: PointV1[], discrepancies: DiscrepancyV1[] = []): void {
    for (const d of discrepancies) {
      const k = discrepancyKey(d);
      const current = this.pendingDiscrepancies.get(k);
      if (!current || d.version > current.version) this.pendingDiscrepancies.set(k, d);
    }
    // A batch mostly runs through one series after another: each run's latest point is found first, and only
    // that one is weighed against what is pending.
    const now = performance.now();
    let latest: PointV1 | undefined;
    for (const point of points) {
      if (latest && (point.indicator !== latest.indicator || point.area !== latest.area)) {
        this.offer(latest, now);
        latest = point;
      } else if (supersedes(point, latest)) latest = point;
    }
    if (latest) this.offer(latest, now);
  }

  /** Makes `point` its series' pending value unless a later one is pending already. */
  private offer(point: PointV1, now: number): void {
    const k = seriesKey(point);
    const current = this.pending.get(k);
    if (!current || supersedes(point, current.point)) this.pending.set(k, { point, queuedAt: current?.queuedAt ?? now });
  }

  /** Sends what is pending. Called by the tick, and once more on shutdown. */
  flush(): void {
    if (this.pending.size === 0 && this.pendingDiscrepancies.size === 0) return;
    const batch = this.pending;
    const discrepancies = this.pendingDiscrepancies;
    this.pending = new Map();
    this.pendingDiscrepancies = new Map();
    const seq = ++this.seqNo;
    const byRoom = new Map<string, { points: PointV1[]; discrepancies: DiscrepancyV1[] }>();
    const room = (name: string) => {
      let r = byRoom.get(name);
      if (!r) byRoom.set(name, (r = { points: [], discrepancies: [] }));
      return r;
    };
    const add = (name: string, p: PointV1) => room(name).points.push(p);
    const now = performance.now();
    const lags: number[] = [];
    for (const { point, queuedAt } of batch.values()) {
      lags.push((now - queuedAt) / 1000);
      add(rooms.all(), point);
      add(rooms.area(point.area), point);
      const category = this.opts.categoryOf(point.indicator);
      if (category) add(rooms.category(category), point);
    }
    for (const d of discrepancies.values()) {
      room(rooms.all()).discrepancies.push(d);
      room(rooms.area(d.area)).discrepancies.push(d);
      const category = this.opts.categoryOf(d.indicator);
      if (category) room(rooms.category(category)).discrepancies.push(d);
    }
    for (const [name, content] of byRoom) {
      const prev = this.lastSent.get(name) ?? 0;
      this.lastSent.set(name, seq);
      this.opts.emit(name, {
        v: 1,
        origin: this.origin,
        seq,
        prev,
        room: name,
        points: content.points,
        ...(content.discrepancies.length ? { discrepancies: content.discrepancies } : {}),
      });
    }
    this.opts.onFlushed?.(lags, batch.size);
  }
}
