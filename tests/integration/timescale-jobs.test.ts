/**
 * TimescaleDB as it runs for real: the policy jobs (refresh, compression, retention) run on their own
 * schedule, relative to now(), never as one refresh of the whole range. Whatever they have or have not
 * done, GET /api/v1/series must answer what plain PostgreSQL answers, bucket for bucket.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStart, nextBucket, toLocalIso, type Bucket } from '../../shared/time';
import { pt, startTestServer, type TestServer } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic pseudo-random numbers, so both databases get identical data. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

type Point = ReturnType<typeof pt>;

/**
 * One request on a connection of its own. PGlite runs on this thread here, and a job run holds it for
 * seconds: a kept-alive connection's timer then fires late, just as the next request reuses it.
 */
function call(s: TestServer, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}${path}`, {
      method,
      agent: false,
      headers: { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.end(payload);
  });
}

async function post(s: TestServer, unit: string, observations: Point[]) {
  const res = await call(s, 'POST', '/api/v1/observations', { observations }, await s.keyFor(unit));
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  await s.derivation.idle();
}

/** A year back from the last complete hour: hourly dossiers, six-hourly salinity, monthly online filing. */
function yearOfData(now: Date): Map<string, Point[]> {
  const r = rng(7);
  const byUnit = new Map<string, Point[]>([['ubnd-901', []], ['ubnd-902', []], ['so-nn', []]]);
  const last = bucketStart(new Date(now.getTime() - 2 * HOUR), 'hour').getTime();
  for (let t = last - 366 * DAY; t <= last; t += HOUR) {
    const at = toLocalIso(new Date(t));
    byUnit.get('ubnd-901')!.push(pt('dossiers', '901', at, Math.floor(r() * 20)));
    if (r() < 0.1) byUnit.get('ubnd-901')!.push(pt('dossiers', '901', at, Math.floor(r() * 20), 'paper-register'));
    if (t % (3 * HOUR) === 0) byUnit.get('ubnd-902')!.push(pt('dossiers', '902', at, Math.floor(r() * 30)));
    if (t % (6 * HOUR) === 0) byUnit.get('so-nn')!.push(pt('salinity', 'st-a', at, Math.round(r() * 800) / 100));
  }
  let month = bucketStart(new Date(last - 365 * DAY), 'month');
  const thisMonth = bucketStart(now, 'month');
  for (; month < thisMonth; month = nextBucket(month, 'month')) {
    byUnit.get('ubnd-901')!.push(pt('online_pct', '901', toLocalIso(month), Math.round(r() * 1000) / 10));
  }
  return byUnit;
}

async function load(s: TestServer, data: Map<string, Point[]>) {
  for (const [unit, points] of data) {
    for (let i = 0; i < points.length; i += 5000) await post(s, unit, points.slice(i, i + 5000));
  }
}

/** Whole-year windows by day and month, and the year's hours in windows the API allows (93 days). */
function windows(now: Date): Array<[Bucket, Date, Date]> {
  const end = nextBucket(bucketStart(now, 'day'), 'day');
  const start = new Date(end.getTime() - 370 * DAY);
  const out: Array<[Bucket, Date, Date]> = [
    ['day', start, end],
    ['month', bucketStart(start, 'month'), nextBucket(bucketStart(now, 'month'), 'month')],
  ];
  for (let t = start.getTime(); t < end.getTime(); t += 92 * DAY) out.push(['hour', new Date(t), new Date(Math.min(t + 92 * DAY, end.getTime()))]);
  return out;
}

const SERIES = [
  ['dossiers', '901'],
  ['dossiers', '90'],
  ['salinity', 'st-a'],
  ['online_pct', '901'],
] as const;

async function series(s: TestServer, indicator: string, area: string, bucket: Bucket, from: Date, to: Date) {
  const q = new URLSearchParams({ indicator, area, bucket, from: from.toISOString(), to: to.toISOString() });
  const res = await call(s, 'GET', `/api/v1/series?${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.buckets as Array<{ start: string; value: number; count: number; source: string }>).map((b) => ({
    ...b,
    value: Math.round(b.value * 1e9) / 1e9,
  }));
}

/** Every bucket of every window of every series, labelled so that a difference names its place. */
async function answers(s: TestServer, ws: Array<[Bucket, Date, Date]>) {
  const out: Record<string, unknown> = {};
  for (const [indicator, area] of SERIES) {
    for (const [bucket, from, to] of ws) {
      out[`${indicator}@${area} ${bucket} from ${from.toISOString()}`] = await series(s, indicator, area, bucket, from, to);
    }
  }
  return out;
}

/** What the TimescaleDB scheduler does: every job, as configured, relative to now(). */
async function runEveryJob(s: TestServer): Promise<string[]> {
  const jobs = await s.db.query<{ job_id: number; proc_name: string }>(`SELECT job_id, proc_name FROM timescaledb_information.jobs ORDER BY job_id`);
  for (const j of jobs.rows) await s.db.query(`CALL run_job(${Number(j.job_id)})`);
  return jobs.rows.map((j) => j.proc_name);
}

describe('TimescaleDB answers what plain PostgreSQL answers after its policy jobs run', () => {
  const now = new Date();
  const ws = windows(now);
  let plain: TestServer;
  let tsdb: TestServer;
  beforeAll(async () => {
    [plain, tsdb] = await Promise.all([startTestServer('pglite'), startTestServer('timescale')]);
    const data = yearOfData(now);
    await Promise.all([load(plain, data), load(tsdb, data)]);
  }, 600_000);
  afterAll(async () => {
    await plain?.stop();
    await tsdb?.stop();
  });

  it('every bucket matches before any job has run', async () => {
    expect(await answers(tsdb, ws)).toEqual(await answers(plain, ws));
  }, 300_000);

  it('every bucket matches once every policy job has run (run_job works in this build)', async () => {
    const procs = await runEveryJob(tsdb);
    expect(procs.filter((p) => p === 'policy_refresh_continuous_aggregate')).toHaveLength(3);
    expect(procs).toEqual(expect.arrayContaining(['policy_compression', 'policy_retention']));
    expect(await answers(tsdb, ws)).toEqual(await answers(plain, ws));
    // The jobs ran: the daily rollup holds most of the year, and the old chunks are compressed.
    const daily = await tsdb.db.query<{ n: number }>(`SELECT count(DISTINCT bucket)::int AS n FROM observations_daily WHERE indicator_key = 'dossiers' AND area_code = '901'`);
    expect(daily.rows[0]!.n).toBeGreaterThan(300);
    const compressed = await tsdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'observations' AND is_compressed`,
    );
    expect(compressed.rows[0]!.n).toBeGreaterThan(0);
  }, 300_000);

  it('a revision 200 days back, into a compressed chunk, and late data from another source', async () => {
    const at = bucketStart(new Date(now.getTime() - 200 * DAY), 'hour');
    const chunk = await tsdb.db.query<{ compressed: boolean }>(
      `SELECT is_compressed AS compressed FROM timescaledb_information.chunks
       WHERE hypertable_name = 'observations' AND range_start <= $1 AND range_end > $1`,
      [at.toISOString()],
    );
    expect(chunk.rows[0]?.compressed).toBe(true);
    const revision = [pt('dossiers', '901', toLocalIso(at), 777), pt('dossiers', '901', toLocalIso(new Date(at.getTime() + 5 * DAY)), 3, 'paper-register')];
    for (const s of [plain, tsdb]) await post(s, 'ubnd-901', revision);
    // Before the jobs have seen the change, after they have, and after they run once more.
    const expected = await answers(plain, ws);
    expect(await answers(tsdb, ws)).toEqual(expected);
    await runEveryJob(tsdb);
    expect(await answers(tsdb, ws)).toEqual(expected);
    await runEveryJob(tsdb);
    expect(await answers(tsdb, ws)).toEqual(expected);
    const day = await series(tsdb, 'dossiers', '901', 'day', bucketStart(at, 'day'), nextBucket(bucketStart(at, 'day'), 'day'));
    expect(day[0]!.count).toBe(24);
  }, 300_000);

  it('hours older than the hourly rollup keeps, once retention has dropped them', async () => {
    const day = bucketStart(new Date(now.getTime() - 1100 * DAY), 'day');
    const old = Array.from({ length: 24 }, (_, h) => pt('dossiers', '901', toLocalIso(new Date(day.getTime() + h * HOUR)), h + 1));
    for (const s of [plain, tsdb]) await post(s, 'ubnd-901', old);
    // Materialised once (as when these hours were recent), then dropped by the retention job.
    await tsdb.db.query(`CALL refresh_continuous_aggregate('observations_hourly', NULL, NULL)`);
    await runEveryJob(tsdb);
    const kept = await tsdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations_hourly WHERE bucket < $1`, [nextBucket(day, 'day').toISOString()]);
    expect(kept.rows[0]!.n).toBe(0);
    const window: Array<[Bucket, Date, Date]> = [['hour', day, nextBucket(day, 'day')], ['day', day, nextBucket(day, 'day')]];
    const expected = await answers(plain, window);
    expect(Object.values(expected)[0]).toHaveLength(24);
    expect(await answers(tsdb, window)).toEqual(expected);
  }, 300_000);
});
