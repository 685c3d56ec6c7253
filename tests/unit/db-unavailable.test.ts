/**
 * Which failures tell a sender to retry (503 + Retry-After): the database unreachable, lost or out of
 * time, as `pg`, pg-pool, Node and PGlite's worker report it; never a fault of the request or the code.
 */
import { createServer, type Server, type Socket } from 'node:net';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { errorHandler, isDatabaseUnavailable } from '../../server/http/errors';

/** A port that accepts connections and never answers: a database that hangs. */
async function silentServer(): Promise<{ port: number; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('isDatabaseUnavailable', () => {
  const silent = silentServer();
  afterAll(async () => {
    const { server, sockets } = await silent;
    for (const s of sockets) s.destroy();
    server.close();
  });

  it('is true for a refused connection, as pg reports it', async () => {
    const c = new pg.Client({ connectionString: `postgres://x@127.0.0.1:${await closedPort()}/x` });
    const err = await c.connect().then(() => undefined, (e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('is true for a connection that does not answer within the timeout, and for a pool with no connection free in time', async () => {
    const { port } = await silent;
    const pool = new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${port}/x`, max: 1, connectionTimeoutMillis: 200 });
    const hung = await pool.query('SELECT 1').then(() => undefined, (e: unknown) => e);
    expect((hung as Error).message).toMatch(/timeout/);
    expect(isDatabaseUnavailable(hung)).toBe(true);
    // The only connection is held (still connecting): the next request waits for a free one in vain.
    const first = pool.connect().catch((e: unknown) => e);
    const waiting = await pool.connect().then(() => undefined, (e: unknown) => e);
    expect((waiting as Error).message).toBe('timeout exceeded when trying to connect');
    expect(isDatabaseUnavailable(waiting)).toBe(true);
    await first;
    await pool.end();
  });

  it('is true for Node socket errors, also inside an AggregateError or as a cause', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) {
      expect(isDatabaseUnavailable(Object.assign(new Error(`read ${code}`), { code }))).toBe(true);
    }
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new AggregateError([refused]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
  });

  it('is true for lost connections, server shutdowns, exhausted resources and statement timeouts', () => {
    for (const message of ['Connection terminated unexpectedly', 'Connection terminated due to connection timeout', 'Client has encountered a connection error and is not queryable']) {
      expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    }
    // 08006: also what PGlite's worker answers once it is gone (server/db/pglite.ts).
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', '53300', '53100', '57014']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection'), { code })), code).toBe(true);
    }
  });

  it('is false for the request’s or the code’s faults', () => {
    for (const code of ['23505', '22P02', '42P01', '40001', '57000', 'ERR_INVALID_ARG_TYPE']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('no'), { code })), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('the error handler', () => {
  it('answers an unreachable database with 503 and Retry-After, and other failures with 500 without it', async () => {
    const app = express();
    app.get('/reset', () => {
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    });
    app.get('/bug', () => {
      throw new TypeError('x is not a function');
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s as unknown as Server));
    });
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const reset = await fetch(`${base}/reset`);
      expect(reset.status).toBe(503);
      expect(Number(reset.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await reset.json()).toMatchObject({ error: { code: 'unavailable' } });
      const bug = await fetch(`${base}/bug`);
      expect(bug.status).toBe(500);
      expect(bug.headers.get('retry-after')).toBeNull();
    } finally {
      server.close();
    }
  });
});
