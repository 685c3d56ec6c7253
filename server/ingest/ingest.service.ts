/** Accepting a unit's batch: validate every point, write all or nothing, derive parents, announce changes. */
import type { IngestResultV1, PointV1 } from '../../shared/observations';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { deriveParents, resolvePoints, upsertObservations, type DeriveTarget } from './ingest.repo';
import { validateBatch } from './validate';

export interface IngestDeps {
  db: Db;
  catalog: Catalog;
  /** Called after commit with every value that changed, for the live feed. */
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
    const { written, derived, broadcast } = await this.write(scope.unit.code, points);
    this.deps.onCommitted(broadcast);
    return { accepted: points.length, written, unchanged: points.length - written, derived };
  }

  private async write(unit: string, points: Parameters<typeof upsertObservations>[2]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.db.transaction(async (tx) => {
          const changed = await upsertObservations(tx, unit, points);
          const derived: PointV1[] = [];
          let level = changed;
          // Deepest first: stations into districts, then districts into the province.
          while (level.length > 0) {
            const targets = this.parentTargets(level);
            if (targets.length === 0) break;
            level = await deriveParents(tx, targets);
            derived.push(...level);
          }
          const all = [...changed, ...derived];
          return { written: changed.length, derived: derived.length, broadcast: await this.resolveForScreens(tx, all) };
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt < 3 && code && RETRYABLE.has(code)) continue;
        throw err;
      }
    }
  }

  /** Parents of the changed points, one level up, for indicators that aggregate. */
  private parentTargets(points: PointV1[]): DeriveTarget[] {
    const out = new Map<string, DeriveTarget>();
    for (const p of points) {
      const ind = this.deps.catalog.indicators.get(p.indicator);
      if (!ind || ind.spatial.kind === 'none') continue;
      const parent = this.deps.catalog.areas.get(p.area)?.parent;
      if (!parent) continue;
      const k = `${p.indicator}|${parent}|${p.ts}`;
      if (!out.has(k)) out.set(k, { indicator: p.indicator, area: parent, ts: p.ts });
    }
    return [...out.values()];
  }

  /**
   * A changed row is what the screens show unless its indicator prefers another source; only those are
   * looked up again.
   */
  private async resolveForScreens(tx: Parameters<typeof resolvePoints>[0], points: PointV1[]): Promise<PointV1[]> {
    const direct: PointV1[] = [];
    const lookup: PointV1[] = [];
    for (const p of points) {
      const ind = this.deps.catalog.indicators.get(p.indicator);
      (ind && ind.preferredSources.length > 0 ? lookup : direct).push(p);
    }
    if (lookup.length === 0) return direct;
    return [...direct, ...(await resolvePoints(tx, lookup))];
  }
}
