/** Chooses the driver: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR. */
import path from 'node:path';
import type { Config } from '../config';
import type { Db } from './db';

export async function openDb(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'dataDir'>,
): Promise<Db> {
  if (config.DATABASE_URL) {
    const { openPg } = await import('./pg');
    return openPg(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
      connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    });
  }
  const { openPglite } = await import('./pglite');
  return openPglite(path.join(config.dataDir, 'pglite'));
}

/** Where a describing log line says which database is in use, without the password. */
export function describeDb(db: Db, config: Pick<Config, 'DATABASE_URL' | 'dataDir'>): string {
  if (db.driver === 'pg' && config.DATABASE_URL) {
    const u = new URL(config.DATABASE_URL);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  }
  return `embedded PGlite in ${path.join(config.dataDir, 'pglite')}`;
}
