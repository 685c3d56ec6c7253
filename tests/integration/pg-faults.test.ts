/**
 * The server outlives its database's faults: backends terminated under a write load, the postmaster
 * killed, the cluster stopped. The server runs in a child process, so that an exit is seen; PostgreSQL is
 * a cluster of the test's own. Every point answered 200 must be in the database at the end, and every
 * failed request must have been told to retry (503 with Retry-After), never a 500.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/auth';
import { Catalog } from '../../server/catalog/catalog';
import { openPg } from '../../server/db/pg';
import { createKey } from '../../server/keys/keys.service';
import { miniPack, writeMiniPack } from '../fixtures/mini-pack';
import { clusterToolsInstalled, createOwnCluster, freePort, type OwnCluster } from './own-cluster';
import { DRIVERS } from './harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOUR = 3_600_000;

/** Waits for `check` to hold, trying every 50 ms; fails with `what` after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Senders posting batches of hourly points as fast as they are answered, each to its own district. */
class Load {
  /** Acknowledged points by area: epoch ms of the hour → value. */
  readonly acked = new Map<string, Map<number, number>>();
  readonly statuses = new Map<number, number>();
  /** Answers other than 200 and 503-with-Retry-After, and failed requests (the server gone). */
  readonly wrong: string[] = [];
  ackedBatches = 0;
  /** Answers 503 with Retry-After. */
  toldToRetry = 0;
  /** The slowest 503 since `resetSlowest`. */
  slowest503Ms = 0;
  private stopped = false;
  private readonly runs: Promise<void>[] = [];
  private readonly base = Math.floor(Date.now() / HOUR) * HOUR - HOUR;

  constructor(
    private readonly url: string,
    senders: { area: string; key: string }[],
  ) {
    for (const s of senders) {
      this.acked.set(s.area, new Map());
      this.runs.push(this.send(s.area, s.key));
    }
  }

  private async send(area: string, key: string): Promise<void> {
    let n = 0;
    while (!this.stopped) {
      const points = Array.from({ length: 10 }, () => {
        const t = this.base - n++ * HOUR;
        return { t, value: n % 10_000 };
      });
      const body = { observations: points.map((p) => ({ indicator: 'dossiers', area, ts: new Date(p.t).toISOString(), value: p.value })) };
      const started = performance.now();
      try {
        const res = await fetch(`${this.url}/api/v1/observations`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        const answer = (await res.json()) as { error?: { code: string; message: string } };
        this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) {
          const mine = this.acked.get(area)!;
          for (const p of points) mine.set(p.t, p.value);
          this.ackedBatches++;
        } else if (res.status === 503 && res.headers.get('retry-after')) {
          this.toldToRetry++;
          this.slowest503Ms = Math.max(this.slowest503Ms, performance.now() - started);
          await new Promise((r) => setTimeout(r, 20));
        } else {
          this.wrong.push(`${res.status} ${JSON.stringify(answer)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      } catch (err) {
        this.wrong.push(`request failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  resetSlowest(): void {
    this.slowest503Ms = 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.runs);
  }
}

describe.runIf(DRIVERS.includes('pg') && clusterToolsInstalled)('faults of PostgreSQL under a write load', () => {
  let cluster: OwnCluster;
  let admin: pg.Client | undefined;
  let child: ChildProcess;
  let url: string;
  let load: Load;
  const exits: string[] = [];
  /** What the run measured, printed at the end. */
  const figures: Record<string, unknown> = {};
  let output = '';

  /** An administrator's connection to the test's cluster, made again after the cluster restarted. */
  const adminQuery = async <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
    if (!admin) {
      const c = new pg.Client({ connectionString: cluster.url('cityops'), application_name: 'test-admin' });
      c.on('error', () => {});
      await c.connect();
      admin = c;
    }
    try {
      return await admin.query<T>(sql, params);
    } catch (err) {
      await admin.end().catch(() => {});
      admin = undefined;
      throw err;
    }
  };
  const dropAdmin = async () => {
    await admin?.end().catch(() => {});
    admin = undefined;
  };
  /** `until`, failing with what the senders were answered and what the server wrote. */
  const untilLoad = (what: string, check: () => boolean, ms: number) =>
    until(what, () => {
      if (exits.length > 0) throw new Error(`the server process ended (${exits.join('; ')}) while waiting for ${what}`);
      return check();
    }, ms).catch((err: Error) => {
      throw new Error(`${err.message}; answers so far ${JSON.stringify([...load.statuses])}, wrong ${JSON.stringify(load.wrong.slice(0, 5))}\n${output.slice(-4000)}`, { cause: err });
    });
  const ackedSince = async (batches: number, ms: number) => {
    const started = performance.now();
    await untilLoad('a batch acknowledged', () => load.ackedBatches > batches, ms);
    return performance.now() - started;
  };

  beforeAll(async () => {
    cluster = await createOwnCluster();
    await cluster.start();
    const first = new pg.Client({ connectionString: cluster.url() });
    await first.connect();
    await first.query('CREATE DATABASE cityops');
    await first.end();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: cluster.url('cityops'),
        DATABASE_POOL_SIZE: '4',
        LIVE_ADAPTER: 'postgres',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-faults-')),
        REGION_PACK: writeMiniPack(),
        SIMULATE: 'false',
        LOG_LEVEL: 'warn',
        LIVE_TICK_MS: '50',
        BUILD_ID: 'test',
      },
    });
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', (code, signal) => exits.push(`exit code ${code}, signal ${signal}`));
    await until(
      'the server to be ready',
      async () => {
        if (exits.length > 0) throw new Error(`the server exited while starting:\n${output}`);
        return (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200;
      },
      60_000,
    );
    // Keys made straight in the database, as the command-line tool would.
    const db = await openPg(cluster.url('cityops'), 1);
    const catalog = new Catalog(miniPack);
    const senders = [];
    for (const area of ['901', '902', '903']) senders.push({ area, key: (await createKey(db, catalog, `ubnd-${area}`, 'faults')).key });
    await db.close();
    load = new Load(url, senders);
    await ackedSince(0, 30_000);
  }, 120_000);

  afterAll(async () => {
    await load?.stop();
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await dropAdmin();
    await cluster?.remove();
  }, 60_000);

  const expectAlive = () => expect(exits, `the server process ended:\n${output}`).toEqual([]);

  it('outlives 100 terminations of its connections, each followed by a batch written', async () => {
    let terminated = 0;
    while (terminated < 100) {
      // One connection at a time, preferring one in the middle of a statement or a transaction.
      const { rows } = await adminQuery<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE application_name LIKE 'cityops%' AND pid <> pg_backend_pid()
          ORDER BY state = 'idle', random() LIMIT 1`,
      );
      if (rows[0]?.ok) terminated++;
      expectAlive();
      // Writes go on: the next batch is acknowledged before the next termination.
      await ackedSince(load.ackedBatches, 10_000);
    }
    expectAlive();
    expect(load.wrong).toEqual([]);
  }, 120_000);

  it('outlives kill -9 of the postmaster, and writes again within 10 s of its restart', async () => {
    const recoveries: number[] = [];
    for (let i = 0; i < 5; i++) {
      await dropAdmin();
      const refusedBefore = load.toldToRetry;
      await cluster.kill();
      await untilLoad('a request refused while the database is down', () => load.toldToRetry > refusedBefore, 10_000);
      await cluster.start();
      recoveries.push(Math.round(await ackedSince(load.ackedBatches, 10_000)));
      expectAlive();
    }
    figures.writingAgainAfterKillMs = recoveries;
    expect(load.wrong).toEqual([]);
  }, 120_000);

  it('answers 503 with Retry-After within 3 s while the database is stopped, and says why on /readyz', async () => {
    await dropAdmin();
    await cluster.stop();
    const refusedBefore = load.toldToRetry;
    await untilLoad('requests refused while the database is stopped', () => load.toldToRetry > refusedBefore + 10, 10_000);
    load.resetSlowest();
    await untilLoad('more requests refused', () => load.toldToRetry > refusedBefore + 40, 10_000);
    figures.slowest503WhileStoppedMs = Math.round(load.slowest503Ms);
    expect(load.slowest503Ms).toBeLessThan(3000);

    const started = performance.now();
    const write = await fetch(`${url}/api/v1/observations`, {
      method: 'POST',
      headers: { Authorization: 'Bearer cok_000000000000_not-a-key-the-database-could-check', 'Content-Type': 'application/json' },
      body: JSON.stringify({ observations: [{ indicator: 'dossiers', area: '901', ts: '2024-01-01T00:00:00+07:00', value: 1 }] }),
    });
    // A key that cannot be checked is not called wrong.
    expect(write.status).toBe(503);
    expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    const read = await fetch(`${url}/api/v1/snapshot`);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBeTruthy();
    expect(performance.now() - started).toBeLessThan(6000);

    // A screen whose session cannot be checked is told why, not taken for signed out.
    const socket = connectSocket(url, { transports: ['websocket'], reconnection: false, extraHeaders: { Cookie: `${SESSION_COOKIE}=some-session` } });
    const refused = await new Promise<Error & { data?: unknown }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(refused.message).toBe('the database is not reachable; connect again later');
    expect(refused.data).toMatchObject({ code: 'unavailable' });

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: 'database-unreachable' });

    await cluster.start();
    figures.writingAgainAfterStopMs = Math.round(await ackedSince(load.ackedBatches, 10_000));
    await until('/readyz to answer 200', async () => (await fetch(`${url}/readyz`)).status === 200, 10_000);
    expectAlive();
    expect(load.wrong).toEqual([]);
  }, 60_000);

  it('has every acknowledged point in the database', async () => {
    await load.stop();
    let acked = 0;
    let missing = 0;
    for (const [area, points] of load.acked) {
      const { rows } = await adminQuery<{ t: string; value: number }>(
        `SELECT (extract(epoch FROM ts) * 1000)::bigint::text AS t, value FROM observations
          WHERE indicator_key = 'dossiers' AND area_code = $1`,
        [area],
      );
      const stored = new Map(rows.map((r) => [Number(r.t), r.value]));
      for (const [t, value] of points) {
        acked++;
        if (stored.get(t) !== value) missing++;
      }
    }
    console.info(`faults of PostgreSQL: ${JSON.stringify({ ...figures, acknowledgedPoints: acked, missing, answers: Object.fromEntries(load.statuses), exits: exits.length })}`);
    expect(acked).toBeGreaterThan(1000);
    expect(missing).toBe(0);
    expectAlive();
  }, 60_000);
});
