/**
 * Recomputes parent areas (district from stations, province from districts) after points commit, apart
 * from the request that wrote them. Work is coalesced: passes start at most once per interval (the live
 * tick by default: screens cannot see a province change more often than that), and a pass recomputes each
 * (indicator, parent, period) once however many districts touched it since the last one. Under load they
 * are spaced further apart, up to four intervals (see `nextPassAt`). The first batch after a quiet spell is
 * recomputed at once. The queue is a table written in the same statement as the points, so nothing is lost.
 */
import type { Logger } from 'pino';
import type { PointV1 } from '../../shared/observations';
import type { Catalog } from '../catalog/catalog';
import type { Db, Queryable } from '../db/db';
import { deriveParents, lockParents, takeQueued, type DeriveTarget, type Settle, type TakeLimit } from './ingest.repo';
import { retryTransient } from '../db/sql';

/**
 * What one pass takes from the queue: a pass stays one short transaction (a few hundred ms) even after a long
 * outage, yet under load takes a second's worth of batches together, so that a province hour that 15
 * districts report within that second is recomputed once rather than once per slice of the queue.
 */
const PASS_LIMIT: TakeLimit = { batches: 1000, points: 100_000 };
const RETRY_MS = 1000;
/** Under load, a pass starts no sooner than this many times the last one's duration after it started. */
const LOAD_SPACING = 4;
/** …but never more than this many intervals after. */
const MAX_STRETCH = 4;
/** …and only while batches keep coming: no batch for this fraction of an interval, and the pass starts… */
const QUIET_FRACTION = 4;
/** …or for this fraction when no batch is being written either: the load has ended, most likely. */
const IDLE_FRACTION = 32;
/**
 * Under load, batches queued in the last this-fraction of an interval wait for the next pass, and so do the
 * parents they name, so that a parent whose districts are reporting right now is recomputed once they all
 * have. A parent waits one pass at most.
 */
const SETTLE_FRACTION = 2;
/** A pass with at least this many parents to recompute, and no batch being written, splits them across two connections. */
const SPLIT_TARGETS = 2000;

/**
 * When the next pass may start (ms, as `performance.now()`): an interval after the last one started. Under
 * load, when the last one took long, later: LOAD_SPACING times its duration after, so that recomputation
 * takes about a quarter of the database's time at most and each pass takes more districts together, but
 * never more than MAX_STRETCH intervals after (a province then lags its districts by a second at worst with
 * the default tick), and only while batches keep coming: a quarter of an interval after the last one asked,
 * it starts, or a thirty-second when no batch is being written (`writing` false).
 */
export function nextPassAt(lastStart: number, lastDurationMs: number, lastAsked: number, intervalMs: number, writing = true): number {
  const spaced = lastStart + Math.max(intervalMs, Math.min(MAX_STRETCH * intervalMs, LOAD_SPACING * lastDurationMs));
  const quiet = intervalMs / (writing ? QUIET_FRACTION : IDLE_FRACTION);
  return Math.min(spaced, Math.max(lastStart + intervalMs, lastAsked + quiet));
}

export interface DerivationOptions {
  /** Least time between the starts of two passes, in ms. */
  intervalMs: number;
  /** Told when work starts (true) and when the queue is drained (false), for /metrics. */
  onBusy?(busy: boolean): void;
  /** Told how long each pass that found work took, for /metrics. */
  onPass?(seconds: number): void;
  /**
   * Whether a large pass may take a second connection from the pool for half its work (see `pass`): a server
   * with its own cores (PostgreSQL), and a pool of two connections or more.
   */
  split?: boolean;
}

export class Derivation {
  private running: Promise<void> | undefined;
  private dirty = false;
  /** A pass waiting for its interval to pass. */
  private pending: NodeJS.Timeout | undefined;
  private lastStart = -Infinity;
  /** How long the last run of passes took, from its start until the queue was drained. */
  private lastDuration = 0;
  /** When a pass was last asked for. */
  private lastAsked = -Infinity;
  /** Batches being written now (see `writeStarted`). */
  private writing = 0;
  /** Parents the last pass left for later (see SETTLE_FRACTION): the next one recomputes them whatever comes. */
  private deferred: DeriveTarget[] = [];
  /** The last pass left batches or parents for later: another must follow. */
  private left = false;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly catalog: Catalog,
    private readonly log: Logger,
    private readonly onDerived: (points: PointV1[]) => void,
    private readonly options: DerivationOptions = { intervalMs: 0 },
  ) {}

  /**
   * Parents one level up of the changed points, for indicators that aggregate: the next level of a pass.
   * (An ingest batch queues its own in SQL, by the same rule: see `upsertObservations`.)
   */
  private parentTargets(points: PointV1[]): DeriveTarget[] {
    const out = new Map<string, DeriveTarget>();
    for (const p of points) {
      const ind = this.catalog.indicators.get(p.indicator);
      if (!ind || ind.spatial.kind === 'none') continue;
      const parent = this.catalog.areas.get(p.area)?.parent;
      if (!parent) continue;
      const k = `${p.indicator}|${parent}|${p.ts}`;
      if (!out.has(k)) out.set(k, { indicator: p.indicator, area: parent, ts: p.ts });
    }
    return [...out.values()];
  }

  /**
   * A batch is about to be written. Each is followed by `writeEnded`, whatever the outcome: while batches
   * are being written, a pass under load waits for them to stop coming; once none is, it starts sooner.
   */
  writeStarted(): void {
    this.writing++;
  }

  /** A batch was written, or failed; `changed` says whether it changed anything, which asks for a pass. */
  writeEnded(changed: boolean): void {
    this.writing--;
    if (changed) this.schedule();
    // The last writer is done: a waiting pass may now be due sooner.
    else if (this.writing === 0 && this.pending) this.wake();
  }

  /** Asks for a pass after a batch was written; returns at once. The pass starts when `nextPassAt` says. */
  private schedule(): void {
    this.lastAsked = performance.now();
    this.request();
  }

  private request(): void {
    if (this.stopped) return;
    if (this.pending) {
      if (this.writing === 0) this.wake();
      return;
    }
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.options.onBusy?.(true);
    this.wake();
  }

  /** Starts the pass when it is due, or waits until then; a batch asking meanwhile may put it further off. */
  private wake(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    const wait = nextPassAt(this.lastStart, this.lastDuration, this.lastAsked, this.options.intervalMs, this.writing > 0) - performance.now();
    if (wait <= 0) this.start();
    else this.pending = setTimeout(() => this.wake(), wait);
  }

  /** Runs whatever is queued now, without waiting for the interval; resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    this.request();
    while (this.running || this.pending) {
      if (this.pending) this.start();
      await this.running;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.pending);
    this.pending = undefined;
    await this.running;
  }

  private start(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.lastStart = performance.now();
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.lastDuration = performance.now() - this.lastStart;
      if ((this.dirty || this.left) && !this.stopped) {
        this.dirty = false;
        this.request();
      } else {
        this.options.onBusy?.(false);
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      // Passes follow each other at once only while there is a backlog; batches that arrive meanwhile
      // wait for the next interval.
      for (;;) {
        const started = performance.now();
        const { batches, more, derived } = await this.pass();
        if (batches > 0) this.options.onPass?.((performance.now() - started) / 1000);
        if (derived.length > 0) this.onDerived(derived);
        if (!more) return;
      }
    } catch (err) {
      // The rows stay queued (the failed transaction rolled back); try again shortly.
      this.log.error({ err }, 'recomputing parent areas failed; retrying');
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.request(), RETRY_MS);
      this.retry.unref();
    }
  }

  /**
   * One transaction: take queued targets and recompute them level by level. While batches are being written,
   * the last moments' batches wait (see SETTLE_FRACTION); when none is, all are taken.
   *
   * A large pass with no batch being written (the backlog the end of a load leaves, which the province's screens
   * wait for) is split by period across two connections: this transaction takes the queue, locks every
   * parent either half may recompute, and recomputes the earlier periods once a second has recomputed the
   * later ones and committed (no longer both at once, see below). If it fails, this one rolls back, and the
   * batches stay queued; if this one fails after it committed, they are recomputed again, to the same values.
   * A period's parents at every level depend on its children for that period alone, so each half is whole;
   * a weighted mean also reads its weights at earlier periods, which the other half may be recomputing, so a
   * pass with one is not split.
   */
  private pass(): Promise<{ batches: number; more: boolean; derived: PointV1[] }> {
    const settle: Settle = { ms: this.writing > 0 ? this.options.intervalMs / SETTLE_FRACTION : 0, force: this.deferred };
    return retryTransient(() =>
      this.db.transaction(async (tx) => {
        const taken = await takeQueued(tx, PASS_LIMIT, settle);
        this.deferred = taken.deferred;
        this.left = taken.waiting > 0 || taken.deferred.length > 0;
        const halves = this.splits(taken.targets) ? splitByPeriod(taken.targets) : undefined;
        if (!halves) return { batches: taken.batches, more: taken.more, derived: await this.deriveLevels(tx, taken.targets, true) };
        await lockParents(tx, taken.targets.flatMap((t) => [t, ...this.catalog.ancestors(t.area).map((area) => ({ indicator: t.indicator, area }))]));
        // One after the other, not at once: both halves write a series' row of latest_observations (its
        // trigger), and this transaction, which commits last, would hold that row while the other waited
        // for it — a wait PostgreSQL cannot see as a deadlock.
        const later = await this.db.transaction((other) => this.deriveLevels(other, halves[1], false));
        const earlier = await this.deriveLevels(tx, halves[0], false);
        return { batches: taken.batches, more: taken.more, derived: [...earlier, ...later] };
      }),
    );
  }

  /** Whether a pass's targets are split across two connections (see `pass`). */
  private splits(targets: DeriveTarget[]): boolean {
    return (
      this.options.split === true &&
      this.writing === 0 &&
      targets.length >= SPLIT_TARGETS &&
      targets.every((t) => this.catalog.indicators.get(t.indicator)?.spatial.kind !== 'weighted-mean')
    );
  }

  /** Recomputes the targets and, from what changed, their parents in turn, deepest level first. */
  private async deriveLevels(tx: Queryable, targets: DeriveTarget[], lock: boolean): Promise<PointV1[]> {
    const out: PointV1[] = [];
    // Deepest first, so that a province is computed from districts already recomputed from stations.
    while (targets.length > 0) {
      const depth = Math.max(...targets.map((t) => this.catalog.depth(t.area)));
      const changed = await deriveParents(tx, targets.filter((t) => this.catalog.depth(t.area) === depth), { lock });
      out.push(...changed);
      const rest = targets.filter((t) => this.catalog.depth(t.area) !== depth);
      const seen = new Set(rest.map((t) => `${t.indicator}|${t.area}|${t.ts}`));
      targets = [...rest, ...this.parentTargets(changed).filter((t) => !seen.has(`${t.indicator}|${t.area}|${t.ts}`))];
    }
    return out;
  }
}

/**
 * Targets in two halves of about the same size, every period wholly in one: the earlier periods and the
 * later ones. None when every target has the same period.
 */
export function splitByPeriod(targets: DeriveTarget[]): [DeriveTarget[], DeriveTarget[]] | undefined {
  const periods = targets.map((t) => Date.parse(t.ts)).sort((a, b) => a - b);
  const cut = periods[periods.length >> 1]!;
  const earlier = targets.filter((t) => Date.parse(t.ts) < cut);
  if (earlier.length === 0) return undefined;
  return [earlier, targets.filter((t) => Date.parse(t.ts) >= cut)];
}
