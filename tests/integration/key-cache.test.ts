/**
 * Unit keys held in memory: a key is looked up once, then again only after any key changes, when it
 * expires, or while the server cannot hear changes announced (the listening connection is lost).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { KeyCache } from '../../server/keys/key-cache';
import { insertKey, revokeKey } from '../../server/keys/keys.repo';
import { DRIVERS, openTestDb, type Driver, type TestDb } from './harness';

/** A database of `driver` with its migrations, and a cache over it that counts its lookups of a key. */
function setUp(driver: Driver) {
  const state = { lookups: 0 } as { lookups: number; t: TestDb; cache: KeyCache };
  beforeAll(async () => {
    state.t = await openTestDb(driver);
    await migrate(state.t.db);
    const { db } = state.t;
    // The same database, counting the lookups of a key by its secret.
    const counted: Db = {
      ...db,
      query: (sql, params, options) => {
        if (/FROM api_keys\s+WHERE secret_hash/.test(sql)) state.lookups++;
        return db.query(sql, params, options);
      },
    };
    state.cache = new KeyCache(counted, pino({ level: 'silent' }));
    await state.cache.start();
  });
  afterAll(async () => {
    await state.cache?.stop();
    await state.t?.db.close();
    await state.t?.drop();
  });
  /** How many lookups `fn` made. */
  const counting = async (fn: () => Promise<unknown>) => {
    const before = state.lookups;
    await fn();
    return state.lookups - before;
  };
  return { state, counting };
}

describe.each(DRIVERS)('unit keys held in memory on %s', (driver) => {
  const { state, counting } = setUp(driver);

  it('looks a key up once, and no longer finds it once revoked elsewhere', async () => {
    await insertKey(state.t.db, { id: 'k-one', unit: 'ubnd-794', hash: 'hash-one', label: null });
    expect(await counting(() => state.cache.find('hash-one'))).toBe(1);
    expect(await counting(() => state.cache.find('hash-one'))).toBe(0);
    expect(await state.cache.find('hash-one')).toMatchObject({ id: 'k-one', unit_code: 'ubnd-794', expires_ms: null });

    // Revoked straight in the database, as the command-line tool or another server does.
    await revokeKey(state.t.db, 'k-one');
    await vi.waitFor(async () => expect(await state.cache.find('hash-one')).toBeUndefined(), { timeout: 2000, interval: 5 });
    // An unknown or revoked key is not kept: it is asked every time.
    expect(await counting(() => state.cache.find('hash-one'))).toBe(1);
    expect(await counting(() => state.cache.find('no-such-hash'))).toBe(1);
    expect(await counting(() => state.cache.find('no-such-hash'))).toBe(1);
  });

  it('stops accepting a key kept in memory when it expires, though nothing was announced', async () => {
    // Inserted with its expiry: an insert is not announced.
    await state.t.db.query(
      `INSERT INTO api_keys (id, unit_code, secret_hash, expires_at) VALUES ('k-soon', 'ubnd-794', 'hash-soon', now() + interval '400 milliseconds')`,
    );
    expect(await state.cache.find('hash-soon')).toMatchObject({ id: 'k-soon' });
    expect(await counting(() => state.cache.find('hash-soon'))).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await state.cache.find('hash-soon')).toBeUndefined();
  });
});

describe.skipIf(!DRIVERS.includes('pg'))('unit keys held in memory on pg, when the listening connection is lost', () => {
  const { state, counting } = setUp('pg');

  it('keeps nothing while it cannot hear changes, misses none made meanwhile, and keeps keys again once it hears', async () => {
    await insertKey(state.t.db, { id: 'k-two', unit: 'ubnd-795', hash: 'hash-two', label: null });
    await insertKey(state.t.db, { id: 'k-three', unit: 'ubnd-796', hash: 'hash-three', label: null });
    await state.cache.find('hash-two');
    await state.cache.find('hash-three');
    expect(await counting(() => state.cache.find('hash-two'))).toBe(0);

    const listening = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cityops-listen' AND datname = current_database()`;
    const terminated = await state.t.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'cityops-listen' AND datname = current_database()`,
    );
    expect(terminated.rows[0]!.n).toBe(1);
    // Revoked while nobody listens: no announcement reaches the cache.
    await revokeKey(state.t.db, 'k-three');
    // Heard as lost: what was kept is forgotten.
    await vi.waitFor(async () => expect(await counting(() => state.cache.find('hash-two'))).toBe(1), { timeout: 2000, interval: 5 });

    // Listening again by itself, starting empty: the revocation made meanwhile is not missed.
    await vi.waitFor(async () => expect((await state.t.db.query<{ n: number }>(listening)).rows[0]!.n).toBe(1), { timeout: 5000, interval: 20 });
    await vi.waitFor(async () => expect(await counting(() => state.cache.find('hash-two'))).toBe(0), { timeout: 5000, interval: 20 });
    expect(await state.cache.find('hash-three')).toBeUndefined();
  });
});
