/**
 * The snapshot reads latest_observations, kept by triggers as observations are written. After every kind
 * of write it must answer exactly what the query over observations answered before (the reference), and
 * the table must hold exactly each (indicator, area, source)'s latest period.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.service';
import { splitStatements } from '../../server/db/migrate';
import type { PointV1 } from '../../shared/observations';
import { fromLocal, toLocalIso } from '../../shared/time';
import { DRIVERS, pt, startTestServer, type TestServer } from './harness';
import { latestPerSourceFromObservations, latestPerSourceKept, latestPointsFromObservations } from './snapshot.reference';

/** Deterministic pseudo-random numbers. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const DISTRICTS = ['901', '902', '903'];
const HOUR = 3_600_000;
const byKey = (a: PointV1, b: PointV1) => `${a.indicator}|${a.area}`.localeCompare(`${b.indicator}|${b.area}`);

describe.each(DRIVERS)('the snapshot on %s', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(driver);
  });
  afterAll(async () => {
    await s?.stop();
  });

  async function expectAsReference() {
    const res = await s.get('/api/v1/snapshot');
    expect(res.status).toBe(200);
    const reference = await latestPointsFromObservations(s.db, s.catalog.series);
    expect(reference.length).toBeGreaterThan(0);
    expect([...(res.body.points as PointV1[])].sort(byKey)).toEqual([...reference].sort(byKey));
    expect(await latestPerSourceKept(s.db)).toEqual(await latestPerSourceFromObservations(s.db));
  }

  const shown = async (indicator: string, area: string): Promise<PointV1 | undefined> =>
    ((await s.get('/api/v1/snapshot')).body.points as PointV1[]).find((p) => p.indicator === indicator && p.area === area);

  async function send(unit: string, points: ReturnType<typeof pt>[]) {
    const res = await s.post({ observations: points }, { key: await s.keyFor(unit) });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('answers as before after random writes from several units and sources, in any order', async () => {
    const r = rng(14);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    for (let batch = 0; batch < 40; batch++) {
      const points = new Map<string, ReturnType<typeof pt>>();
      const add = (p: ReturnType<typeof pt>) => points.set(`${p.indicator}|${p.area}|${p.source ?? ''}|${p.ts}`, p);
      const district = pick(DISTRICTS);
      const station = batch % 4 === 3;
      for (let n = 1 + Math.floor(r() * 12); n > 0; n--) {
        if (station) {
          const at = fromLocal(2022, 3, 1).getTime() + Math.floor(r() * 96) * 15 * 60_000;
          add(pt('salinity', pick(['st-a', 'st-b']), toLocalIso(new Date(at)), Math.round(r() * 800) / 100));
          continue;
        }
        // A few days of hours, so that later batches write both newer and older hours, and the same hours again.
        const hour = toLocalIso(new Date(fromLocal(2022, 3, 1).getTime() + Math.floor(r() * 72) * HOUR));
        const month = toLocalIso(fromLocal(2022, 1 + Math.floor(r() * 6)));
        switch (Math.floor(r() * 5)) {
          case 0:
          case 1:
            add(pt('dossiers', district, hour, Math.floor(r() * 30), pick([undefined, 'paper-register', 'unit-report'])));
            break;
          case 2:
            add(pt('online_pct', district, month, Math.round(r() * 1000) / 10, pick([undefined, 'unit-report'])));
            break;
          case 3:
            add(pt('households', district, toLocalIso(fromLocal(pick([2021, 2022]), 1)), 1000 + Math.floor(r() * 9000)));
            break;
          default:
            add(pt('fibre_pct', district, month, Math.round(r() * 1000) / 10));
        }
      }
      await send(station ? 'so-nn' : `ubnd-${district}`, [...points.values()]);
    }
    expect((await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations WHERE revision > 1`)).rows[0]!.n).toBeGreaterThan(0);
    await expectAsReference();
  });

  it('keeps the latest period when a late point arrives, and takes a revision of it', async () => {
    await send('ubnd-901', [pt('dossiers', '901', '2022-06-01T10:00:00+07:00', 7)]);
    const province = await shown('dossiers', '90');
    await send('ubnd-901', [pt('dossiers', '901', '2022-06-01T08:00:00+07:00', 9)]);
    expect(await shown('dossiers', '901')).toMatchObject({ ts: '2022-06-01T03:00:00.000Z', value: 7, revision: 1 });
    // The late hour's province value is recomputed too, and does not replace the province's latest hour either.
    expect(await shown('dossiers', '90')).toEqual(province);
    await expectAsReference();

    await send('ubnd-901', [pt('dossiers', '901', '2022-06-01T10:00:00+07:00', 8)]);
    expect(await shown('dossiers', '901')).toMatchObject({ ts: '2022-06-01T03:00:00.000Z', value: 8, revision: 2 });
    expect(await shown('dossiers', '90')).toMatchObject({ ts: '2022-06-01T03:00:00.000Z', source: 'derived', revision: 2 });
    await expectAsReference();

    // A newer period from a source the indicator prefers less is still the latest period: it is shown.
    await send('ubnd-901', [pt('dossiers', '901', '2022-06-01T11:00:00+07:00', 3, 'unit-report')]);
    expect(await shown('dossiers', '901')).toMatchObject({ source: 'unit-report', value: 3 });
    // In the same period, the preferred source wins whichever was written last.
    await send('ubnd-901', [pt('dossiers', '901', '2022-06-01T11:00:00+07:00', 4, 'paper-register')]);
    await send('ubnd-901', [pt('dossiers', '901', '2022-06-01T11:00:00+07:00', 5, 'unit-report')]);
    expect(await shown('dossiers', '901')).toMatchObject({ source: 'paper-register', value: 4 });
    await expectAsReference();
  });

  it('answers as before after a CSV upload is committed', async () => {
    await createUser(s.db, s.catalog, { username: 'snap902', displayName: 'Hai', role: 'reporter', unit: 'ubnd-902', password: 'correct horse battery' });
    const login = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'snap902', password: 'correct horse battery' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const csv = [
      'indicator,area,ts,value,source',
      'dossiers,902,2022-06-02T09:00:00+07:00,21,one-stop-shop',
      'dossiers,902,2022-03-01T05:00:00+07:00,22,one-stop-shop',
      'online_pct,902,2022-07-01T00:00:00+07:00,61.5,',
      'online_pct,902,2022-02-01T00:00:00+07:00,41.5,',
    ].join('\n');
    const res = await fetch(`${s.url}/api/v1/report/csv/commit`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    await s.derivation.idle();
    expect(await shown('dossiers', '902')).toMatchObject({ ts: '2022-06-02T02:00:00.000Z', value: 21 });
    expect(await shown('online_pct', '902')).toMatchObject({ value: 61.5 });
    await expectAsReference();
  });

  it('is backfilled by its migration from the observations already written', async () => {
    const migration = await readFile(new URL('../../server/db/migrations/010_latest_observations.sql', import.meta.url), 'utf8');
    const backfill = (await splitStatements(migration)).find((q) => q.startsWith('INSERT INTO latest_observations'));
    expect(backfill).toBeDefined();
    await s.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM latest_observations`);
      await tx.query(backfill!);
    });
    await expectAsReference();
  });

  // Compression exists on TimescaleDB alone: registered there only, so that no other driver reports it skipped.
  if (driver === 'timescale') it('answers as before with chunks compressed, and after late points and revisions into them', async () => {
    const chunks = await s.db.query<{ c: string }>(`SELECT show_chunks('observations')::text AS c`);
    expect(chunks.rows.length).toBeGreaterThan(1);
    for (const { c } of chunks.rows) await s.db.query(`SELECT compress_chunk($1::regclass, if_not_compressed => true)`, [c]);
    await expectAsReference();
    // A late point, a revision of the latest period and a new period, each into a compressed chunk.
    await send('ubnd-903', [pt('dossiers', '903', '2022-03-01T01:00:00+07:00', 11)]);
    const latest = await shown('dossiers', '903');
    await send('ubnd-903', [pt('dossiers', '903', toLocalIso(new Date(latest!.ts)), latest!.value + 1, latest!.source)]);
    expect(await shown('dossiers', '903')).toMatchObject({ ts: latest!.ts, value: latest!.value + 1, revision: latest!.revision + 1 });
    await send('so-nn', [pt('salinity', 'st-a', '2022-02-01T00:00:00+07:00', 1.5), pt('salinity', 'st-b', '2022-03-02T00:00:00+07:00', 2.5)]);
    await expectAsReference();
  });
});
