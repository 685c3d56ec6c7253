/**
 * Recomputes parent areas (district from stations, province from districts) after points commit, apart
 * from the request that wrote them. Work is coalesced: while one pass runs, every batch that commits adds
 * to the queue, and the next pass recomputes each (indicator, parent, period) once, however many
 * districts touched it. The queue is a table written in the ingest transaction, so nothing is lost.
 */
import type { Logger } from 'pino';
import type { PointV1 } from '../../shared/observations';
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { deriveParents, takeQueued, type DeriveTarget } from './ingest.repo';
import { retryTransient } from '../db/sql';

/** Queued batches per pass: a pass stays one short transaction even after a long outage. */
const PASS_LIMIT = 50;
const RETRY_MS = 1000;

export class Derivation {
  private running: Promise<void> | undefined;
  private dirty = false;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly catalog: Catalog,
    private readonly log: Logger,
    private readonly onDerived: (points: PointV1[]) => void,
    /** Told when work starts (true) and when the queue is drained (false), for /metrics. */
    private readonly onBusy: (busy: boolean) => void = () => {},
  ) {}

  /** Parents one level up of the changed points, for indicators that aggregate. */
  parentTargets(points: PointV1[]): DeriveTarget[] {
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

  /** Asks for a pass; returns at once. */
  schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.onBusy(true);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.dirty) {
        this.dirty = false;
        this.schedule();
      } else {
        this.onBusy(false);
      }
    });
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    this.schedule();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const derived = await this.pass();
        if (derived === undefined) return;
        if (derived.length > 0) this.onDerived(derived);
      }
    } catch (err) {
      // The rows stay queued (the failed transaction rolled back); try again shortly.
      this.log.error({ err }, 'recomputing parent areas failed; retrying');
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.schedule(), RETRY_MS);
      this.retry.unref();
    }
  }

  /** One transaction: take queued targets and recompute them level by level. Undefined when the queue was empty. */
  private pass(): Promise<PointV1[] | undefined> {
    return retryTransient(() =>
      this.db.transaction(async (tx) => {
        let targets = await takeQueued(tx, PASS_LIMIT);
        if (targets.length === 0) return undefined;
        const out: PointV1[] = [];
        // Deepest first, so that a province is computed from districts already recomputed from stations.
        while (targets.length > 0) {
          const depth = Math.max(...targets.map((t) => this.catalog.depth(t.area)));
          const changed = await deriveParents(tx, targets.filter((t) => this.catalog.depth(t.area) === depth));
          out.push(...changed);
          const rest = targets.filter((t) => this.catalog.depth(t.area) !== depth);
          const seen = new Set(rest.map((t) => `${t.indicator}|${t.area}|${t.ts}`));
          targets = [...rest, ...this.parentTargets(changed).filter((t) => !seen.has(`${t.indicator}|${t.area}|${t.ts}`))];
        }
        return out;
      }),
    );
  }
}
