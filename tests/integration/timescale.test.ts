/**
 * The TimescaleDB path (hypertable, continuous aggregates, compression) must answer exactly what plain
 * PostgreSQL answers on the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal, toLocalIso } from '../../shared/time';
import { pt, startTestServer, type TestServer } from './harness';

/** Deterministic pseudo-random numbers, so both databases get identical data. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function dataset() {
  const r = rng(42);
  const byUnit = new Map<string, ReturnType<typeof pt>[]>();
  const add = (unit: string, p: ReturnType<typeof pt>) => {
    const list = byUnit.get(unit) ?? [];
    list.push(p);
    byUnit.set(unit, list);
  };
  for (let h = 0; h < 24 * 45; h++) {
    const at = fromLocal(2022, 3, 15, h);
    for (const d of ['901', '902', '903']) {
      add(`ubnd-${d}`, pt('dossiers', d, toLocalIso(at), Math.floor(r() * 20)));
      if (r() < 0.2) add(`ubnd-${d}`, pt('dossiers', d, toLocalIso(at), Math.floor(r() * 20), 'paper-register'));
    }
    for (const q of [0, 15, 30, 45]) {
      const t = toLocalIso(new Date(at.getTime() + q * 60_000));
      add('so-nn', pt('salinity', 'st-a', t, Math.round(r() * 800) / 100));
      add('so-nn', pt('salinity', 'st-b', t, Math.round(r() * 800) / 100));
    }
  }
  for (let m = 1; m <= 6; m++) {
    for (const d of ['901', '902', '903']) add(`ubnd-${d}`, pt('online_pct', d, toLocalIso(fromLocal(2022, m)), Math.round(r() * 1000) / 10));
  }
  return byUnit;
}

async function load(s: TestServer, data: Map<string, ReturnType<typeof pt>[]>) {
  for (const [unit, points] of data) {
    const key = await s.keyFor(unit);
    for (let i = 0; i < points.length; i += 2000) {
      const res = await s.post({ observations: points.slice(i, i + 2000) }, { key });
      expect(res.status).toBe(200);
    }
  }
}

const QUERIES = [
  ['dossiers', '901', 'hour', '2022-04-01T00:00:00+07:00', '2022-04-03T00:00:00+07:00'],
  ['dossiers', '90', 'day', '2022-03-15T00:00:00+07:00', '2022-05-01T00:00:00+07:00'],
  ['dossiers', '903', 'month', '2022-01-01T00:00:00+07:00', '2022-07-01T00:00:00+07:00'],
  ['salinity', 'st-a', 'hour', '2022-04-20T00:00:00+07:00', '2022-04-21T00:00:00+07:00'],
  ['salinity', '901', 'day', '2022-03-15T00:00:00+07:00', '2022-05-01T00:00:00+07:00'],
  ['salinity', '90', 'month', '2022-01-01T00:00:00+07:00', '2022-07-01T00:00:00+07:00'],
  ['online_pct', '90', 'month', '2022-01-01T00:00:00+07:00', '2022-07-01T00:00:00+07:00'],
  ['online_pct', '902', 'day', '2022-05-25T00:00:00+07:00', '2022-06-05T00:00:00+07:00'],
] as const;

async function answers(s: TestServer) {
  const out: unknown[] = [];
  for (const [indicator, area, bucket, from, to] of QUERIES) {
    const q = new URLSearchParams({ indicator, area, bucket, from, to });
    const res = await s.get(`/api/v1/series?${q}`);
    expect(res.status).toBe(200);
    out.push(res.body.buckets.map((b: any) => ({ ...b, value: Math.round(b.value * 1e9) / 1e9 })));
  }
  return out;
}

async function refreshAll(s: TestServer) {
  for (const view of ['observations_hourly', 'observations_daily', 'observations_monthly']) {
    await s.db.query(`CALL refresh_continuous_aggregate('${view}', NULL, NULL)`);
  }
}

describe('TimescaleDB gives the same results as plain PostgreSQL', () => {
  let plain: TestServer;
  let tsdb: TestServer;
  beforeAll(async () => {
    [plain, tsdb] = await Promise.all([startTestServer('pglite'), startTestServer('timescale')]);
    const data = dataset();
    await load(plain, data);
    await load(tsdb, data);
  }, 240_000);
  afterAll(async () => {
    await plain?.stop();
    await tsdb?.stop();
  });

  it('uses a hypertable, continuous aggregates and compression and retention policies', async () => {
    expect(tsdb.db.timescale).toBe(true);
    expect(plain.db.timescale).toBe(false);
    const hyper = await tsdb.db.query<{ hypertable_name: string }>(`SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1`);
    expect(hyper.rows.map((r) => r.hypertable_name)).toEqual(['observation_history', 'observations']);
    const caggs = await tsdb.db.query<{ view_name: string }>(`SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1`);
    expect(caggs.rows.map((r) => r.view_name)).toEqual(['observations_daily', 'observations_hourly', 'observations_monthly']);
    const jobs = await tsdb.db.query<{ proc_name: string }>(`SELECT proc_name FROM timescaledb_information.jobs ORDER BY 1`);
    const procs = jobs.rows.map((r) => r.proc_name);
    expect(procs).toEqual(expect.arrayContaining(['policy_compression', 'policy_refresh_continuous_aggregate', 'policy_retention']));
  });

  it('before any refresh (real-time aggregation)', async () => {
    const expected = await answers(plain);
    for (const buckets of expected) expect((buckets as unknown[]).length).toBeGreaterThan(0);
    expect(await answers(tsdb)).toEqual(expected);
  });

  it('after the continuous aggregates are refreshed', async () => {
    await refreshAll(tsdb);
    expect(await answers(tsdb)).toEqual(await answers(plain));
  });

  it('after revisions, once the refresh policy has run again', async () => {
    const revision = { observations: [pt('dossiers', '901', '2022-04-01T10:00:00+07:00', 777), pt('online_pct', '901', '2022-03-01T00:00:00+07:00', 99.9)] };
    for (const s of [plain, tsdb]) expect((await s.post(revision, { key: await s.keyFor('ubnd-901') })).status).toBe(200);
    await refreshAll(tsdb);
    expect(await answers(tsdb)).toEqual(await answers(plain));
  });

  it('with chunks compressed, and a revision written into a compressed chunk', async () => {
    const chunks = await tsdb.db.query<{ c: string }>(`SELECT show_chunks('observations')::text AS c`);
    expect(chunks.rows.length).toBeGreaterThan(0);
    for (const { c } of chunks.rows) await tsdb.db.query(`SELECT compress_chunk($1::regclass, if_not_compressed => true)`, [c]);
    const revision = { observations: [pt('dossiers', '902', '2022-04-02T11:00:00+07:00', 555)] };
    for (const s of [plain, tsdb]) expect((await s.post(revision, { key: await s.keyFor('ubnd-902') })).status).toBe(200);
    await refreshAll(tsdb);
    expect(await answers(tsdb)).toEqual(await answers(plain));
    const history = await tsdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observation_history WHERE area_code = '902' AND value <> 555`);
    expect(history.rows[0]!.n).toBeGreaterThan(0);
  });
});
