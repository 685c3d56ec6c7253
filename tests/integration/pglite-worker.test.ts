/**
 * The embedded database runs in a worker thread: callers must see exactly what the in-process PGlite
 * gave them (values, errors, one transaction at a time), and a stopped or dead worker must not hang anyone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db/db';
import { openPglite, wrapPglite } from '../../server/db/pglite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cityops-pglite-worker-'));

describe('PGlite in a worker thread', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite('memory://');
    await db.exec(`
      CREATE TABLE units (code text PRIMARY KEY, n int NOT NULL);
      CREATE TABLE log (seq serial PRIMARY KEY, who text NOT NULL, xid bigint NOT NULL DEFAULT txid_current());
    `);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('returns the same values as PGlite in process: dates, numbers, arrays, json, null', async () => {
    const sql = `SELECT $1::timestamptz AS at, 2.5::float8 AS f, 42 AS i, 9007199254740993::int8 AS big, $2::text[] AS tags,
                        $3::jsonb AS doc, '{"a": [1, null]}'::json AS js, NULL::text AS nothing, $4::int AS missing, 'x'::bytea AS bin`;
    const params = ['2022-05-01T09:00:00+07:00', ['a', 'b,c', 'ð'], { x: [1, 'y'], z: null }, null];
    const { rows } = await db.query<Record<string, unknown>>(sql, params);
    const row = rows[0]!;
    expect(row.at).toBeInstanceOf(Date);
    expect((row.at as Date).toISOString()).toBe('2022-05-01T02:00:00.000Z');
    expect(row).toMatchObject({ f: 2.5, i: 42, tags: ['a', 'b,c', 'ð'], doc: { x: [1, 'y'], z: null }, js: { a: [1, null] }, nothing: null, missing: null });

    const { PGlite } = await import('@electric-sql/pglite');
    const local = wrapPglite(await PGlite.create());
    try {
      expect(rows).toEqual((await local.query(sql, params)).rows);
    } finally {
      await local.close();
    }
  });

  it('sends batches of 10,000 parameters as given', async () => {
    const codes = Array.from({ length: 10_000 }, (_, i) => `u-${i}`);
    const ns = codes.map((_, i) => i);
    await db.query(`INSERT INTO units (code, n) SELECT * FROM unnest($1::text[], $2::int[])`, [codes, ns]);
    const { rows } = await db.query<{ count: number; total: number; last: string }>(
      `SELECT count(*)::int AS count, sum(n)::int AS total, max(code) FILTER (WHERE n = 9999) AS last FROM units`,
    );
    expect(rows[0]).toEqual({ count: 10_000, total: (9999 * 10_000) / 2, last: 'u-9999' });
    await db.exec(`TRUNCATE units`);
  });

  it('runs several statements with exec', async () => {
    await db.exec(`
      INSERT INTO units VALUES ('a', 1);
      INSERT INTO units VALUES ('b', 2);
      UPDATE units SET n = n * 10;
    `);
    expect((await db.query(`SELECT code, n FROM units ORDER BY code`)).rows).toEqual([
      { code: 'a', n: 10 },
      { code: 'b', n: 20 },
    ]);
    await db.exec(`TRUNCATE units`);
  });

  it('commits a transaction, and rolls back and rethrows when its function throws', async () => {
    const out = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO units VALUES ('kept', 1)`);
      return (await tx.query<{ n: number }>(`SELECT n FROM units WHERE code = 'kept'`)).rows[0]!.n;
    });
    expect(out).toBe(1);

    const boom = new Error('the caller changed its mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO units VALUES ('dropped', 2)`);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await db.query(`SELECT code FROM units ORDER BY code`)).rows).toEqual([{ code: 'kept' }]);
    await db.exec(`TRUNCATE units`);
  });

  it('never lets a statement into another caller’s transaction, and keeps callers in order', async () => {
    await db.exec(`TRUNCATE log RESTART IDENTITY`);
    const counts: Record<string, number> = {};
    const inTransaction = (who: string) =>
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO log (who) VALUES ($1)`, [`${who}-1`]);
        await sleep(30); // a real pause: anything let in now would land inside this transaction
        await tx.query(`INSERT INTO log (who) VALUES ($1)`, [`${who}-2`]);
        counts[who] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM log`)).rows[0]!.n;
      });
    const plain = (who: string) => db.query(`INSERT INTO log (who) VALUES ($1)`, [who]);

    await Promise.all([inTransaction('t1'), plain('p1'), inTransaction('t2'), plain('p2'), plain('p3')]);

    const { rows } = await db.query<{ who: string; xid: string }>(`SELECT who, xid::text FROM log ORDER BY seq`);
    expect(rows.map((r) => r.who)).toEqual(['t1-1', 't1-2', 'p1', 't2-1', 't2-2', 'p2', 'p3']);
    const xid = Object.fromEntries(rows.map((r) => [r.who, r.xid]));
    expect(xid['t1-1']).toBe(xid['t1-2']);
    expect(xid['t2-1']).toBe(xid['t2-2']);
    expect(new Set(Object.values(xid)).size).toBe(5); // two transactions, three statements of their own
    expect(counts).toEqual({ t1: 2, t2: 5 });
  });

  it('rejects a failing statement with PostgreSQL’s fields, and stays usable', async () => {
    await db.query(`INSERT INTO units VALUES ('dup', 1)`);
    const err = await db.query(`INSERT INTO units VALUES ('dup', 2)`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      message: 'duplicate key value violates unique constraint "units_pkey"',
      code: '23505',
      detail: 'Key (code)=(dup) already exists.',
      constraint: 'units_pkey',
      table: 'units',
      schema: 'public',
    });
    await expect(db.query(`SELECT $1::int`, ['twelve'])).rejects.toMatchObject({ code: '22P02' });
    await expect(db.query(`SELECT nope FROM units`)).rejects.toMatchObject({ code: '42703', position: '8' });
    expect((await db.query(`SELECT count(*)::int AS n FROM units`)).rows).toEqual([{ n: 1 }]);
    await db.exec(`TRUNCATE units`);
  });

  it('rolls back a transaction whose statement failed, and the next transaction works', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO units VALUES ('x', 1)`);
        await tx.query(`INSERT INTO units VALUES ('x', 2)`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    // As PGlite does: a swallowed failure does not commit, the transaction is reported rolled back.
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO units VALUES ('y', 1)`);
        await tx.query(`SELECT 1/0`).catch(() => {});
      }),
    ).rejects.toMatchObject({ code: '25P02' });
    let leaked: Parameters<Parameters<Db['transaction']>[0]>[0] | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
      await tx.query(`INSERT INTO units VALUES ('z', 1)`);
    });
    await expect(leaked!.query(`SELECT 1`)).rejects.toThrow(/Transaction is closed/);
    expect((await db.query(`SELECT code FROM units ORDER BY code`)).rows).toEqual([{ code: 'z' }]);
    await db.exec(`TRUNCATE units`);
  });

  it('rolls back when the first statement, which carries BEGIN, fails; a transaction with no statement does nothing', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO no_such_table VALUES (1)`);
      }),
    ).rejects.toMatchObject({ code: '42P01' });
    await expect(db.transaction(async () => 'nothing')).resolves.toBe('nothing');
    // Still one session in a sane state: a statement outside a transaction commits on its own.
    await db.query(`INSERT INTO units VALUES ('w', 1)`);
    await expect(db.transaction(async (tx) => (await tx.query(`SELECT count(*)::int AS n FROM units`)).rows)).resolves.toEqual([{ n: 1 }]);
    await db.exec(`TRUNCATE units`);
  });

  it('keeps a directory-backed database across close and reopen, creating the directory', async () => {
    const dir = path.join(tempDir(), 'not', 'yet', 'there');
    const first = await openPglite(dir);
    await first.exec(`CREATE TABLE notes (body text)`);
    await first.query(`INSERT INTO notes VALUES ($1)`, ['written before close']);
    await first.close();
    const again = await openPglite(dir);
    try {
      expect((await again.query(`SELECT body FROM notes`)).rows).toEqual([{ body: 'written before close' }]);
    } finally {
      await again.close();
    }
  });

  it('lets started work finish before closing, then refuses calls', async () => {
    const own = await openPglite('memory://');
    await own.exec(`CREATE TABLE t (n int)`);
    const slow = own.transaction(async (tx) => {
      await sleep(30);
      await tx.query(`INSERT INTO t VALUES (1)`);
      return 'committed';
    });
    const after = own.query(`SELECT count(*)::int AS n FROM t`);
    const closed = own.close();
    await expect(slow).resolves.toBe('committed');
    await expect(after).resolves.toEqual({ rows: [{ n: 1 }] });
    await closed;
    await expect(own.query(`SELECT 1`)).rejects.toThrow(/closed/);
    await expect(own.transaction(async () => 1)).rejects.toThrow(/closed/);
    await own.close(); // twice is harmless
  });

  it('fails pending and later calls when the worker dies, instead of hanging', async () => {
    const post = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const own = await openPglite('memory://');
      const long = own.query(`SELECT count(*) FROM generate_series(1, 200000000)`);
      const worker = post.mock.contexts.at(-1) as Worker;
      await worker.terminate();
      await expect(long).rejects.toThrow(/PGlite worker stopped/);
      // Answered as an unreachable database (503), not as a fault of the request.
      await expect(long).rejects.toMatchObject({ code: '08006' });
      await expect(own.query(`SELECT 1`)).rejects.toThrow(/PGlite worker stopped/);
      await expect(own.transaction(async () => 1)).rejects.toThrow(/PGlite worker stopped/);
      await own.close();
    } finally {
      post.mockRestore();
    }
  });

  it('passes on notifications from committed transactions, and says when the worker is gone', async () => {
    const post = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const own = await openPglite('memory://');
      const heard: string[] = [];
      const events: string[] = [];
      const stop = await own.listen('changes', { notify: (p) => heard.push(p), up: () => events.push('up'), down: (e) => events.push(`down: ${e.message}`) });
      expect(events).toEqual(['up']);
      await own.transaction(async (tx) => {
        await tx.query(`SELECT pg_notify('changes', 'in a transaction')`);
        // Not before the commit.
        await sleep(20);
        expect(heard).toEqual([]);
      });
      await own.transaction(async (tx) => {
        await tx.query(`SELECT pg_notify('changes', 'rolled back')`);
        throw new Error('no');
      }).catch(() => {});
      await own.query(`NOTIFY other, 'another channel'`);
      await own.query(`SELECT pg_notify('changes', 'alone')`);
      expect(heard).toEqual(['in a transaction', 'alone']);

      await stop();
      await own.query(`SELECT pg_notify('changes', 'after stopping')`);
      expect(heard).toEqual(['in a transaction', 'alone']);

      await own.listen('changes', { notify: () => {}, up: () => {}, down: (e) => events.push(`down: ${e.message}`) });
      await (post.mock.contexts.at(-1) as Worker).terminate();
      await vi.waitFor(() => expect(events.at(-1)).toMatch(/down: the PGlite worker stopped/));
      await own.close();
    } finally {
      post.mockRestore();
    }
  });

  it('lets the process exit once closed, and even when a caller forgets to close', async () => {
    const dir = tempDir();
    const script = (close: boolean) => {
      const file = path.join(dir, `${close ? 'closes' : 'forgets'}.mts`);
      writeFileSync(
        file,
        `import { openPglite } from ${JSON.stringify(path.join(ROOT, 'server/db/pglite.ts'))};
         const db = await openPglite(${JSON.stringify(path.join(dir, close ? 'a' : 'b'))});
         const { rows } = await db.query('SELECT 41 + 1 AS n');
         ${close ? 'await db.close();' : ''}
         console.log(rows[0].n);`,
      );
      return file;
    };
    const run = (file: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, timeout: 20_000 });
    const [closes, forgets] = await Promise.all([run(script(true)), run(script(false))]);
    expect(closes.stdout.trim()).toBe('42');
    expect(forgets.stdout.trim()).toBe('42');
  });
});
