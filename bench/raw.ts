/** The database's own ceiling: the same points inserted straight into the same table, no HTTP, no rules. */
import type { Db } from '../server/db/db';
import { migrate } from '../server/db/migrate';
import { cpuSeconds, cpuSince, type CpuPart } from './cpu';
import type { BenchPoint } from './workload';

type Plan = { points: BenchPoint[] }[][];

/** Inserts each sender's batches in order, the senders side by side; returns how many points. */
async function insert(db: Db, plan: Plan): Promise<number> {
  let points = 0;
  await Promise.all(
    plan.map(async (batches) => {
      for (const { points: batch } of batches) {
        await db.query(
          `INSERT INTO observations (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version)
           SELECT t.indicator_key, t.area_code, 'one-stop-shop', t.ts, t.value, 'bench', now(), 1, nextval('observation_version')
           FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[]) AS t(indicator_key, area_code, ts, value)`,
          [batch.map((p) => p.indicator), batch.map((p) => p.area), batch.map((p) => p.ts), batch.map((p) => p.value)],
        );
        points += batch.length;
      }
    }),
  );
  return points;
}

/** The plan's inserts, timed, after the warm-up's (not timed), as the end-to-end run has them. */
export async function rawCeiling(db: Db, warmUp: Plan, plan: Plan): Promise<{ points: number; seconds: number; cpu: Record<CpuPart, number> }> {
  await migrate(db);
  await insert(db, warmUp);
  const cpu = cpuSeconds();
  const started = performance.now();
  const points = await insert(db, plan);
  return { points, seconds: (performance.now() - started) / 1000, cpu: cpuSince(cpu) };
}
