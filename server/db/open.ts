/** Chooses the driver: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR. */
import path from 'node:path';
import type { Config } from '../config';
import { describeHolder, lockDataDir, type DataDirLock } from './data-dir-lock';
import type { Db } from './db';

export interface OpenOptions {
  /** DATA_DIR's lock, already taken (the command-line tool); a server takes its own. Released on close. */
  lock?: DataDirLock;
  /** Told when the command-line tool holds DATA_DIR and the server waits for it. */
  log?: { warn(msg: string): void };
}

export async function openDb(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'dataDir'>,
  opts: OpenOptions = {},
): Promise<Db> {
  if (config.DATABASE_URL) {
    const { openPg } = await import('./pg');
    return openPg(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
      connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    });
  }
  // PGlite allows one process per directory: nothing is opened before the lock is ours.
  const lock =
    opts.lock ??
    (await lockDataDir(config.dataDir, {
      onWait: (h) => opts.log?.warn(`DATA_DIR ${config.dataDir} is in use by ${describeHolder(h, config.dataDir)}: waiting for it to finish`),
    }));
  let db: Db;
  try {
    const { openPglite } = await import('./pglite');
    db = await openPglite(path.join(config.dataDir, 'pglite'));
  } catch (err) {
    lock.release();
    throw err;
  }
  const closeDb = db.close.bind(db);
  db.close = async () => {
    try {
      await closeDb();
    } finally {
      lock.release();
    }
  };
  return db;
}

/** Where a describing log line says which database is in use, without the password. */
export function describeDb(db: Db, config: Pick<Config, 'DATABASE_URL' | 'dataDir'>): string {
  if (db.driver === 'pg' && config.DATABASE_URL) {
    const u = new URL(config.DATABASE_URL);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  }
  return `embedded PGlite in ${path.join(config.dataDir, 'pglite')}`;
}
