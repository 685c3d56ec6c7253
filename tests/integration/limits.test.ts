/**
 * Noisy clients: a unit key over its quota gets 429 + Retry-After for the excess while everything within
 * quota is stored, and sign-in attempts are counted before the password is checked, per name and address
 * and per address. Time is compressed: a minute's quota counted over a 1 s window.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.service';
import { loadConfig } from '../../server/config';
import { createKey } from '../../server/keys/keys.service';
import { startServer, type RunningServer } from '../../server/main';
import { miniPack, writeMiniPack } from '../fixtures/mini-pack';
import { createPgDatabase, DRIVERS, startTestServer, type TestServer } from './harness';

const PASSWORD = 'correct horse battery';
// 600 a minute is 10 a second; ubnd-903's own entry allows 120 a minute, 2 a second.
const PACK = writeMiniPack({ ...miniPack, units: miniPack.units.map((u) => (u.code === 'ubnd-903' ? { ...u, requestsPerMinute: 120 } : u)) });
const QUOTA_ENV = { REGION_PACK: PACK, KEY_REQUESTS_PER_MINUTE: '600', KEY_QUOTA_WINDOW_MS: '1000', SIGNIN_FAILURES_PER_ADDRESS: '30' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  retryAfter: number | null;
  code?: string;
}

function postPoint(url: string, key: string, area: string, hour: number): Promise<Answer> {
  const ts = new Date(Date.UTC(2023, 0, 1) + hour * 3_600_000).toISOString();
  return fetch(`${url}/api/v1/observations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ observations: [{ indicator: 'dossiers', area, ts, value: 1 }] }),
  }).then(async (r) => ({ status: r.status, retryAfter: r.headers.has('retry-after') ? Number(r.headers.get('retry-after')) : null, code: ((await r.json()) as any).error?.code }));
}

/** Sends `n` points, one every `gapMs` at most (never a burst to catch up), without waiting for answers. */
async function paced(url: string, key: string, area: string, n: number, gapMs: number): Promise<Answer[]> {
  const answers: Promise<Answer>[] = [];
  for (let i = 0; i < n; i++) {
    answers.push(postPoint(url, key, area, i));
    await sleep(gapMs);
  }
  return Promise.all(answers);
}

const storedHours = async (db: RunningServer['db'], area: string) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observations WHERE indicator_key = 'dossiers' AND area_code = $1 AND source <> 'derived'`, [area])).rows[0]!.n;

async function signIn(url: string, username: string, password: string, from?: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(from ? { 'X-Forwarded-For': from } : {}) },
    body: JSON.stringify({ username, password }),
  });
  await res.json();
  return { status: res.status, retryAfter: res.headers.has('retry-after') ? Number(res.headers.get('retry-after')) : null };
}

describe.each(DRIVERS.filter((d) => d !== 'timescale'))('noisy clients on %s', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(driver, QUOTA_ENV);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('refuses a key at twice its quota with 429 + Retry-After for the excess, stores all it accepted, and spares the other keys', async () => {
    const noisy = await s.keyFor('ubnd-901');
    const polite = await s.keyFor('ubnd-902');
    const started = performance.now();
    // Twice the quota (20 a second) for 5 s on one key; a quarter of it on another, at the same time.
    const [loud, calm] = await Promise.all([paced(s.url, noisy, '901', 100, 50), paced(s.url, polite, '902', 13, 400)]);
    const seconds = (performance.now() - started) / 1000;
    await s.derivation.idle();

    const accepted = loud.filter((a) => a.status === 200);
    const refused = loud.filter((a) => a.status === 429);
    expect(accepted.length + refused.length).toBe(100);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.code).toBe('too-many-requests');
      expect(r.retryAfter).toBeGreaterThanOrEqual(1);
    }
    // At most the quota in each 1 s window, and (windows lost to a slow machine aside) about that much.
    expect(accepted.length).toBeLessThanOrEqual(10 * (Math.ceil(seconds) + 1));
    expect(accepted.length).toBeGreaterThanOrEqual(Math.min(100, 5 * Math.floor(seconds)));
    expect(await storedHours(s.db, '901')).toBe(accepted.length);
    expect(calm.map((a) => a.status)).toEqual(calm.map(() => 200));
    expect(await storedHours(s.db, '902')).toBe(13);

    // Each refusal is in the audit log, the repeats of a minute as one summary.
    await s.refusals.flush();
    const id = /^cok_([0-9a-f]+)_/.exec(noisy)![1];
    const audited = await s.db.query<{ n: number }>(
      `SELECT coalesce(sum((detail->>'count')::int), 0)::int AS n FROM audit_log WHERE actor = $1 AND action = 'quota.refused'`,
      [`key:${id}`],
    );
    expect(audited.rows[0]!.n).toBe(refused.length);
  });

  it("takes a unit's own quota from its entry in the region pack", async () => {
    const key = await s.keyFor('ubnd-903');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => postPoint(s.url, key, '903', 500 + i)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 429 && a.retryAfter! >= 1)).toHaveLength(4);
  });

  it('lets at most five of twenty parallel wrong passwords reach the check, and says how long to wait', async () => {
    await createUser(s.db, s.catalog, { username: 'besieged', displayName: 'Besieged', role: 'admin', unit: null, password: PASSWORD });
    const attempts = await Promise.all(Array.from({ length: 20 }, () => signIn(s.url, 'besieged', 'wrong password', '198.51.100.1')));
    const checked = attempts.filter((a) => a.status === 401);
    const throttled = attempts.filter((a) => a.status === 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length + throttled.length).toBe(20);
    for (const t of throttled) expect(t.retryAfter).toBeGreaterThan(0);

    // The right password from that address waits too; from another address the account is not locked out.
    const same = await signIn(s.url, 'besieged', PASSWORD, '198.51.100.1');
    expect(same.status).toBe(429);
    expect(same.retryAfter).toBeGreaterThan(60);
    expect((await signIn(s.url, 'besieged', PASSWORD, '198.51.100.2')).status).toBe(200);
  }, 60_000);

  it('limits failures from one address across user names, and a success gives the address its attempt back', async () => {
    const from = '198.51.100.7';
    await createUser(s.db, s.catalog, { username: 'regular', displayName: 'Regular', role: 'viewer', unit: null, password: PASSWORD });
    expect((await signIn(s.url, 'regular', PASSWORD, from)).status).toBe(200);
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn(s.url, `nobody-${round}-${i}`, 'guess', from)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
    }
    const over = await signIn(s.url, 'regular', PASSWORD, from);
    expect(over.status).toBe(429);
    expect(over.retryAfter).toBeGreaterThan(3600);
    expect((await signIn(s.url, 'regular', PASSWORD, '198.51.100.8')).status).toBe(200);
  }, 120_000);
});

describe.skipIf(!DRIVERS.includes('pg'))('two instances on one PostgreSQL', () => {
  const servers: RunningServer[] = [];
  let drop: () => Promise<void> = async () => {};
  afterAll(async () => {
    for (const x of servers) await x.close();
    await drop();
  });

  it('share a key’s quota and the sign-in throttle through the database', async () => {
    const db = await createPgDatabase();
    drop = db.drop;
    const start = () =>
      startServer(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-limits-')),
          DATABASE_URL: db.url,
          LIVE_ADAPTER: 'postgres',
          SIMULATE: 'false',
          LOG_LEVEL: 'silent',
          ...QUOTA_ENV,
          // A window long enough that both instances' requests fall in one.
          KEY_QUOTA_WINDOW_MS: '30000',
          KEY_REQUESTS_PER_MINUTE: '20',
        }),
      );
    servers.push(await start());
    servers.push(await start());
    const [a, b] = servers as [RunningServer, RunningServer];
    expect(a.config.KEY_QUOTA_STORE).toBe('postgres');
    const { key } = await createKey(a.db, a.catalog, 'ubnd-901', 'limits');
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => postPoint(i % 2 ? a.url : b.url, key, '901', 1000 + i)));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(10);
    expect(answers.filter((x) => x.status === 429)).toHaveLength(6);

    await createUser(a.db, a.catalog, { username: 'shared', displayName: 'Shared', role: 'viewer', unit: null, password: PASSWORD });
    const tries = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i % 2 ? a.url : b.url, 'shared', 'wrong', '198.51.100.20')));
    expect(tries.filter((t) => t.status === 401).length).toBeLessThanOrEqual(5);
  });
});
