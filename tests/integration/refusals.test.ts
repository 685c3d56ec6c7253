/**
 * Every refusal — a 401 once a key or session was sent, a 403, a 429 — leaves an audit row naming who,
 * what and from where; a flood of them from one principal leaves two rows a minute, not one per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.service';
import { DRIVERS, pt, startTestServer, type TestServer } from './harness';

const PASSWORD = 'correct horse battery';
const CSV = 'indicator,area,ts,value\ndossiers,901,2024-03-01T09:00:00+07:00,5\n';

interface Row {
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  detail: { reason: string; status: number; method: string; path: string; count: number; repeats?: boolean; unit?: string; [k: string]: unknown };
}

describe.each(DRIVERS.filter((d) => d !== 'timescale'))('refusals in the audit log on %s', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(driver);
  });
  afterAll(async () => {
    await s?.stop();
  });

  const rows = async (where: string, params: unknown[]) =>
    (await s.db.query<Row>(`SELECT actor, action, target, outcome, ip, detail FROM audit_log WHERE ${where} ORDER BY id`, params)).rows;
  /** Refusals of an actor: the rows, and how many refusals they stand for once the minute's summaries are written. */
  const refusalsOf = async (actor: string) => {
    await s.refusals.flush();
    const r = await rows(`actor = $1 AND outcome <> 'ok'`, [actor]);
    return { rows: r, count: r.reduce((n, x) => n + x.detail.count, 0) };
  };

  async function signIn(username: string) {
    const res = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  const csv = (step: 'preview' | 'commit', headers: Record<string, string>) =>
    fetch(`${s.url}/api/v1/report/csv/${step}`, { method: 'POST', headers: { 'Content-Type': 'text/csv', ...headers }, body: CSV });

  it('audits a unit key calling the CSV upload, with its key, unit, method, path and address', async () => {
    const key = await s.keyFor('ubnd-902');
    const id = /^cok_([0-9a-f]+)_/.exec(key)![1];
    for (const step of ['preview', 'commit'] as const) {
      const res = await csv(step, { Authorization: `Bearer ${key}` });
      expect(res.status).toBe(403);
    }
    const audited = await rows(`actor = $1`, [`key:${id}`]);
    expect(audited.map((r) => [r.outcome, r.detail.method, r.detail.path, r.detail.reason, r.detail.unit, r.ip])).toEqual([
      ['denied', 'POST', '/api/v1/report/csv/preview', 'forbidden', 'ubnd-902', '127.0.0.1'],
      ['denied', 'POST', '/api/v1/report/csv/commit', 'forbidden', 'ubnd-902', '127.0.0.1'],
    ]);
    expect(audited.map((r) => r.action)).toEqual(['access.refused', 'observations.submit']);
  });

  it('audits viewer, operator, leader and admin sessions posting figures or a CSV file', async () => {
    for (const role of ['viewer', 'operator', 'leader', 'admin'] as const) {
      const username = `refused-${role}`;
      await createUser(s.db, s.catalog, { username, displayName: role, role, unit: null, password: PASSWORD });
      const { cookie, csrf } = await signIn(username);
      const post = await s.post({ observations: [pt('dossiers', '901', '2024-03-01T09:00:00+07:00', 5)] }, { cookie, csrf });
      expect(post.status, role).toBe(403);
      expect((await csv('commit', { Cookie: cookie, 'X-CSRF-Token': csrf })).status, role).toBe(403);
      // The same refusal twice in a minute: the first row, then the summary counting the second.
      const { rows: audited, count } = await refusalsOf(`user:${username}`);
      expect(count, role).toBe(2);
      expect(audited.map((r) => [r.action, r.detail.path, r.detail.reason, r.ip]), role).toEqual([
        ['observations.submit', '/api/v1/observations', 'forbidden', '127.0.0.1'],
        ['observations.submit', '/api/v1/report/csv/commit', 'forbidden', '127.0.0.1'],
      ]);
      expect(audited[1]!.detail.paths, role).toEqual({ 'POST /api/v1/report/csv/commit': 1 });
    }
    const none = await s.db.query(`SELECT 1 FROM observations WHERE indicator_key = 'dossiers' AND ts = '2024-03-01T09:00:00+07:00'`);
    expect(none.rows).toHaveLength(0);
  });

  it('audits a 401 once a key or a session was sent, and not a request that sent nothing', async () => {
    const unknown = `cok_0123456789ab_${'x'.repeat(43)}`;
    expect((await s.post({ observations: [] }, { key: unknown })).status).toBe(401);
    const stale = await fetch(`${s.url}/api/v1/auth/me`, { headers: { Cookie: 'cityops_session=not-a-session', 'X-Forwarded-For': '203.0.113.9' } });
    expect(stale.status).toBe(401);
    const before = (await rows(`TRUE`, [])).length;
    expect((await fetch(`${s.url}/api/v1/auth/me`)).status).toBe(401);
    expect((await rows(`TRUE`, [])).length).toBe(before);

    const byKey = await rows(`detail->>'claimedKey' = '0123456789ab'`, []);
    expect(byKey.map((r) => [r.actor, r.action, r.detail.reason, r.detail.credential, r.ip])).toEqual([['anonymous', 'auth.refused', 'unauthenticated', 'key', '127.0.0.1']]);
    const bySession = await rows(`ip = '203.0.113.9'`, []);
    expect(bySession.map((r) => [r.actor, r.action, r.detail.reason, r.detail.credential, r.detail.path])).toEqual([
      ['anonymous', 'auth.refused', 'unauthenticated', 'session', '/api/v1/auth/me'],
    ]);
  });

  it('writes the first of a flood at once and its repeats as one summary row, counting each', async () => {
    await createUser(s.db, s.catalog, { username: 'flooder', displayName: 'Flooder', role: 'viewer', unit: null, password: PASSWORD });
    const { cookie, csrf } = await signIn('flooder');
    const minute = () => Math.floor(Date.now() / 60_000);
    const started = minute();
    const refused = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${s.url}/api/v1/admin/${i % 2 ? 'users' : 'keys'}`, { headers: { Cookie: cookie, 'X-CSRF-Token': csrf } }).then((r) => r.status),
      ),
    );
    expect(refused.every((st) => st === 403)).toBe(true);
    const early = await rows(`actor = 'user:flooder' AND outcome <> 'ok'`, []);
    // A minute that ended during the flood has its own first row and summary.
    const sameMinute = minute() === started;
    const { rows: audited, count } = await refusalsOf('user:flooder');
    expect(count).toBe(200);
    if (!sameMinute) {
      expect(audited.length).toBeLessThanOrEqual(4);
      return;
    }
    // Before the minute's end, the first refusal's row only; then one summary of the other 199.
    expect(early).toHaveLength(1);
    expect(audited).toHaveLength(2);
    expect(audited[1]!.detail).toMatchObject({ repeats: true, count: 199, reason: 'forbidden', ips: { '127.0.0.1': 199 } });
    expect(Object.values(audited[1]!.detail.paths as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(199);
  });
});
