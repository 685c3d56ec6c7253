/** PostgreSQL (optionally with TimescaleDB) through a `pg` connection pool. */
import pg from 'pg';
import type { Db, Queryable } from './db';

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
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pool.query(sql, params);
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
          async query<R>(sql: string, params?: unknown[]) {
            const r = await c.query(sql, params);
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
