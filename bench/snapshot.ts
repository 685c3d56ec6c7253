/**
 * The snapshot at a year of data: every series of the region pack written for the past year at its
 * indicator's frequency (inserted with SQL, parents as derived values), then GET /api/v1/snapshot timed over
 * HTTP, its query timed alone, and the former query over observations timed beside it in the same run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { openPg } from '../server/db/pg';
import { openPglite } from '../server/db/pglite';
import { startServer } from '../server/main';
import { latestPoints } from '../server/readings/readings.repo';
import type { Frequency } from '../shared/time';
import { TIME_ZONE } from '../shared/time';
import { createPgDatabase, openTestDb } from '../tests/integration/harness';
import { latestPointsFromObservations } from '../tests/integration/snapshot.reference';

export type SnapshotDriver = 'pglite' | 'pg' | 'timescale';

/** How each frequency's periods are laid out in local time: the period start's unit, and the step. */
const PERIODS: Record<Frequency, [string, string]> = {
  PT15M: ['hour', '15 minutes'],
  PT1H: ['hour', '1 hour'],
  P1D: ['day', '1 day'],
  P1M: ['month', '1 month'],
  P3M: ['quarter', '3 months'],
  P1Y: ['year', '1 year'],
};

export interface SnapshotFigures {
  /** What was timed: "uncompressed", or "chunks compressed" on TimescaleDB. */
  state: string;
  observations: number;
  series: number;
  latestRows: number;
  loadSeconds: number;
  /** Milliseconds, sorted: the HTTP round trip of GET /api/v1/snapshot, its query, the former query. */
  http: number[];
  query: number[];
  former: number[];
  /**
   * The same rounds' GET /healthz and `SELECT 1`: what any request and any statement cost on the machine
   * at the time. It is shared, and its load shows in these before it shows in the snapshot.
   */
  httpFloor: number[];
  queryFloor: number[];
}

async function open(driver: SnapshotDriver): Promise<{ db: Db; drop(): Promise<void> }> {
  if (driver === 'pglite') return { db: await openPglite(mkdtempSync(path.join(tmpdir(), 'cityops-bench-snapshot-'))), drop: async () => {} };
  if (driver === 'timescale') return openTestDb('timescale');
  const { url, drop } = await createPgDatabase();
  return { db: await openPg(url, 4), drop };
}

/** A year of every series up to now, one statement per indicator; the latest-value triggers run as for any write. */
export async function loadYear(db: Db, catalog: Awaited<ReturnType<typeof startServer>>['catalog']): Promise<void> {
  const byIndicator = new Map<string, string[]>();
  for (const s of catalog.series) byIndicator.set(s.indicator, [...(byIndicator.get(s.indicator) ?? []), s.area]);
  for (const [key, areas] of byIndicator) {
    const indicator = catalog.indicators.get(key)!;
    const [unit, step] = PERIODS[indicator.frequency];
    const leaf = areas.map((a) => catalog.areas.get(a)!.kind === indicator.level);
    // Leaves from the preferred source (a second one every fourth period when declared), parents derived.
    const sources = indicator.preferredSources.length > 0 ? indicator.preferredSources.slice(0, 2) : ['unit-report'];
    await db.query(
      `INSERT INTO observations (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage)
       SELECT $1, a.code, CASE WHEN a.leaf THEN src.source ELSE 'derived' END, p.local AT TIME ZONE '${TIME_ZONE}',
         round((random() * 100)::numeric, 1)::float8, NULL, now(), 1, nextval('observation_version'),
         CASE WHEN a.leaf THEN NULL ELSE 1 END
       FROM unnest($2::text[], $3::bool[]) AS a(code, leaf)
       CROSS JOIN generate_series(
         date_trunc($4, (now() - interval '1 year') AT TIME ZONE '${TIME_ZONE}'),
         now() AT TIME ZONE '${TIME_ZONE}', $5::interval) WITH ORDINALITY AS p(local, n)
       CROSS JOIN unnest($6::text[]) WITH ORDINALITY AS src(source, k)
       WHERE src.k = 1 OR (a.leaf AND p.n % 4 = 0)`,
      [key, areas, leaf, unit, step, sources],
    );
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Loads a year on a fresh database of the driver's kind and times the snapshot `rounds` times (after a few
 * rounds not counted). On TimescaleDB it is timed again with every chunk compressed.
 */
export async function snapshotBench(driver: SnapshotDriver, rounds: number): Promise<SnapshotFigures[]> {
  const { db, drop } = await open(driver);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-bench-snapshot-')),
    SIMULATE: 'false',
    LOG_LEVEL: 'warn',
  });
  const server = await startServer(config, { db });
  try {
    const started = performance.now();
    await loadYear(db, server.catalog);
    // A PostgreSQL server's autovacuum would have analysed a year of writes; PGlite has none, and is left so.
    if (driver === 'pg') await db.query('ANALYZE');
    const loadSeconds = (performance.now() - started) / 1000;
    const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    const measure = async (state: string): Promise<SnapshotFigures> => {
      const http: number[] = [];
      const query: number[] = [];
      const former: number[] = [];
      const httpFloor: number[] = [];
      const queryFloor: number[] = [];
      // A kept-alive connection may have been closed while the database held the event loop (TimescaleDB-PGlite
      // runs here): one request that may fail takes it out of the pool.
      await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer(), () => undefined);
      for (let round = -3; round < rounds; round++) {
        const hf = await timed(() => fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer()));
        const h = await timed(async () => {
          const res = await fetch(`${server.url}/api/v1/snapshot`);
          if (!res.ok) throw new Error(`snapshot answered ${res.status}`);
          await res.arrayBuffer();
        });
        const q = await timed(() => latestPoints(db, server.catalog.series));
        const f = await timed(() => latestPointsFromObservations(db, server.catalog.series));
        const qf = await timed(() => db.query('SELECT 1'));
        if (round < 0) continue;
        httpFloor.push(hf);
        queryFloor.push(qf);
        http.push(h);
        query.push(q);
        former.push(f);
      }
      const sort = (xs: number[]) => xs.sort((a, b) => a - b);
      return {
        state,
        observations: await count('observations'),
        series: server.catalog.series.length,
        latestRows: await count('latest_observations'),
        loadSeconds,
        http: sort(http),
        query: sort(query),
        former: sort(former),
        httpFloor: sort(httpFloor),
        queryFloor: sort(queryFloor),
      };
    };
    const out = [await measure('uncompressed')];
    if (driver === 'timescale') {
      const chunks = await db.query<{ c: string }>(`SELECT show_chunks('observations')::text AS c`);
      for (const { c } of chunks.rows) await db.query(`SELECT compress_chunk($1::regclass, if_not_compressed => true)`, [c]);
      out.push(await measure(`${chunks.rows.length} chunks compressed`));
    }
    return out;
  } finally {
    await server.close();
    await drop();
  }
}
