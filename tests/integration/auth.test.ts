/**
 * People and keys may write only what their unit reports: every unit against every other, with a key and
 * with a reporter's session, for a new figure, a revision and a draft. Plus CSRF, mass assignment, sign-in
 * limits, key rotation and the append-only audit log.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.service';
import type { Unit } from '../../shared/catalog';
import { DRIVERS, startTestServer, type TestServer } from './harness';

const LONG_AN = path.resolve('packs/long-an.json');
const PASSWORD = 'correct horse battery';

async function signIn(s: TestServer, username: string, password = PASSWORD, origin?: string) {
  const res = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { status: res.status, body, cookie, csrf: body.csrfToken as string, headers: res.headers };
}

describe.each(DRIVERS.slice(0, 1))('authorisation on %s', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(driver, { REGION_PACK: LONG_AN });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) => (await s.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  /** Refusals the audit log stands for, once the repeats of the minute are written as their summary rows. */
  const refusals = async (where: string) => {
    await s.refusals.flush();
    return count(`SELECT coalesce(sum((detail->>'count')::int), 0)::int AS n FROM audit_log WHERE ${where}`);
  };

  it('keeps every unit to its own areas and indicators, for keys and for reporters', async () => {
    const units = [...s.catalog.units.values()].map((u) => u.unit);
    const level = (k: string) => s.catalog.indicators.get(k)!.level;
    const kind = (c: string) => s.catalog.areas.get(c)!.kind;
    const pairsOf = (u: Unit) => u.indicators.flatMap((i) => u.areas.filter((a) => kind(a) === level(i)).map((a) => ({ indicator: i, area: a })));
    const mayWrite = (u: Unit, p: { indicator: string; area: string }) => u.indicators.includes(p.indicator) && u.areas.includes(p.area);
    const periodOf = (indicator: string, year: number) => {
      const f = s.catalog.indicators.get(indicator)!.frequency;
      return f.startsWith('PT') ? `${year}-03-01T09:00:00+07:00` : `${year}-01-01T00:00:00+07:00`;
    };
    const value = (indicator: string, v: number) => Math.min(s.catalog.indicators.get(indicator)!.range.max, v);

    // Each unit writes its own figures first, so that a foreign write is a revision.
    const credentials = new Map<string, { key: string; cookie: string; csrf: string }>();
    for (const u of units) {
      const key = await s.keyFor(u.code);
      await createUser(s.db, s.catalog, { username: `rep-${u.code}`, displayName: u.name.vi, role: 'reporter', unit: u.code, password: PASSWORD });
      const session = await signIn(s, `rep-${u.code}`);
      credentials.set(u.code, { key, cookie: session.cookie, csrf: session.csrf });
      const own = pairsOf(u).map((p) => ({ ...p, ts: periodOf(p.indicator, 2021), value: value(p.indicator, 1) }));
      expect((await s.post({ observations: own }, { key })).status).toBe(200);
    }
    const deniedBefore = await refusals(`outcome = 'denied'`);
    const rowsBefore = await count(`SELECT count(*)::int AS n FROM observations WHERE source <> 'derived'`);

    let attempts = 0;
    for (const u of units) {
      const cred = credentials.get(u.code)!;
      for (const v of units) {
        if (v.code === u.code) continue;
        const target = pairsOf(v).find((p) => !mayWrite(u, p));
        if (!target) continue; // v reports nothing u may not also report
        const revise = { ...target, ts: periodOf(target.indicator, 2021), value: value(target.indicator, 2) };
        const fresh = { ...target, ts: periodOf(target.indicator, 2020), value: value(target.indicator, 3) };
        for (const point of [revise, fresh]) {
          const byKey = await s.post({ observations: [point] }, { key: cred.key });
          expect(byKey.status, `${u.code} key → ${v.code} ${target.indicator}@${target.area}`).toBe(403);
          const bySession = await s.post({ observations: [point] }, { cookie: cred.cookie, csrf: cred.csrf });
          expect(bySession.status, `${u.code} reporter → ${v.code}`).toBe(403);
          expect(bySession.body.error.details.some((d: any) => d.reason === 'out-of-scope')).toBe(true);
          attempts += 2;
        }
        for (const headers of [{ Authorization: `Bearer ${cred.key}` }, { Cookie: cred.cookie }] as Record<string, string>[]) {
          const draft = await fetch(`${s.url}/api/v1/report/drafts/${v.code}`, { headers });
          expect(draft.status, `${u.code} reads ${v.code}'s draft`).toBe(403);
          attempts++;
        }
      }
    }
    expect(attempts).toBeGreaterThan(2000);
    expect(await count(`SELECT count(*)::int AS n FROM observations WHERE source <> 'derived'`)).toBe(rowsBefore);
    expect(await count(`SELECT count(*)::int AS n FROM observations WHERE revision > 1`)).toBe(0);
    expect(await refusals(`outcome = 'denied'`)).toBe(deniedBefore + attempts);
  }, 600_000);

  it('refuses fields a client must not set, naming each', async () => {
    const key = await s.keyFor('ubnd-794');
    const r = await s.post(
      {
        observations: [
          { indicator: 'online_filing_pct', area: '794', ts: '2022-05-01T00:00:00+07:00', value: 50, unit: 'ubnd-795', revision: 9, receivedAt: '2020-01-01T00:00:00Z', approval: 'approved' },
        ],
      },
      { key },
    );
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => [d.field, d.reason]).sort()).toEqual([
      ['approval', 'unknown-field'],
      ['receivedAt', 'unknown-field'],
      ['revision', 'unknown-field'],
      ['unit', 'unknown-field'],
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM observations WHERE indicator_key = 'online_filing_pct' AND ts = '2022-05-01T00:00:00+07:00'`)).toBe(0);
  });

  it('refuses a cross-site POST that carries a valid session cookie', async () => {
    await createUser(s.db, s.catalog, { username: 'csrf-reporter', displayName: 'CSRF', role: 'reporter', unit: 'ubnd-795', password: PASSWORD });
    const { cookie, csrf } = await signIn(s, 'csrf-reporter');
    const point = { observations: [{ indicator: 'online_filing_pct', area: '795', ts: '2022-06-01T00:00:00+07:00', value: 51 }] };
    expect((await s.post(point, { cookie })).status).toBe(403); // no token
    expect((await s.post(point, { cookie, csrf: 'forged' })).status).toBe(403);
    expect((await s.post(point, { cookie, csrf, origin: 'https://evil.example' })).status).toBe(403);
    const drafts = await fetch(`${s.url}/api/v1/report/drafts/ubnd-795`, {
      method: 'PUT',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: 'https://evil.example', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ values: {} }),
    });
    expect(drafts.status).toBe(403);
    expect(await count(`SELECT count(*)::int AS n FROM observations WHERE area_code = '795' AND indicator_key = 'online_filing_pct' AND ts = '2022-06-01T00:00:00+07:00'`)).toBe(0);
    const ok = await s.post(point, { cookie, csrf, origin: s.url });
    expect(ok.status).toBe(200);
    const row = await s.db.query<{ submitted_by: string }>(`SELECT submitted_by FROM observations WHERE area_code = '795' AND indicator_key = 'online_filing_pct' AND ts = '2022-06-01T00:00:00+07:00'`);
    expect(row.rows[0]!.submitted_by).toBe('user:csrf-reporter');
    expect((await signIn(s, 'csrf-reporter', PASSWORD, 'https://evil.example')).status).toBe(403);
  });

  it('limits failed sign-ins and audits them', async () => {
    await createUser(s.db, s.catalog, { username: 'limited', displayName: 'Limited', role: 'viewer', unit: null, password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await signIn(s, 'limited', 'wrong password')).status).toBe(401);
    const blocked = await signIn(s, 'limited');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refusals(`action = 'auth.login' AND actor = 'user:limited' AND outcome <> 'ok'`)).toBe(6);
    const me = await fetch(`${s.url}/api/v1/auth/me`);
    expect(me.status).toBe(401);
  });

  it('rotates a key with a grace period, revokes at once, and keeps the audit log append-only', async () => {
    await createUser(s.db, s.catalog, { username: 'root', displayName: 'Admin', role: 'admin', unit: null, password: PASSWORD });
    const admin = await signIn(s, 'root');
    const call = (p: string, body?: unknown) =>
      fetch(`${s.url}${p}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const created = await call('/api/v1/admin/keys', { unit: 'ubnd-796', label: 'tablet' });
    expect(created.status).toBe(201);
    const oldSecret = created.body.secret;
    const rotated = await call(`/api/v1/admin/keys/${created.body.key.id}/rotate`, { graceHours: 24 });
    expect(rotated.status).toBe(201);
    const point = (v: number) => ({ observations: [{ indicator: 'online_filing_pct', area: '796', ts: '2022-07-01T00:00:00+07:00', value: v }] });
    expect((await s.post(point(40), { key: oldSecret })).status).toBe(200);
    expect((await s.post(point(41), { key: rotated.body.secret })).status).toBe(200);
    const keys = await call('/api/v1/admin/keys');
    expect(keys.body.find((k: any) => k.id === created.body.key.id).status).toBe('expiring');
    expect(keys.body.find((k: any) => k.id === rotated.body.key.id)).toMatchObject({ status: 'active', rotatedFrom: created.body.key.id });
    expect((await call(`/api/v1/admin/keys/${created.body.key.id}/revoke`, {})).body.status).toBe('revoked');
    expect((await s.post(point(42), { key: oldSecret })).status).toBe(401);

    const reporter = await signIn(s, 'csrf-reporter');
    const denied = await fetch(`${s.url}/api/v1/admin/keys`, { headers: { Cookie: reporter.cookie } });
    expect(denied.status).toBe(403);

    const audit = await call('/api/v1/admin/audit?limit=200');
    const actions = new Set(audit.body.entries.map((e: any) => e.action));
    for (const a of ['key.create', 'key.rotate', 'key.revoke', 'auth.login', 'observations.submit', 'access.refused']) expect(actions, a).toContain(a);
    await expect(s.db.query(`UPDATE audit_log SET outcome = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(s.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('knows the person behind a live-feed socket from the session cookie', async () => {
    const { io } = await import('socket.io-client');
    const reporter = await signIn(s, 'csrf-reporter');
    const client = io(s.url, { transports: ['websocket'], extraHeaders: { Cookie: reporter.cookie }, reconnection: false });
    await new Promise((resolve) => client.once('hello:v1', resolve));
    const sockets = await s.io.fetchSockets();
    expect(sockets.map((x) => x.data.actor)).toContain('user:csrf-reporter');
    client.close();
  });
});
