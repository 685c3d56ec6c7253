/** PostgreSQL (optionally with TimescaleDB) through a `pg` connection pool. */
import pg from 'pg';
import { createHash } from 'node:crypto';
import { DB_TIMEOUT_DEFAULTS } from '../config';
import type { Db, Listener, QueryOptions, Queryable } from './db';

/** Prepared statements' names, by their SQL: the same on every connection. */
const names = new Map<string, string>();
function statement(text: string, values: unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  if (!options?.prepare) return { text, values };
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `cityops_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return { name, text, values };
}

/** Waits between attempts to listen again after the connection was lost: from the first to the last, then the last. */
const RELISTEN_MS = [250, 1000, 5000, 15_000];

/** How long a connection may take to be had, and a statement to run (0: no limit); see config.ts. */
export interface PgTimeouts {
  connectMs?: number;
  statementMs?: number;
}

export async function openPg(url: string, poolSize: number, timeouts: PgTimeouts = {}): Promise<Db> {
  const connectionTimeoutMillis = timeouts.connectMs ?? DB_TIMEOUT_DEFAULTS.connectMs;
  const statementMs = timeouts.statementMs ?? DB_TIMEOUT_DEFAULTS.statementMs;
  // JIT compilation pays off for long analytic scans, not for CityOps' statements: the planner's cost of
  // recomputing a few thousand province hours crosses its threshold, and compiling then took longer than
  // running (350 ms of 650 for 13,500 hours). Off from the connection's start; PGOPTIONS, or options in
  // the URL, still override it.
  const options = ['-c jit=off', process.env.PGOPTIONS].filter(Boolean).join(' ');
  // Neither waits forever: a request needing an unreachable database fails within the connection timeout
  // (503), and a statement stuck behind a lock is cancelled by PostgreSQL. Keepalives notice a peer gone silent.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'cityops',
    options,
    connectionTimeoutMillis,
    ...(statementMs > 0 ? { statement_timeout: statementMs } : {}),
    keepAlive: true,
  });
  // A dropped idle connection must not take the process down; the pool replaces it.
  pool.on('error', () => {});
  const client = await pool.connect(); // fail fast on a wrong URL
  client.release();
  return {
    driver: 'pg',
    timescale: false,
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      const r = await pool.query(statement(sql, params, options));
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      // pg-pool guards only idle clients. A backend lost while this one is checked out (terminated, the
      // server killed) emits 'error' on it; unheard, that would end the process. Heard, it fails the
      // transaction at once, even between two statements, and the client is discarded below.
      let broken: Error | undefined;
      let lose!: (err: Error) => void;
      const lost = new Promise<never>((_resolve, reject) => {
        lose = (err: Error) => {
          broken ??= err;
          reject(err);
        };
      });
      lost.catch(() => {});
      // Heard from the moment the client is handed over, in connect's callback: a promise would resume
      // only after the rest of the data read with the answer that freed the client, which may hold the
      // connection's termination.
      const c = await new Promise<pg.PoolClient>((resolve, reject) =>
        pool.connect((err, client) => {
          if (err || !client) return reject(err ?? new Error('the pool handed over no client'));
          client.on('error', lose);
          resolve(client);
        }),
      );
      try {
        await c.query('BEGIN');
        const out = await Promise.race([
          fn({
            async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
              if (broken) throw broken;
              const r = await c.query(statement(sql, params, options));
              return { rows: r.rows as R[] };
            },
          }),
          lost,
        ]);
        await c.query('COMMIT');
        return out;
      } catch (err) {
        if (!broken) await c.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        if (broken) {
          // Discarded by the pool; `lose` stays attached for whatever the dying connection still emits.
          c.release(broken);
        } else {
          c.off('error', lose);
          c.release();
        }
      }
    },
    async session<T>(fn: (s: Queryable) => Promise<T>) {
      let broken: Error | undefined;
      const c = await new Promise<pg.PoolClient>((resolve, reject) =>
        pool.connect((err, client) => {
          if (err || !client) return reject(err ?? new Error('the pool handed over no client'));
          // As in a transaction: a connection lost while held must fail the session, not end the process.
          client.on('error', (e: Error) => (broken ??= e));
          resolve(client);
        }),
      );
      try {
        return await fn({
          async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
            if (broken) throw broken;
            const r = await c.query(statement(sql, params, options));
            return { rows: r.rows as R[] };
          },
        });
      } finally {
        // Closed, not returned to the pool: a lock or setting left on it must not pass to the next user.
        c.release(true);
      }
    },
    listen: (channel, listener) => listenOn(url, connectionTimeoutMillis, channel, listener),
    async close() {
      await pool.end();
    },
  };
}

/** LISTEN on a connection of its own (a pooled one goes back to the pool), made again whenever it is lost. */
async function listenOn(url: string, connectionTimeoutMillis: number, channel: string, listener: Listener): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const attempt = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'cityops-listen', connectionTimeoutMillis, keepAlive: true });
    let lost = false;
    const lose = (err: Error) => {
      if (lost) return;
      lost = true;
      if (client === c) client = undefined;
      c.end().catch(() => {});
      if (stopped) return;
      listener.down(err);
      const wait = RELISTEN_MS[Math.min(failures++, RELISTEN_MS.length - 1)]!;
      retry = setTimeout(() => void attempt(), wait);
      retry.unref();
    };
    c.on('notification', (n) => {
      if (n.channel === channel) listener.notify(n.payload ?? '');
    });
    c.on('error', lose);
    c.on('end', () => lose(new Error('the listening connection to PostgreSQL ended')));
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      lose(err as Error);
      return;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    failures = 0;
    listener.up();
  };

  await attempt();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
