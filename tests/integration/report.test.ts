/** Discrepancies between declared sources, obligations, history and the reporting scorecard. */
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.service';
import { publishScorecard, scorecard } from '../../server/report/report.service';
import { dueAt } from '../../server/report/obligations';
import type { ClientToServerEvents, LiveBatchV1, ServerToClientEvents } from '../../shared/live';
import { fromLocal, localParts, toLocalIso } from '../../shared/time';
import { DRIVERS, startTestServer, type TestServer } from './harness';

const LONG_AN = path.resolve('packs/long-an.json');
const PASSWORD = 'correct horse battery';

describe.each(DRIVERS.slice(0, 2))('reporting on %s', (driver) => {
  let s: TestServer;
  let client: Socket<ServerToClientEvents, ClientToServerEvents>;
  const batches: LiveBatchV1[] = [];
  beforeAll(async () => {
    s = await startTestServer(driver, { REGION_PACK: LONG_AN });
    client = io(s.url, { transports: ['websocket'], reconnection: false });
    await new Promise((r) => client.once('hello:v1', r));
    await client.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'area', code: '794' }] });
    client.on('live:batch:v1', (b) => batches.push(b));
  });
  afterAll(async () => {
    client?.close();
    await s?.stop();
  });

  const monthly = (value: number, source: string, month = '2022-05') => ({
    observations: [{ indicator: 'dossiers_received_monthly', area: '794', ts: `${month}-01T00:00:00+07:00`, value, source }],
  });
  const open = async () => (await s.get('/api/v1/discrepancies?status=open')).body.discrepancies;

  it('opens a discrepancy when the software and the paper register disagree, and clears it when they agree', async () => {
    const key = await s.keyFor('ubnd-794');
    await s.post(monthly(1000, 'one-stop-shop'), { key });
    expect(await open()).toEqual([]);
    batches.length = 0;
    await s.post(monthly(1100, 'paper-register'), { key });
    const [d] = await open();
    expect(d).toMatchObject({
      indicator: 'dossiers_received_monthly',
      area: '794',
      status: 'open',
      values: [
        { source: 'one-stop-shop', value: 1000 },
        { source: 'paper-register', value: 1100 },
      ],
      difference: 100,
      allowed: 22,
    });
    // Within one tick on the live feed, and in the snapshot.
    await expect.poll(() => batches.flatMap((b) => b.discrepancies ?? []).length, { timeout: 1000 }).toBe(1);
    expect(batches.flatMap((b) => b.discrepancies ?? [])[0]).toMatchObject({ status: 'open', area: '794' });
    expect((await s.get('/api/v1/snapshot')).body.discrepancies).toHaveLength(1);
    // The software's figure is preferred, and shown.
    const shown = (await s.get('/api/v1/snapshot')).body.points.find((p: any) => p.indicator === 'dossiers_received_monthly' && p.area === '794');
    expect(shown).toMatchObject({ value: 1000, source: 'one-stop-shop' });

    batches.length = 0;
    await s.post(monthly(1015, 'paper-register'), { key }); // within 2 %
    expect(await open()).toEqual([]);
    await expect.poll(() => batches.flatMap((b) => b.discrepancies ?? []).map((x) => x.status), { timeout: 1000 }).toEqual(['cleared']);
    const all = (await s.get('/api/v1/discrepancies?status=all')).body.discrepancies;
    expect(all[0]).toMatchObject({ status: 'cleared' });
    expect(all[0].clearedAt).not.toBeNull();

    await s.post(monthly(900, 'one-stop-shop'), { key }); // the software revised down: they disagree again
    expect(await open()).toHaveLength(1);
  });

  it('lists what a reporter owes, with previous values and disputes, only for their unit', async () => {
    await createUser(s.db, s.catalog, { username: 'rep794', displayName: 'Tân An', role: 'reporter', unit: 'ubnd-794', password: PASSWORD });
    const login = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'rep794', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const get = (p: string) => fetch(`${s.url}${p}`, { headers: { Cookie: cookie } }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const mine = await get('/api/v1/report/obligations');
    expect(mine.status).toBe(200);
    expect(mine.body.unit).toBe('ubnd-794');
    const keys = mine.body.obligations.map((o: any) => o.indicator);
    expect(keys).toContain('online_filing_pct');
    expect(keys).not.toContain('dossiers_received'); // hourly machine feed, not a report
    expect(keys).not.toContain('reports_on_time_pct'); // computed by CityOps
    for (const o of mine.body.obligations) {
      expect(o.area).toBe('794');
      expect(['submitted', 'late', 'missing', 'due']).toContain(o.status);
    }
    expect((await get('/api/v1/report/obligations?unit=ubnd-795')).status).toBe(403);
    const history = await get('/api/v1/report/history');
    expect(history.body.revisions.map((r: any) => [r.source, r.value, r.superseded])).toEqual(
      expect.arrayContaining([
        ['one-stop-shop', 900, false],
        ['one-stop-shop', 1000, true],
        ['paper-register', 1100, true],
      ]),
    );
    expect(history.body.revisions[0].submittedBy).toMatch(/^key:/);
  });

  it('scores reports on time, late and missing, and publishes the score as an indicator', async () => {
    // Judge as if CityOps had been in service since 2021. May 2022 reports are due by the end of 5 June.
    await s.db.query(`INSERT INTO schema_migrations (id, name, applied_at) VALUES (900, 'test-in-service', '2021-01-01T00:00:00Z')`);
    const may = fromLocal(2022, 5);
    const online = s.catalog.indicators.get('online_filing_pct')!;
    expect(toLocalIso(dueAt(online, may))).toBe('2022-06-06T00:00:00+07:00');
    const card = await scorecard(s.db, s.catalog, may, new Date('2022-07-01T00:00:00Z'), ['ubnd-794', 'ubnd-795']);
    const row794 = card.rows.find((r) => r.unit === 'ubnd-794')!;
    // Everything arrived during this test run, i.e. after the due date: late, or missing.
    expect(row794.owed).toBeGreaterThan(5);
    expect(row794.onTime).toBe(0);
    expect(row794.late).toBe(1); // dossiers_received_monthly
    expect(row794.missing).toBe(row794.owed - 1);
    expect(row794.onTimePct).toBe(0);
    expect(row794.completePct).toBeCloseTo(100 / row794.owed, 9);

    const written = await publishScorecard(s.db, s.catalog, s.ingest, new Date('2022-07-01T00:00:00Z'), 2);
    expect(written).toBe(15);
    await s.derivation.idle();
    const snap = (await s.get('/api/v1/snapshot')).body.points;
    expect(snap.find((p: any) => p.indicator === 'reports_on_time_pct' && p.area === '794')).toMatchObject({ value: 0, source: 'cityops' });
    expect(snap.find((p: any) => p.indicator === 'reports_on_time_pct' && p.area === '80')).toMatchObject({ source: 'derived', coverage: 15 });
  });
});

describe('CSV upload', () => {
  let s: TestServer;
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    s = await startTestServer(DRIVERS[0]!, { REGION_PACK: LONG_AN });
    await createUser(s.db, s.catalog, { username: 'csv794', displayName: 'Tân An', role: 'reporter', unit: 'ubnd-794', password: PASSWORD });
    const login = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'csv794', password: PASSWORD }),
    });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    csrf = (await login.json()).csrfToken;
  });
  afterAll(async () => {
    await s?.stop();
  });

  const upload = (step: 'preview' | 'commit', text: string) =>
    fetch(`${s.url}/api/v1/report/csv/${step}`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'text/csv' },
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')]),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  const bad = 'Chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị\nTỷ lệ hồ sơ nộp trực tuyến;Tân An;05/2022;45,5\nonline_payment_pct;794;05/2022;140\nonline_payment_pct;795;05/2022;20\n';
  const good = 'Chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị\nTỷ lệ hồ sơ nộp trực tuyến;Tân An;05/2022;45,5\nonline_payment_pct;794;05/2022;14\n';

  it('previews every row’s problems, refuses to commit them, then commits the fixed file whole', async () => {
    const preview = await upload('preview', bad);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ delimiter: ';', hadBom: true, ok: false });
    const problems = preview.body.rows.map((r: any) => [r.line, r.problems.map((p: any) => p.reason)]);
    expect(problems).toEqual([
      [2, []],
      [3, ['out-of-range']],
      [4, ['out-of-scope']],
    ]);
    const refused = await upload('commit', bad);
    expect(refused.status).toBe(403);
    const none = await s.db.query(`SELECT 1 FROM observations WHERE area_code = '794' AND ts = '2022-05-01T00:00:00+07:00'`);
    expect(none.rows).toHaveLength(0);

    const committed = await upload('commit', good);
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ committed: true, result: { accepted: 2, written: 2 } });
    const snap = (await s.get('/api/v1/snapshot')).body.points;
    expect(snap.find((p: any) => p.indicator === 'online_filing_pct' && p.area === '794')).toMatchObject({ value: 45.5 });
    const row = await s.db.query<{ submitted_by: string }>(`SELECT submitted_by FROM observations WHERE indicator_key = 'online_payment_pct' AND area_code = '794'`);
    expect(row.rows[0]!.submitted_by).toBe('user:csv794');
  });

  it('refuses 30 February and a year before 1900 as the ingest API does, and commits neither', async () => {
    const text = 'Chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị\nonline_filing_pct;794;2022-02-30T10:00+07:00;45\nonline_filing_pct;794;05/1850;45\n';
    const preview = await upload('preview', text);
    expect(preview.status).toBe(200);
    expect(preview.body.rows.map((r: any) => [r.line, r.ts, r.problems.map((p: any) => p.reason)])).toEqual([
      [2, null, ['invalid']],
      [3, '1850-04-30T16:53:30.000Z', ['too-old']],
    ]);
    expect(preview.body.rows[1].problems[0].message).toMatch(/before 1900-01-01 \(local time\)/);
    expect((await upload('commit', text)).status).toBe(422);
    const none = await s.db.query(`SELECT 1 FROM observations WHERE ts < '1900-01-01T00:00:00Z' OR ts >= '2022-03-01T00:00:00+07:00' AND ts < '2022-03-03T00:00:00+07:00'`);
    expect(none.rows).toEqual([]);
  });

  it('flags a month in progress and a value shown rounded in the preview, then commits them as sent', async () => {
    const now = localParts(new Date());
    // The month this test runs in; 67,25 % where online_payment_pct keeps one decimal.
    const monthly = `Chỉ tiêu;Địa bàn;Kỳ báo cáo;Giá trị\nonline_filing_pct;794;Tháng ${now.month}/${now.year};45\nonline_payment_pct;794;tháng 11/2021;"67,25 %"\n`;
    const preview = await upload('preview', monthly);
    expect(preview.body.ok).toBe(true);
    expect(preview.body.rows.map((r: any) => [r.line, r.value, (r.notes ?? []).map((n: any) => `${n.field}:${n.reason}`)])).toEqual([
      [2, 45, ['ts:in-progress']],
      [3, 67.25, ['value:more-decimals']],
    ]);
    expect(preview.body.rows[1].notes[0].message).toBe('67.25 has more decimals than "online_payment_pct" keeps (1): it is stored as sent and shown as 67.3');
    const committed = await upload('commit', monthly);
    expect(committed).toMatchObject({ status: 200, body: { committed: true, result: { accepted: 2, written: 2 } } });
    const row = await s.db.query<{ value: number }>(
      `SELECT value FROM observations WHERE indicator_key = 'online_payment_pct' AND area_code = '794' AND ts = '2021-11-01T00:00:00+07:00'`,
    );
    expect(row.rows).toEqual([{ value: 67.25 }]);
  });

  it('is for signed-in reporters only', async () => {
    const anon = await fetch(`${s.url}/api/v1/report/csv/preview`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: good });
    expect(anon.status).toBe(401);
  });
});
