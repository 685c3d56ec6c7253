/**
 * Numbered .sql migrations, applied in order and recorded in schema_migrations. A file whose first line
 * is `-- requires: timescaledb` is applied only where the extension can be installed; it is left
 * unrecorded otherwise, so it runs once the database gains the extension.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

interface Migration {
  id: number;
  name: string;
  sql: string;
  requiresTimescale: boolean;
}

async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (name) => {
      const sql = await readFile(MIGRATIONS_DIR + name, 'utf8');
      return { id: Number(name.slice(0, 3)), name, sql, requiresTimescale: /^-- requires: timescaledb/.test(sql) };
    }),
  );
}

/** Splits a script into statements, keeping $$-quoted bodies and comments whole. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    current += line + '\n';
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Installs TimescaleDB when the server offers it. Returns whether it is on. */
async function enableTimescale(db: Db): Promise<boolean> {
  const available = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (available.rows.length === 0) return false;
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return true;
  } catch {
    // Offered but not loadable (e.g. missing from shared_preload_libraries): plain PostgreSQL it is.
    return false;
  }
}

export interface MigrateResult {
  applied: string[];
  timescale: boolean;
}

export async function migrate(db: Db): Promise<MigrateResult> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const timescale = await enableTimescale(db);
  const applied: string[] = [];
  for (const m of await loadMigrations()) {
    if (m.requiresTimescale) {
      if (!timescale) continue;
      const done = await db.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (done.rows.length > 0) continue;
      // Continuous aggregates refuse to be created inside a transaction. Every statement here is
      // idempotent and the migration is recorded only after the last one, so a crash half-way is
      // repaired by the next start.
      for (const statement of splitStatements(m.sql)) await db.query(statement);
      await db.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [m.id, m.name]);
      applied.push(m.name);
      continue;
    }
    const ran = await db.transaction(async (tx) => {
      // Several instances may start together: one migrates, the others wait and then find it done.
      await tx.query('SELECT pg_advisory_xact_lock(72657001)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (done.rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      return true;
    });
    if (ran) applied.push(m.name);
  }
  db.timescale = timescale;
  return { applied, timescale: db.timescale };
}
