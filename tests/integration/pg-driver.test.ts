/** The PostgreSQL driver's connections: settings every connection of the pool must carry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { openPg } from '../../server/db/pg';
import { createPgDatabase, DRIVERS } from './harness';

describe.runIf(DRIVERS.includes('pg'))('the PostgreSQL driver', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createPgDatabase();
    drop = created.drop;
    db = await openPg(created.url, 3);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('runs without JIT compilation on every pooled connection, in and out of transactions', async () => {
    // Held at once, so that the pool opens all three connections.
    const seen = await Promise.all([
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ jit: string; pid: number }>('SELECT current_setting($1) AS jit, pg_backend_pid() AS pid, pg_sleep(0.05)', ['jit']);
        return rows[0]!;
      }),
      ...[1, 2].map(async () => (await db.query<{ jit: string; pid: number }>('SELECT current_setting($1) AS jit, pg_backend_pid() AS pid, pg_sleep(0.05)', ['jit'])).rows[0]!),
    ]);
    expect(new Set(seen.map((r) => r.pid)).size).toBe(3);
    expect(seen.map((r) => r.jit)).toEqual(['off', 'off', 'off']);
  });

  it('keeps a statement asked to be prepared parsed on its connection, and runs it again with new parameters', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    const prepared = await db.transaction(async (tx) => {
      const first = await tx.query<{ n: number }>(sql, [1], { prepare: true });
      const again = await tx.query<{ n: number }>(sql, [41], { prepare: true });
      const { rows } = await tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement = $1', [sql]);
      return { values: [first.rows[0]!.n, again.rows[0]!.n], names: rows.map((r) => r.name) };
    });
    expect(prepared.values).toEqual([2, 42]);
    expect(prepared.names).toEqual([expect.stringMatching(/^cityops_[0-9a-f]{20}$/)]);
    // Not asked: nothing kept.
    const plain = await db.transaction(async (tx) => {
      await tx.query('SELECT $1::int * 2 AS n', [4]);
      return (await tx.query<{ count: string }>(`SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%* 2 AS n'`)).rows[0]!.count;
    });
    expect(plain).toBe('0');
  });
});
