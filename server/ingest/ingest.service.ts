/** Accepting a unit's batch: validate every point, write all or nothing, recompute parents, announce changes. */
import { DERIVED_SOURCE } from '../../shared/catalog';
import type { IngestResultV1, PointV1 } from '../../shared/observations';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { Db, Queryable } from '../db/db';
import { AppError } from '../errors';
import type { Derivation } from './derivation';
import { queueDerivation, resolvePoints, upsertObservations, type WritePoint } from './ingest.repo';
import { validateBatch } from './validate';

export interface IngestDeps {
  db: Db;
  catalog: Catalog;
  derivation: Derivation;
  /** Called after commit with every value the screens now show differently, for the live feed. */
  onCommitted(points: PointV1[]): void;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  async ingest(scope: UnitScope, items: unknown[], now = new Date()): Promise<IngestResultV1> {
    const { points, problems } = validateBatch(items, scope, this.deps.catalog, now);
    if (problems.length > 0) {
      throw new AppError('validation-failed', 422, `${problems.length} problem(s) in the batch; nothing was written`, problems);
    }
    const { changed, shown } = await this.write(scope.unit.code, points);
    this.deps.onCommitted(shown);
    if (changed > 0) this.deps.derivation.schedule();
    return { accepted: points.length, written: changed, unchanged: points.length - changed };
  }

  private async write(unit: string, points: WritePoint[]): Promise<{ changed: number; shown: PointV1[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.db.transaction(async (tx) => {
          const changed = await upsertObservations(tx, unit, points);
          await queueDerivation(tx, this.deps.derivation.parentTargets(changed));
          return { changed: changed.length, shown: await this.resolveForScreens(tx, changed) };
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt < 3 && code && RETRYABLE.has(code)) continue;
        throw err;
      }
    }
  }

  /**
   * A changed row is what the screens show unless its indicator prefers another source that may also be
   * present; only those rows are looked up again.
   */
  private async resolveForScreens(tx: Queryable, points: PointV1[]): Promise<PointV1[]> {
    const direct: PointV1[] = [];
    const lookup: PointV1[] = [];
    for (const p of points) {
      const preferred = this.deps.catalog.indicators.get(p.indicator)?.preferredSources ?? [];
      const certain = preferred.length === 0 || preferred[0] === p.source || p.source === DERIVED_SOURCE;
      (certain ? direct : lookup).push(p);
    }
    if (lookup.length === 0) return direct;
    return [...direct, ...(await resolvePoints(tx, lookup))];
  }
}
