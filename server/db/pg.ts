/** PostgreSQL (optionally with TimescaleDB) through a `pg` connection pool. */
import pg from 'pg';
import { createHash } from 'node:crypto';
import type { Db, QueryOptions, Queryable } from './db';

/** Prepared statements' names, by their SQL: the same on every connection. */
const names = new Map<string, string>();
function statement(text: string, values: unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  if (!options?.prepare) return { text, values };
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `cityops_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return { name, text, values };
}

export async function openPg(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'cityops',
    // JIT compilation pays off for long analytic scans, not for CityOps' statements: the planner's cost of
    // recomputing a few thousand province hours crosses its threshold, and compiling then took longer than
    // running (350 ms of 650 for 13,500 hours). Off from the connection's start; PGOPTIONS, or options in
    // the URL, still override it.
    options: ['-c jit=off', process.env.PGOPTIONS].filter(Boolean).join(' '),
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
    async close() {
      await pool.end();
    },
  };
}
