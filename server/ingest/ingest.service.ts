/**
 * Accepting a batch: validate every point, write all or nothing (queueing the parent areas for
 * recomputation) with its audit record, check declared source agreement, announce what changed.
 */
import { DERIVED_SOURCE } from '../../shared/catalog';
import { MAX_NOTES, type IngestNote, type IngestResultV1, type PointV1 } from '../../shared/observations';
import type { DiscrepancyV1 } from '../../shared/report';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { Db, Queryable } from '../db/db';
import { AppError } from '../errors';
import { checkAgreement } from '../report/discrepancies';
import type { Derivation } from './derivation';
import { resolvePoints, upsertObservations, type BatchWriter, type WritePoint } from './ingest.repo';
import { validateBatch, type Validated } from './validate';
import { retryTransient } from '../db/sql';

export interface IngestDeps {
  db: Db;
  catalog: Catalog;
  derivation: Derivation;
  /** Called after commit with every value the screens now show differently, for the live feed. */
  onCommitted(points: PointV1[], discrepancies: DiscrepancyV1[]): void;
}

/** Who is writing: the unit whose scope applies, and how they appear in the audit log and provenance. */
export interface Writer {
  scope: UnitScope;
  actor: string;
  ip: string | null;
  /** "api" for machines with a key, "form" or "csv" for people. */
  channel: 'api' | 'form' | 'csv';
}

/** A unique_violation: a point believed new was not. */
const UNIQUE_VIOLATION = '23505';

export class IngestService {
  /**
   * The latest period this instance has seen written, per indicator, area and source (epoch ms). A batch
   * wholly after them is almost surely new; when another writer got there first, the cheap insert fails
   * and the batch is written again as an upsert, so this only ever decides the cost, never the result.
   */
  private readonly latest = new Map<string, number>();

  constructor(private readonly deps: IngestDeps) {}

  /** Throws 403 when any point lies outside the writer's scope, 422 for any other problem; writes nothing then. */
  check(writer: Writer, items: unknown[], now = new Date()): { points: WritePoint[]; notes: IngestNote[] } {
    const { points, problems, notes } = this.examine(writer, items, now);
    if (problems.some((p) => p.reason === 'out-of-scope')) {
      throw new AppError('forbidden', 403, `unit "${writer.scope.unit.code}" may not write some of these figures; nothing was written`, problems);
    }
    if (problems.length > 0) {
      throw new AppError('validation-failed', 422, `${problems.length} problem(s) in the batch; nothing was written`, problems);
    }
    return { points, notes };
  }

  /** Every problem of a batch and the notes on its accepted points (a period in progress, more decimals than kept). */
  examine(writer: Writer, items: unknown[], now = new Date()): Validated {
    return validateBatch(items, writer.scope, this.deps.catalog, now);
  }

  async ingest(writer: Writer, items: unknown[], now = new Date()): Promise<IngestResultV1> {
    const checked = this.check(writer, items, now);
    const result = await this.write(writer, checked.points);
    return checked.notes.length > 0 ? { ...result, notes: checked.notes.slice(0, MAX_NOTES) } : result;
  }

  async write(writer: Writer, points: WritePoint[]): Promise<IngestResultV1> {
    let changed = 0;
    this.deps.derivation.writeStarted();
    try {
      const stored = await this.store(writer, points);
      changed = stored.changed;
      this.deps.onCommitted(stored.shown, stored.discrepancies);
    } finally {
      this.deps.derivation.writeEnded(changed > 0);
    }
    return { accepted: points.length, written: changed, unchanged: points.length - changed };
  }

  /**
   * Writes the batch with its audit record. Most batches are one statement, committed on its own; a batch
   * that needs a second look after writing — declared source agreement, or a source the screens may not
   * show — is written in a transaction with that look.
   */
  private async store(writer: Writer, points: WritePoint[]) {
    const batch = { unit: writer.scope.unit.code, actor: writer.actor, ip: writer.ip, channel: writer.channel };
    const queue = points.some((p) => this.aggregatesUp(p));
    const spans = seriesSpans(points);
    if (!points.some((p) => this.agreementApplies(p) || !this.shownAsWritten(p))) {
      const changed = await retryTransient(() => this.writeAlone(batch, points, spans, queue));
      this.remember(spans);
      return { changed: changed.length, shown: changed, discrepancies: [] as DiscrepancyV1[] };
    }
    const out = await retryTransient(() =>
      this.deps.db.transaction(async (tx) => {
        const changed = await upsertObservations(tx, batch, points, { queue });
        const discrepancies = await checkAgreement(tx, this.deps.catalog, changed);
        return { changed: changed.length, shown: await this.resolveForScreens(tx, changed), discrepancies };
      }),
    );
    this.remember(spans);
    return out;
  }

  /** One statement outside a transaction: a plain insert when every point is after what is known written. */
  private async writeAlone(batch: BatchWriter, points: WritePoint[], spans: Map<string, Span>, queue: boolean): Promise<PointV1[]> {
    if ([...spans].every(([key, span]) => span.first > (this.latest.get(key) ?? Infinity))) {
      try {
        return await upsertObservations(this.deps.db, batch, points, { queue, onlyNew: true });
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      }
    }
    return upsertObservations(this.deps.db, batch, points, { queue });
  }

  /** Notes the periods a committed batch wrote. */
  private remember(spans: Map<string, Span>): void {
    for (const [key, { last }] of spans) if (last > (this.latest.get(key) ?? -Infinity)) this.latest.set(key, last);
  }

  /** Whether the point's area has a parent whose value its indicator derives. */
  private aggregatesUp(p: { indicator: string; area: string }): boolean {
    const kind = this.deps.catalog.indicators.get(p.indicator)?.spatial.kind;
    return kind !== undefined && kind !== 'none' && (this.deps.catalog.areas.get(p.area)?.parent ?? null) !== null;
  }

  /** Whether the point's indicator declares that two sources must agree, and this is one of them. */
  private agreementApplies(p: { indicator: string; source: string }): boolean {
    return this.deps.catalog.indicators.get(p.indicator)?.agreement?.sources.includes(p.source) ?? false;
  }

  /** Whether a written value is surely what the screens show: no other source its indicator prefers. */
  private shownAsWritten(p: { indicator: string; source: string }): boolean {
    const preferred = this.deps.catalog.indicators.get(p.indicator)?.preferredSources ?? [];
    return preferred.length === 0 || preferred[0] === p.source || p.source === DERIVED_SOURCE;
  }

  /**
   * A changed row is what the screens show unless its indicator prefers another source that may also be
   * present; only those rows are looked up again.
   */
  private async resolveForScreens(tx: Queryable, points: PointV1[]): Promise<PointV1[]> {
    const direct: PointV1[] = [];
    const lookup: PointV1[] = [];
    for (const p of points) (this.shownAsWritten(p) ? direct : lookup).push(p);
    if (lookup.length === 0) return direct;
    return [...direct, ...(await resolvePoints(tx, lookup))];
  }
}

/** The earliest and latest period (epoch ms) a batch writes for one series. */
interface Span {
  first: number;
  last: number;
}

/**
 * Each series' span in a batch, keyed by indicator, area and source. A batch mostly runs through one series
 * after another, so a point of the series just seen is folded in without making its key again.
 */
function seriesSpans(points: WritePoint[]): Map<string, Span> {
  const spans = new Map<string, Span>();
  let prev: WritePoint | undefined;
  let span: Span | undefined;
  for (const p of points) {
    const ms = p.ts.getTime();
    if (!span || p.indicator !== prev!.indicator || p.area !== prev!.area || p.source !== prev!.source) {
      const key = `${p.indicator}|${p.area}|${p.source}`;
      span = spans.get(key);
      if (!span) spans.set(key, (span = { first: ms, last: ms }));
    }
    if (ms < span.first) span.first = ms;
    if (ms > span.last) span.last = ms;
    prev = p;
  }
  return spans;
}
