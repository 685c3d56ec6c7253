import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { splitStatements } from '../../server/db/migrate';
import type { Queryable } from '../../server/db/db';
import { deriveParents, takeQueued, upsertObservations, type Settle } from '../../server/ingest/ingest.repo';
import { periodEnd } from '../../shared/period';
import { FREQUENCIES, periodStart, toLocalIso } from '../../shared/time';
import { DRIVERS, pt, startTestServer, type TestServer } from './harness';

describe.each(DRIVERS)('ingest and read API on %s', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(driver);
  });
  afterAll(async () => {
    await s?.stop();
  });

  const latest = async (indicator: string, area: string) => {
    const snap = await s.get('/api/v1/snapshot');
    return snap.body.points.find((p: any) => p.indicator === indicator && p.area === area);
  };

  it('stores a point, derives the province, and acknowledges after commit', async () => {
    const r = await s.post({ observations: [pt('dossiers', '901', '2022-05-02T09:00:00+07:00', 12)] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 1, written: 1, unchanged: 0 });
    const r2 = await s.post({ observations: [pt('dossiers', '902', '2022-05-02T09:20:00+07:00', 30)] }, { key: await s.keyFor('ubnd-902') });
    expect(r2.status).toBe(200);
    expect((await latest('dossiers', '901')).value).toBe(12);
    const province = await latest('dossiers', '90');
    expect(province).toMatchObject({ value: 42, source: 'derived', coverage: 2, ts: '2022-05-02T02:00:00.000Z' });
  });

  it('never duplicates a re-sent point, and keeps every revision of a changed one', async () => {
    const body = { observations: [pt('online_pct', '901', '2022-04-01T00:00:00+07:00', 41.5)] };
    expect((await s.post(body)).body).toMatchObject({ written: 1, unchanged: 0 });
    expect((await s.post(body)).body).toMatchObject({ written: 0, unchanged: 1 });
    const changed = await s.post({ observations: [pt('online_pct', '901', '2022-04-15T10:00:00+07:00', 43)] });
    expect(changed.body).toMatchObject({ written: 1 });
    const rows = await s.db.query<{ value: number; revision: number }>(
      `SELECT value, revision FROM observations WHERE indicator_key = 'online_pct' AND area_code = '901'`,
    );
    expect(rows.rows).toEqual([{ value: 43, revision: 2 }]);
    const history = await s.db.query<{ value: number; revision: number }>(
      `SELECT value, revision FROM observation_history WHERE indicator_key = 'online_pct' AND area_code = '901'`,
    );
    expect(history.rows).toEqual([{ value: 41.5, revision: 1 }]);
    await expect(s.db.query(`DELETE FROM observation_history`)).rejects.toThrow(/never deleted/);
    // Each batch left its audit record, counting what it wrote and revised.
    const audited = await s.db.query<{ actor: string; target: string; detail: unknown }>(
      `SELECT actor, target, detail FROM audit_log WHERE action = 'observations.submit' ORDER BY id DESC LIMIT 3`,
    );
    expect(audited.rows.reverse()).toEqual([
      { actor: expect.stringMatching(/^key:/), target: 'ubnd-901', detail: { channel: 'api', accepted: 1, written: 1, revisions: 0 } },
      { actor: expect.stringMatching(/^key:/), target: 'ubnd-901', detail: { channel: 'api', accepted: 1, written: 0, revisions: 0 } },
      { actor: expect.stringMatching(/^key:/), target: 'ubnd-901', detail: { channel: 'api', accepted: 1, written: 1, revisions: 1 } },
    ]);
  });

  it('aggregates by each indicator’s rule: mean, weighted mean, max over stations, none', async () => {
    const may = '2022-05-01T00:00:00+07:00';
    const k2 = await s.keyFor('ubnd-902');
    const k3 = await s.keyFor('ubnd-903');
    await s.post({ observations: [pt('online_pct', '901', may, 40), pt('households', '901', '2022-01-01T00:00:00+07:00', 1000), pt('fibre_pct', '901', may, 50)] });
    await s.post({ observations: [pt('online_pct', '902', may, 60), pt('households', '902', '2022-01-01T00:00:00+07:00', 3000), pt('fibre_pct', '902', may, 90)] }, { key: k2 });
    // District three reports fibre but no households: it has no weight, so it is left out, not counted as 0.
    await s.post({ observations: [pt('online_pct', '903', may, 80), pt('fibre_pct', '903', may, 10)] }, { key: k3 });
    expect(await latest('online_pct', '90')).toMatchObject({ value: 60, coverage: 3 });
    const fibre = await latest('fibre_pct', '90');
    expect(fibre.value).toBeCloseTo((50 * 1000 + 90 * 3000) / 4000, 9);
    expect(fibre.coverage).toBe(2);
    expect(await latest('households', '90')).toMatchObject({ value: 4000 });

    const nn = await s.keyFor('so-nn');
    const r = await s.post(
      { observations: [pt('salinity', 'st-a', '2022-03-10T14:05:00+07:00', 3.2), pt('salinity', 'st-b', '2022-03-10T14:10:00+07:00', 5.4)] },
      { key: nn },
    );
    expect(r.body).toMatchObject({ written: 2 });
    expect(await latest('salinity', '901')).toMatchObject({ value: 5.4, ts: '2022-03-10T07:00:00.000Z' });
    expect(await latest('salinity', '90')).toMatchObject({ value: 5.4 });

    const kh = await s.keyFor('so-kh');
    const g = await s.post({ observations: [pt('grdp_digital_pct', '90', '2022-06-30T00:00:00+07:00', 9.5)] }, { key: kh });
    expect(g.body).toMatchObject({ written: 1 });
    expect(await latest('grdp_digital_pct', '90')).toMatchObject({ value: 9.5, source: 'unit-report', ts: '2021-12-31T17:00:00.000Z' });
  });

  it('shows the preferred source when two sources report the same period', async () => {
    const ts = '2022-06-01T10:00:00+07:00';
    await s.post({ observations: [pt('dossiers', '903', ts, 20, 'paper-register')] }, { key: await s.keyFor('ubnd-903') });
    expect(await latest('dossiers', '903')).toMatchObject({ value: 20, source: 'paper-register' });
    await s.post({ observations: [pt('dossiers', '903', ts, 25, 'one-stop-shop')] }, { key: await s.keyFor('ubnd-903') });
    expect(await latest('dossiers', '903')).toMatchObject({ value: 25, source: 'one-stop-shop' });
    // A later paper correction does not displace the preferred software figure.
    await s.post({ observations: [pt('dossiers', '903', ts, 22, 'paper-register')] }, { key: await s.keyFor('ubnd-903') });
    expect(await latest('dossiers', '903')).toMatchObject({ value: 25, source: 'one-stop-shop' });

    // Both sources in one batch, each stored as its own.
    const next = '2022-08-15T11:00:00+07:00';
    await s.post(
      { observations: [pt('dossiers', '903', next, 31, 'paper-register'), pt('dossiers', '903', next, 30)] },
      { key: await s.keyFor('ubnd-903') },
    );
    const rows = await s.db.query(
      `SELECT source, value FROM observations WHERE indicator_key = 'dossiers' AND area_code = '903' AND ts = '2022-08-15T04:00:00Z' ORDER BY source`,
    );
    expect(rows.rows).toEqual([{ source: 'one-stop-shop', value: 30 }, { source: 'paper-register', value: 31 }]);
    expect(await latest('dossiers', '903')).toMatchObject({ value: 30, source: 'one-stop-shop' });
  });

  it('buckets series by local days and months', async () => {
    const k = await s.keyFor('ubnd-901');
    // 00:30 on 1 July in Vietnam is still 30 June in UTC: it must count for 1 July.
    await s.post(
      {
        observations: [
          pt('dossiers', '901', '2022-06-30T23:10:00+07:00', 5),
          pt('dossiers', '901', '2022-07-01T00:30:00+07:00', 7),
          pt('dossiers', '901', '2022-07-01T09:00:00+07:00', 11),
          pt('dossiers', '901', '2022-07-02T08:00:00+07:00', 2),
        ],
      },
      { key: k },
    );
    const day = await s.get(
      `/api/v1/series?indicator=dossiers&area=901&bucket=day&from=${encodeURIComponent('2022-06-30T00:00:00+07:00')}&to=${encodeURIComponent('2022-07-03T00:00:00+07:00')}`,
    );
    expect(day.status).toBe(200);
    expect(day.body.buckets.map((b: any) => [b.start, b.value])).toEqual([
      ['2022-06-29T17:00:00.000Z', 5],
      ['2022-06-30T17:00:00.000Z', 18],
      ['2022-07-01T17:00:00.000Z', 2],
    ]);
    const month = await s.get(
      `/api/v1/series?indicator=dossiers&area=90&bucket=month&from=${encodeURIComponent('2022-06-01T00:00:00+07:00')}&to=${encodeURIComponent('2022-08-01T00:00:00+07:00')}`,
    );
    expect(month.body.buckets.map((b: any) => [b.start, b.value])).toEqual([
      ['2022-05-31T17:00:00.000Z', 5 + 25],
      ['2022-06-30T17:00:00.000Z', 20],
    ]);
    const pct = await s.get(`/api/v1/series?indicator=online_pct&area=90&bucket=month&from=${encodeURIComponent('2022-04-01T00:00:00+07:00')}&to=${encodeURIComponent('2022-06-01T00:00:00+07:00')}`);
    expect(pct.body.buckets.map((b: any) => b.value)).toEqual([43, 60]);
  });

  it('refuses a unit writing outside its scope, and writes nothing', async () => {
    const before = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations`);
    const r = await s.post({ observations: [pt('dossiers', '901', '2022-05-02T10:00:00+07:00', 3), pt('dossiers', '902', '2022-05-02T10:00:00+07:00', 4), pt('salinity', 'st-a', '2022-05-02T10:00:00+07:00', 1)] });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(r.body.error.details).toEqual([
      expect.objectContaining({ index: 1, field: 'area', reason: 'out-of-scope' }),
      expect.objectContaining({ index: 2, field: 'indicator', reason: 'out-of-scope' }),
      expect.objectContaining({ index: 2, field: 'area', reason: 'out-of-scope' }),
    ]);
    const after = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('names every problem of a bad batch by index, field and reason', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const r = await s.post({
      observations: [
        pt('nope', '901', '2022-05-01T00:00:00+07:00', 1),
        pt('dossiers', '999', '2022-05-01T00:00:00+07:00', 1),
        pt('dossiers', '901', '2022-05-01T00:00:00+07:00', 10_001),
        pt('dossiers', '901', future, 1),
        { ...pt('dossiers', '901', '2022-05-01T00:00:00+07:00', 1), revision: 7 },
        pt('dossiers', '901', '2022-05-01 00:00', 1),
        pt('dossiers', '901', '2022-05-01T00:00:00+07:00', 1, 'fax'),
        pt('dossiers', '901', '2022-05-01T00:00:00+07:00', 1, 'sensor'),
        pt('dossiers', '901', '2022-05-01T00:10:00+07:00', 1),
        pt('dossiers', '901', '2022-05-01T00:20:00+07:00', 2),
        { indicator: 'dossiers', area: '901', ts: '2022-05-01T00:00:00+07:00', value: '12' },
      ],
    });
    expect(r.status).toBe(422);
    const reasons = r.body.error.details.map((d: any) => [d.index, d.field, d.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        [0, 'indicator', 'unknown-indicator'],
        [1, 'area', 'unknown-area'],
        [2, 'value', 'out-of-range'],
        [3, 'ts', 'future-timestamp'],
        [4, 'revision', 'unknown-field'],
        [5, 'ts', 'invalid'],
        [6, 'source', 'unknown-source'],

        [9, 'ts', 'duplicate-in-batch'],
        [10, 'value', 'invalid'],
      ]),
    );
    for (const d of r.body.error.details) expect(typeof d.message).toBe('string');
    // The planning department may write for district 901, but GRDP is a province figure.
    const level = await s.post({ observations: [pt('grdp_digital_pct', '901', '2022-01-01T00:00:00+07:00', 5)] }, { key: await s.keyFor('so-kh') });
    expect(level.status).toBe(422);
    expect(level.body.error.details).toEqual([expect.objectContaining({ index: 0, field: 'area', reason: 'wrong-level' })]);
  });

  it('answers malformed, oversized, unauthenticated and mistyped requests with JSON errors', async () => {
    expect(await s.post({}, { raw: '{"observations": [' })).toMatchObject({ status: 400, body: { error: { code: 'malformed-json' } } });
    expect(await s.post({ observations: [] })).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await s.post({ points: [] })).toMatchObject({ status: 400 });
    expect(await s.post({ observations: [pt('dossiers', '901', '2022-05-01T00:00:00+07:00', 1)] }, { key: '' })).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
    expect(await s.post({ observations: [] }, { key: 'cok_nothing_here' })).toMatchObject({ status: 401 });
    expect(await s.post({}, { raw: 'indicator,area', contentType: 'text/csv' })).toMatchObject({ status: 415 });
    const tooMany = { observations: Array.from({ length: 10_001 }, (_, i) => pt('dossiers', '901', `2022-01-01T00:00:00+07:00`, i)) };
    expect(await s.post(tooMany)).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    const huge = 'x'.repeat(5 * 1024 * 1024);
    expect(await s.post({}, { raw: `{"observations":["${huge}"]}` })).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
    expect(await s.get('/api/v1/nothing')).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    expect(await s.get('/api/v1/series?indicator=dossiers&area=901&bucket=week')).toMatchObject({ status: 400 });
    expect(await s.get('/api/v1/series?indicator=nope&area=901')).toMatchObject({ status: 404 });
  });

  it('writes a batch believed new correctly when another writer got to one of its points first', async () => {
    // Later than any other test's hours for this series, so that this instance believes the batches new.
    const first = await s.post({ observations: [pt('dossiers', '901', '2024-02-01T08:00:00+07:00', 3)] });
    expect(first.body).toEqual({ accepted: 1, written: 1, unchanged: 0 });
    // Another instance writes a later hour, which this one has not seen.
    await s.db.query(
      `INSERT INTO observations (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version)
       VALUES ('dossiers', '901', 'one-stop-shop', '2024-02-01T02:00:00Z', 4, 'ubnd-901', now(), 1, nextval('observation_version'))`,
    );
    const r = await s.post({
      observations: [pt('dossiers', '901', '2024-02-01T09:00:00+07:00', 5), pt('dossiers', '901', '2024-02-01T10:00:00+07:00', 6)],
    });
    expect(r).toEqual({ status: 200, body: { accepted: 2, written: 2, unchanged: 0 } });
    const rows = await s.db.query(
      `SELECT area_code, extract(hour FROM ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS hour, value, revision FROM observations
       WHERE indicator_key = 'dossiers' AND ts >= '2024-02-01T00:00:00Z' AND ts < '2024-02-02T00:00:00Z' ORDER BY area_code, ts`,
    );
    expect(rows.rows).toEqual([
      { area_code: '90', hour: 8, value: 3, revision: 1 },
      { area_code: '90', hour: 9, value: 5, revision: 1 },
      { area_code: '90', hour: 10, value: 6, revision: 1 },
      { area_code: '901', hour: 8, value: 3, revision: 1 },
      { area_code: '901', hour: 9, value: 5, revision: 2 },
      { area_code: '901', hour: 10, value: 6, revision: 1 },
    ]);
    // Each batch has its audit record, the fast one's included.
    const audit = await s.db.query(`SELECT detail FROM audit_log WHERE action = 'observations.submit' ORDER BY id DESC LIMIT 2`);
    expect(audit.rows.map((r) => r.detail)).toEqual([
      { channel: 'api', accepted: 2, written: 2, revisions: 1 },
      { channel: 'api', accepted: 1, written: 1, revisions: 0 },
    ]);
  });

  it('refuses 30 February and times before an indicator’s earliest year, naming the limit, and files nothing for them', async () => {
    const feb = await s.post({ observations: [pt('online_pct', '901', '2022-02-30T10:00+07:00', 40)] });
    expect(feb).toMatchObject({ status: 422, body: { error: { details: [{ index: 0, field: 'ts', reason: 'invalid' }] } } });
    const old = await s.post({ observations: [pt('dossiers', '901', '0050-03-01T00:00:00+07:00', 1), pt('dossiers', '901', '1950-02-28T23:00:00+07:00', 2)] });
    expect(old.status).toBe(422);
    expect(old.body.error.details).toEqual([
      { index: 0, field: 'ts', reason: 'too-old', message: '0050-03-01T00:00:00+07:00 is before 1900-01-01 (local time), the earliest "dossiers" accepts figures for' },
    ]);
    const stored = await s.db.query(`SELECT 1 FROM observations WHERE ts < '1951-01-01T00:00:00Z' OR ts >= '2022-03-01T00:00:00+07:00' AND ts < '2022-03-03T00:00:00+07:00'`);
    expect(stored.rows).toEqual([]);
  });

  it('accepts a figure for the month in progress and one with more decimals than kept, and says so in the answer', async () => {
    // The month this test runs in; 67.25 where online_pct keeps one decimal.
    const month = toLocalIso(periodStart(new Date(), 'P1M'));
    const r = await s.post({ observations: [pt('online_pct', '902', month, 40), pt('online_pct', '902', '2019-07-01T00:00:00+07:00', 67.25)] }, { key: await s.keyFor('ubnd-902') });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 2, written: 2 });
    expect(r.body.notes).toEqual([
      { index: 0, field: 'ts', reason: 'in-progress', message: expect.stringMatching(/^the month of .* runs until .*: the figure is provisional/) },
      { index: 1, field: 'value', reason: 'more-decimals', message: '67.25 has more decimals than "online_pct" keeps (1): it is stored as sent and shown as 67.3' },
    ]);
    const rows = await s.db.query<{ value: number }>(`SELECT value FROM observations WHERE indicator_key = 'online_pct' AND area_code = '902' AND ts = '2019-07-01T00:00:00+07:00'`);
    expect(rows.rows).toEqual([{ value: 67.25 }]);
  });

  it('reads each frequency’s name as the same length of local time as Temporal does, for the recomputation’s runs', async () => {
    const starts = ['2024-01-31T00:00:00+07:00', '2024-02-29T00:00:00+07:00', '2023-12-31T23:45:00+07:00', '1960-06-30T00:00:00+08:00'];
    for (const start of starts) {
      for (const f of FREQUENCIES) {
        const r = await s.db.query<{ end: string }>(
          `SELECT to_char((($1::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh') + $2::interval) AT TIME ZONE 'Asia/Ho_Chi_Minh' AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS end`,
          [start, f],
        );
        expect(r.rows[0]!.end, `${start} + ${f}`).toBe(periodEnd(new Date(start), f).toISOString());
      }
    }
  });

  it('recomputes parents that an earlier version queued by name, once the queue is migrated', async () => {
    // A district figure written with its parent queued the way versions before migration 006 did it.
    await s.db.query(
      `INSERT INTO observations (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version)
       VALUES ('dossiers', '903', 'one-stop-shop', '2021-03-01T03:00:00Z', 17, 'ubnd-903', now(), 1, nextval('observation_version'))`,
    );
    await s.db.query(`INSERT INTO derivation_queue (indicators, areas, periods) VALUES ('{dossiers}', '{90}', '{2021-03-01T03:00:00Z}')`);
    const sql = await readFile(new URL('../../server/db/migrations/006_version_blocks.sql', import.meta.url), 'utf8');
    for (const statement of await splitStatements(sql)) await s.db.query(statement);
    await s.derivation.idle();
    const province = await s.db.query(
      `SELECT value, coverage FROM observations WHERE indicator_key = 'dossiers' AND area_code = '90' AND ts = '2021-03-01T03:00:00Z'`,
    );
    expect(province.rows).toEqual([{ value: 17, coverage: 1 }]);
  });

  it('takes queued batches up to a number of points, at least one whatever its size, and says when more wait', async () => {
    await s.derivation.idle();
    const queue = (indicators: string, areas: string) =>
      s.db.query(
        `INSERT INTO derivation_queue (indicators, areas, periods)
         VALUES ($1, $2, '{2020-06-01T01:00:00Z,2020-06-01T02:00:00Z,2020-06-01T03:00:00Z}')`,
        [indicators, areas],
      );
    await queue('{dossiers,dossiers,dossiers}', '{901,901,901}');
    await queue('{dossiers,dossiers,dossiers}', '{902,902,902}');
    // A batch of one series is queued with its indicator and area once.
    await queue('{dossiers}', '{903}');
    // Rolled back: each take looks at the same three batches of three points.
    const take = (limit: { batches: number; points: number }) =>
      s.db
        .transaction(async (tx) => {
          throw { taken: await takeQueued(tx, limit) };
        })
        .catch((e: { taken: Awaited<ReturnType<typeof takeQueued>> }) => e.taken);
    const byPoints = await take({ batches: 10, points: 5 });
    expect(byPoints).toMatchObject({ batches: 2, more: true });
    // Both districts' hours lead to the same three province hours.
    expect(byPoints.targets.map((t) => `${t.area} ${t.ts}`).sort()).toEqual([
      '90 2020-06-01T01:00:00.000Z',
      '90 2020-06-01T02:00:00.000Z',
      '90 2020-06-01T03:00:00.000Z',
    ]);
    expect(await take({ batches: 10, points: 1 })).toMatchObject({ batches: 1, more: true });
    expect(await take({ batches: 2, points: 100 })).toMatchObject({ batches: 2, more: true });
    const all = await take({ batches: 10, points: 100 });
    expect(all).toMatchObject({ batches: 3, more: false });
    expect(all.targets.map((t) => `${t.indicator} ${t.area} ${t.ts}`).sort()).toEqual([
      'dossiers 90 2020-06-01T01:00:00.000Z',
      'dossiers 90 2020-06-01T02:00:00.000Z',
      'dossiers 90 2020-06-01T03:00:00.000Z',
    ]);
    // The one-series batch alone still names its three province hours.
    const single = await s.db
      .transaction(async (tx) => {
        await tx.query(`DELETE FROM derivation_queue WHERE cardinality(areas) > 1`);
        throw { taken: await takeQueued(tx, { batches: 10, points: 100 }) };
      })
      .catch((e: { taken: Awaited<ReturnType<typeof takeQueued>> }) => e.taken);
    expect(single).toMatchObject({ batches: 1, more: false });
    expect(single.targets).toHaveLength(3);
    await s.derivation.idle();
    expect((await s.db.query(`SELECT count(*)::int AS n FROM derivation_queue`)).rows).toEqual([{ n: 0 }]);
  });

  it('takes the parents of one-series batches alike or not, of mixed batches, and none for areas or indicators that do not aggregate', async () => {
    await s.derivation.idle();
    const queue = (indicators: string, areas: string, periods: string) =>
      s.db.query(`INSERT INTO derivation_queue (indicators, areas, periods) VALUES ($1, $2, $3)`, [indicators, areas, periods]);
    // Two districts with the same two hours, a third with one of them and another, a station, a mixed batch,
    // the province itself and a figure reported per province only.
    await queue('{dossiers}', '{901}', '{2020-07-01T01:00:00Z,2020-07-01T02:00:00Z}');
    await queue('{dossiers}', '{902}', '{2020-07-01T01:00:00Z,2020-07-01T02:00:00Z}');
    await queue('{dossiers}', '{903}', '{2020-07-01T02:00:00Z,2020-07-01T03:00:00Z}');
    await queue('{salinity}', '{st-a}', '{2020-07-01T01:15:00Z}');
    await queue('{dossiers,online_pct}', '{901,902}', '{2020-07-01T04:00:00Z,2020-07-01T00:00:00Z}');
    await queue('{online_pct}', '{903,90}', '{2020-08-01T00:00:00Z,2020-09-01T00:00:00Z}');
    await queue('{grdp_digital_pct}', '{90}', '{2020-01-01T00:00:00Z}');
    const taken = await s.db
      .transaction(async (tx) => {
        throw { taken: await takeQueued(tx, { batches: 10, points: 100 }) };
      })
      .catch((e: { taken: Awaited<ReturnType<typeof takeQueued>> }) => e.taken);
    expect(taken).toMatchObject({ batches: 7, more: false });
    expect(taken.targets.map((t) => `${t.indicator} ${t.area} ${t.ts}`).sort()).toEqual([
      'dossiers 90 2020-07-01T01:00:00.000Z',
      'dossiers 90 2020-07-01T02:00:00.000Z',
      'dossiers 90 2020-07-01T03:00:00.000Z',
      'dossiers 90 2020-07-01T04:00:00.000Z',
      'online_pct 90 2020-07-01T00:00:00.000Z',
      'online_pct 90 2020-08-01T00:00:00.000Z',
      'salinity 901 2020-07-01T01:15:00.000Z',
    ]);
    await s.derivation.idle();
  });

  it('under load, leaves the last moments’ batches queued and the parents they name for later, once', async () => {
    await s.derivation.idle();
    const queue = (area: string, periods: string, ago: string) =>
      s.db.query(`INSERT INTO derivation_queue (indicators, areas, periods, queued_at) VALUES ('{dossiers}', $1, $2, now() - $3::interval)`, [
        `{${area}}`,
        periods,
        ago,
      ]);
    // Two districts a second ago, the third just now, for an hour the first two also reported; and one more.
    await queue('901', '{2020-09-01T01:00:00Z,2020-09-01T02:00:00Z}', '1 second');
    await queue('902', '{2020-09-01T03:00:00Z}', '1 second');
    await queue('903', '{2020-09-01T02:00:00Z,2020-09-01T05:00:00Z}', '0 seconds');
    // Queued, as the pass sees it, after it began.
    await queue('902', '{2020-09-01T06:00:00Z}', '-1 second');
    const take = (settle: Settle) =>
      s.db
        .transaction(async (tx) => {
          throw { taken: await takeQueued(tx, { batches: 10, points: 100 }, settle), left: (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM derivation_queue`)).rows[0]!.n };
        })
        .catch((e: { taken: Awaited<ReturnType<typeof takeQueued>>; left: number }) => e);
    const hours = (ts: { ts: string }[]) => ts.map((t) => t.ts.slice(11, 13)).sort();
    const settled = await take({ ms: 500, force: [] });
    expect(settled.taken).toMatchObject({ batches: 2, waiting: 2, more: false });
    expect(settled.left).toBe(2);
    expect(hours(settled.taken.targets)).toEqual(['01', '03']);
    // 02:00 waits for the third district's batch, which names it too; 05:00 is only that batch's.
    expect(settled.taken.deferred).toEqual([{ indicator: 'dossiers', area: '90', ts: '2020-09-01T02:00:00.000Z' }]);
    // Left once, it is not left again, whatever else names it.
    const forced = await take({ ms: 500, force: settled.taken.deferred });
    expect(hours(forced.taken.targets)).toEqual(['01', '02', '03']);
    expect(forced.taken.deferred).toEqual([]);
    // No settling: everything is taken.
    const all = await take({ ms: 0, force: [] });
    expect(all.taken).toMatchObject({ batches: 4, waiting: 0 });
    expect(all.left).toBe(0);
    expect(hours(all.taken.targets)).toEqual(['01', '02', '03', '05', '06']);
    await s.derivation.idle();
    expect((await s.db.query(`SELECT count(*)::int AS n FROM derivation_queue`)).rows).toEqual([{ n: 0 }]);
  });

  it('recomputes a large backlog in two halves on PostgreSQL, one transaction elsewhere, to the same values', async () => {
    await s.derivation.idle();
    const writer = { unit: 'ubnd-901', actor: 'test', ip: null, channel: 'api' };
    const hours = 2_400;
    const value = (h: number, district: number) => (h % 7) + district;
    /** Every district's 2,400 hours, each value raised by `shift`, queued for their province. */
    const write = async (shift: number) => {
      for (const [district, area] of ['901', '902', '903'].entries()) {
        const points = Array.from({ length: hours }, (_, h) => ({
          indicator: 'dossiers',
          area,
          source: 'one-stop-shop',
          ts: new Date(Date.UTC(2019, 0, 1) + h * 3_600_000),
          value: value(h, district) + shift,
        }));
        await upsertObservations(s.db, writer, points, { queue: true });
      }
    };
    await write(0);
    /** Recomputes what is queued; returns how many transactions that took. */
    const recompute = async () => {
      const transaction = s.db.transaction.bind(s.db);
      let transactions = 0;
      s.db.transaction = <T>(fn: (tx: Queryable) => Promise<T>) => {
        transactions++;
        return transaction(fn);
      };
      try {
        await s.derivation.idle();
      } finally {
        s.db.transaction = transaction;
      }
      return transactions;
    };
    const province = async () =>
      (
        await s.db.query(
          `SELECT count(*)::int AS n, sum(value)::float8 AS total, min(coverage) AS least, max(revision) AS revision FROM observations
           WHERE indicator_key = 'dossiers' AND area_code = '90' AND ts >= '2019-01-01T00:00:00Z' AND ts < '2019-04-11T00:00:00Z'`,
        )
      ).rows;
    const total = (shift: number) =>
      Array.from({ length: hours }, (_, h) => value(h, 0) + value(h, 1) + value(h, 2) + 3 * shift).reduce((a, b) => a + b, 0);
    expect(await recompute()).toBe(driver === 'pg' ? 2 : 1);
    expect(await province()).toEqual([{ n: hours, total: total(0), least: 3, revision: 1 }]);

    // With a weighted mean among them, whose weights the other half might be recomputing: one transaction.
    await write(1);
    await upsertObservations(s.db, writer, [{ indicator: 'fibre_pct', area: '901', source: 'one-stop-shop', ts: new Date('2018-12-31T17:00:00Z'), value: 50 }], { queue: true });
    expect(await recompute()).toBe(1);
    expect(await province()).toEqual([{ n: hours, total: total(1), least: 3, revision: 2 }]);
  });

  it('recomputes many periods of a parent in one statement: only those asked for, each by its own children', async () => {
    // Hours 0–5 and 20 of one day for three districts, written without queueing their province.
    const hour = (h: number) => new Date(Date.UTC(2021, 3, 9, h - 7));
    const writer = { unit: 'ubnd-901', actor: 'test', ip: null, channel: 'api' };
    const points = ['901', '902', '903'].flatMap((area, d) =>
      [0, 1, 2, 3, 4, 5, 20].map((h) => ({ indicator: 'dossiers', area, source: 'one-stop-shop', ts: hour(h), value: 100 * d + h })),
    );
    // District three also has a paper figure at hour 2, which the software's figure outranks.
    points.push({ indicator: 'dossiers', area: '903', source: 'paper-register', ts: hour(2), value: 999 });
    await upsertObservations(s.db, writer, points, { queue: false });
    // Hours 0, 2 and 5 (gaps short enough to read as one range) and 20 (a range of its own), in no order,
    // with another indicator's month between them.
    const targets = [5, 0, 20, 2].map((h) => ({ indicator: 'dossiers', area: '90', ts: hour(h).toISOString() }));
    targets.splice(2, 0, { indicator: 'online_pct', area: '90', ts: '2021-03-31T17:00:00.000Z' });
    await upsertObservations(s.db, writer, [{ indicator: 'online_pct', area: '901', source: 'one-stop-shop', ts: new Date('2021-03-31T17:00:00Z'), value: 70 }], { queue: false });
    const derived = await s.db.transaction((tx) => deriveParents(tx, targets));
    expect(derived.map((p) => [p.indicator, p.ts, p.value, p.coverage])).toEqual(
      expect.arrayContaining([
        ['dossiers', hour(0).toISOString(), 300, 3],
        ['dossiers', hour(2).toISOString(), 306, 3],
        ['dossiers', hour(5).toISOString(), 315, 3],
        ['dossiers', hour(20).toISOString(), 360, 3],
        ['online_pct', '2021-03-31T17:00:00.000Z', 70, 1],
      ]),
    );
    expect(derived).toHaveLength(5);
    const stored = await s.db.query<{ h: number; value: number }>(
      `SELECT extract(hour FROM ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS h, value FROM observations
       WHERE indicator_key = 'dossiers' AND area_code = '90' AND ts >= $1 AND ts <= $2 ORDER BY ts`,
      [hour(0), hour(20)],
    );
    // The hours between those asked for are read, not written.
    expect(stored.rows).toEqual([{ h: 0, value: 300 }, { h: 2, value: 306 }, { h: 5, value: 315 }, { h: 20, value: 360 }]);
  });

  it('serves the catalogue, boundaries and health endpoints', async () => {
    const cat = await s.get('/api/v1/catalog');
    expect(cat.body.pack).toMatchObject({ id: 'mini', root: '90', boundaries: 'schematic' });
    expect(cat.body.indicators).toHaveLength(6);
    const geo = await s.get('/api/v1/boundaries');
    expect(geo.body.features.map((f: any) => f.properties.code).sort()).toEqual(['90', '901', '902', '903']);
    expect((await s.get('/readyz')).body).toMatchObject({ status: 'ready', timescale: driver === 'timescale' });
    const metrics = await fetch(`${s.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/cityops_points_ingested_total \d+/);
    expect(metrics).toMatch(/cityops_ingest_batch_seconds_bucket/);
    // Earlier tests' batches were recomputed into the province, each pass timed.
    expect(Number(/^cityops_derivation_pass_seconds_count (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });
});

describe.each(DRIVERS)('recomputing the province on %s', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    // A long interval, so that the test sees what waits for it whatever the machine's speed.
    s = await startTestServer(driver, { DERIVE_INTERVAL_MS: '1500' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const send = async (area: string, value: number) => {
    const res = await fetch(`${s.url}/api/v1/observations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await s.keyFor(`ubnd-${area}`)}` },
      body: JSON.stringify({ observations: [pt('dossiers', area, '2022-07-04T10:00:00+07:00', value)] }),
    });
    expect(res.status).toBe(200);
  };
  const province = async () => {
    const r = await s.db.query<{ value: number; revision: number }>(
      `SELECT value, revision FROM observations WHERE indicator_key = 'dossiers' AND area_code = '90' AND source = 'derived'`,
    );
    return r.rows[0];
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const until = async (check: () => Promise<boolean>, ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end && !(await check())) await sleep(25);
  };

  it('recomputes at once after a quiet spell, then once per interval however many districts report', async () => {
    await sleep(1600); // a quiet spell longer than the interval since start-up's pass
    await send('901', 10);
    // Sooner than the interval: a pass that waited for it would not be done yet.
    await until(async () => (await province())?.value === 10, 1000);
    expect(await province()).toEqual({ value: 10, revision: 1 });
    await send('902', 20);
    await send('903', 30);
    // Within the interval: the province still shows the first district alone.
    expect(await province()).toEqual({ value: 10, revision: 1 });
    await until(async () => (await province())?.value === 60, 5000);
    // Both later districts were taken in one recomputation: one revision, not two.
    expect(await province()).toEqual({ value: 60, revision: 2 });
  });
});
