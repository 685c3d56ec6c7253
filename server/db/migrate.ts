/**
 * Numbered .sql migrations (`NNN_name.sql`), applied in order under one advisory lock and recorded in
 * schema_migrations with the SHA-256 of their text; an applied file that has changed since stops start-up.
 * A file whose first line is `-- requires: timescaledb` is applied only where the extension can be
 * installed; it is left unrecorded otherwise, so it runs once the database gains the extension.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Held by the instance that migrates while the others wait; the key earlier versions took per migration. */
const LOCK_KEY = 72657001;

interface Migration {
  id: number;
  name: string;
  sql: string;
  checksum: string;
  requiresTimescale: boolean;
}

/** SHA-256 of a file's text, line endings read as `\n` so that a Windows checkout has the same one. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

async function loadMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const migrations = await Promise.all(
    files.map(async (name): Promise<Migration> => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      const requiresTimescale = /^-- requires: timescaledb/.test(sql);
      return { id: Number(name.slice(0, 3)), name, sql, checksum: checksumOf(sql), requiresTimescale };
    }),
  );
  for (let i = 1; i < migrations.length; i++) {
    const [a, b] = [migrations[i - 1]!, migrations[i]!];
    if (a.id === b.id) throw new Error(`Migrations ${a.name} and ${b.name} have the same number: renumber one of them`);
  }
  return migrations;
}

/**
 * The statements of a script, delimited by PostgreSQL's own parser (libpg_query): a `;` in a string, a
 * quoted identifier, a comment, a dollar-quoted body or a BEGIN ATOMIC body does not end a statement.
 */
export async function splitStatements(sql: string): Promise<string[]> {
  // Loaded only when a migration is pending: most starts have none and skip the WebAssembly parser.
  const { parse } = await import('libpg-query');
  const { stmts = [] } = await parse(sql);
  // The parser's offsets count UTF-8 bytes; a length of 0 means "to the end".
  const bytes = Buffer.from(sql, 'utf8');
  return stmts
    .map(({ stmt_location: at = 0, stmt_len: length = 0 }) =>
      bytes.subarray(at, length > 0 ? at + length : undefined).toString('utf8').trim(),
    )
    .filter((s) => s !== '');
}

async function statementsOf(m: Migration): Promise<string[]> {
  try {
    return await splitStatements(m.sql);
  } catch (err) {
    throw new Error(`Migration ${m.name} cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

async function run(s: Queryable, m: Migration, statements: string[]): Promise<void> {
  for (const [i, statement] of statements.entries()) {
    try {
      await s.query(statement);
    } catch (err) {
      const where = `statement ${i + 1} of ${statements.length}`;
      throw new Error(`Migration ${m.name} failed at ${where}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** Installs TimescaleDB when the server offers it. Returns whether it is on. */
async function enableTimescale(s: Queryable): Promise<boolean> {
  const available = await s.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (available.rows.length === 0) return false;
  try {
    await s.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return true;
  } catch {
    // Offered but not loadable (e.g. missing from shared_preload_libraries): plain PostgreSQL it is.
    return false;
  }
}

export interface MigrateResult {
  applied: string[];
  /** Applied before checksums were kept: the checksum of their file as it is now was recorded. */
  checksumsRecorded: string[];
  timescale: boolean;
}

/** Refuses applied files that differ from what the database recorded, before anything is run. */
function checkApplied(migrations: Migration[], recorded: Map<number, { name: string; checksum: string | null }>): void {
  const problems: string[] = [];
  for (const m of migrations) {
    const r = recorded.get(m.id);
    if (!r) continue;
    if (r.name !== m.name) problems.push(`migration ${m.id} was applied as ${r.name}, but its file is now ${m.name}`);
    else if (r.checksum !== null && r.checksum !== m.checksum) {
      problems.push(`${m.name} has changed since it was applied: the file's checksum is now ${m.checksum}, the database recorded ${r.checksum}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Applied migrations differ from their files: ${problems.join('; ')}. ` +
        'Restore the applied files as they were and put the change in a new numbered migration.',
    );
  }
}

async function migrateLocked(s: Queryable, migrations: Migration[]): Promise<MigrateResult> {
  await s.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  // Kept from this version on: rows written before it have none until their first start records it.
  await s.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
  const timescale = await enableTimescale(s);
  const rows = await s.query<{ id: number; name: string; checksum: string | null }>('SELECT id, name, checksum FROM schema_migrations');
  const recorded = new Map(rows.rows.map((r) => [r.id, r]));
  checkApplied(migrations, recorded);

  const checksumsRecorded: string[] = [];
  for (const m of migrations) {
    if (recorded.get(m.id)?.checksum !== null) continue;
    await s.query('UPDATE schema_migrations SET checksum = $2 WHERE id = $1 AND checksum IS NULL', [m.id, m.checksum]);
    checksumsRecorded.push(m.name);
  }

  const applied: string[] = [];
  const record = 'INSERT INTO schema_migrations (id, name, checksum) VALUES ($1, $2, $3)';
  for (const m of migrations) {
    if (recorded.has(m.id) || (m.requiresTimescale && !timescale)) continue;
    const statements = await statementsOf(m);
    if (m.requiresTimescale) {
      // Continuous aggregates cannot be created in a transaction, nor in a string of several statements
      // (an implicit one), so each statement runs alone. They are written to be idempotent and the file
      // is recorded after the last, so a crash half-way is repaired by the next start.
      await run(s, m, statements);
      await s.query(record, [m.id, m.name, m.checksum]);
    } else {
      await s.query('BEGIN');
      try {
        await run(s, m, statements);
        await s.query(record, [m.id, m.name, m.checksum]);
        await s.query('COMMIT');
      } catch (err) {
        await s.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
    applied.push(m.name);
  }
  return { applied, checksumsRecorded, timescale };
}

/**
 * Applies the pending migrations in `dir`. Several instances may start together on one database: the
 * first takes the lock and migrates, the others wait for it and then find nothing left to do.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = await loadMigrations(dir);
  // A session-level lock on one connection, so that it covers the TimescaleDB files run outside any
  // transaction as well as the others.
  const result = await db.session(async (s) => {
    await s.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      return await migrateLocked(s, migrations);
    } finally {
      // Should this fail, the connection is gone, and the lock with it.
      await s.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    }
  });
  db.timescale = result.timescale;
  return result;
}
