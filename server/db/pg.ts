/** PostgreSQL (optionally with TimescaleDB) through a `pg` connection pool. */
import pg from 'pg';
import { createHash } from 'node:crypto';
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

export async function openPg(url: string, poolSize: number): Promise<Db> {
  // JIT compilation pays off for long analytic scans, not for CityOps' statements: the planner's cost of
  // recomputing a few thousand province hours crosses its threshold, and compiling then took longer than
  // running (350 ms of 650 for 13,500 hours). Off from the connection's start; PGOPTIONS, or options in
  // the URL, still override it.
  const options = ['-c jit=off', process.env.PGOPTIONS].filter(Boolean).join(' ');
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'cityops', options });
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
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn({
          async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
            const r = await c.query(statement(sql, params, options));
            return { rows: r.rows as R[] };
          },
        });
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    },
    async session<T>(fn: (s: Queryable) => Promise<T>) {
      const c = await pool.connect();
      try {
        return await fn({
          async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
            const r = await c.query(statement(sql, params, options));
            return { rows: r.rows as R[] };
          },
        });
      } finally {
        // Closed, not returned to the pool: a lock or setting left on it must not pass to the next user.
        c.release(true);
      }
    },
    listen: (channel, listener) => listenOn(url, channel, listener),
    async close() {
      await pool.end();
    },
  };
}

/** LISTEN on a connection of its own (a pooled one goes back to the pool), made again whenever it is lost. */
async function listenOn(url: string, channel: string, listener: Listener): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const attempt = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'cityops-listen' });
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
