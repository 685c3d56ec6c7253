/**
 * Migrations: statements delimited as PostgreSQL reads them, checksums of applied files that stop a start
 * when a file changed, one instance migrating at a time, and TimescaleDB files under the same lock.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { MIGRATIONS_DIR, migrate, splitStatements } from '../../server/db/migrate';
import { openPg } from '../../server/db/pg';
import { openPglite } from '../../server/db/pglite';
import { createPgDatabase, DRIVERS, openTestDb, type TestDb } from './harness';

/** A temporary migrations directory holding `files`. */
function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cityops-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Each script, the statements it holds, and the notes it leaves once applied. */
const CASES: { name: string; sql: string; statements: string[]; notes: string[] }[] = [
  {
    name: 'a string literal over several lines with a ; in it',
    sql: `CREATE TABLE notes (body text);
INSERT INTO notes VALUES ('first line;
-- second line, not a comment');
`,
    statements: ['CREATE TABLE notes (body text)', `INSERT INTO notes VALUES ('first line;\n-- second line, not a comment')`],
    notes: ['first line;\n-- second line, not a comment'],
  },
  {
    name: 'a comment after the ; of a statement',
    sql: `CREATE TABLE notes (body text); -- short; see below
INSERT INTO notes VALUES ('one'); -- and another
INSERT INTO notes VALUES ('two');
`,
    statements: ['CREATE TABLE notes (body text)', `INSERT INTO notes VALUES ('one')`, `INSERT INTO notes VALUES ('two')`],
    notes: ['one', 'two'],
  },
  {
    name: 'a $body$ function body',
    sql: `CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE plpgsql AS $body$
BEGIN
  -- a comment; inside the body
  RETURN x + 1;
END
$body$;
CREATE TABLE notes AS SELECT add_one(1)::text AS body;
`,
    statements: [
      `CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE plpgsql AS $body$
BEGIN
  -- a comment; inside the body
  RETURN x + 1;
END
$body$`,
      'CREATE TABLE notes AS SELECT add_one(1)::text AS body',
    ],
    notes: ['2'],
  },
  {
    name: 'a ; inside comments, nested ones included',
    sql: `/* Notes;
   /* nested; */ still a comment; */
CREATE TABLE notes (
  body text -- the text;
);
INSERT INTO notes VALUES ('one')`,
    statements: ['CREATE TABLE notes (\n  body text -- the text;\n)', `INSERT INTO notes VALUES ('one')`],
    notes: ['one'],
  },
  {
    name: "quoted identifiers, '' and E'' escapes and $$ strings",
    sql: `CREATE TABLE notes (body text, "odd;name" integer);
INSERT INTO notes VALUES ('it''s; here', 1), (E'quote \\'; end', 2);
INSERT INTO notes VALUES ($$dollar; 'quoted'$$, 3);
`,
    statements: [
      'CREATE TABLE notes (body text, "odd;name" integer)',
      `INSERT INTO notes VALUES ('it''s; here', 1), (E'quote \\'; end', 2)`,
      `INSERT INTO notes VALUES ($$dollar; 'quoted'$$, 3)`,
    ],
    notes: ["dollar; 'quoted'", "it's; here", "quote '; end"],
  },
];

/** Waits until `check` holds, asking again every 20 ms. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DRIVERS)('migrations on %s', (driver) => {
  // One database for most tests (a PGlite takes seconds to start), emptied before each. Dropped, the
  // TimescaleDB extension cannot be created again in the same PGlite: its tests get a database of their own.
  const opened: TestDb[] = [];
  beforeAll(async () => {
    opened.push(await openTestDb(driver));
  });
  afterAll(async () => {
    for (const t of opened) {
      await t.db.close();
      await t.drop();
    }
  });
  const open = async (): Promise<Db> => {
    const { db } = opened[0]!;
    await db.query('DROP SCHEMA public CASCADE');
    await db.query('CREATE SCHEMA public');
    return db;
  };
  const openFresh = async (): Promise<Db> => {
    if (driver !== 'timescale') return open();
    const t = await openTestDb(driver);
    opened.push(t);
    return t.db;
  };
  const notes = async (db: Db) =>
    (await db.query<{ body: string }>('SELECT body FROM notes ORDER BY body')).rows.map((r) => r.body);
  const recorded = async (db: Db) =>
    (await db.query('SELECT id, name, checksum FROM schema_migrations ORDER BY id')).rows;

  it.each(CASES)('applies $name', async ({ sql, statements, notes: expected }) => {
    expect(await splitStatements(sql)).toEqual(statements);
    const db = await open();
    const result = await migrate(db, migrationsDir({ '001_case.sql': sql }));
    expect(result.applied).toEqual(['001_case.sql']);
    expect(await notes(db)).toEqual(expected);
  });

  it('applies the real migrations once, and nothing on the next start', async () => {
    const db = await openFresh();
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
    const plain = files.filter((f) => !readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8').startsWith('-- requires: timescaledb'));
    const first = await migrate(db);
    expect(first.applied).toEqual(driver === 'timescale' ? files : plain);
    expect(first.timescale).toBe(driver === 'timescale');
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.checksumsRecorded).toEqual([]);
  });

  it('records the checksum of each applied file', async () => {
    const files = { '001_notes.sql': CASES[0]!.sql, '002_more.sql': `INSERT INTO notes VALUES ('more');\n` };
    const db = await open();
    await migrate(db, migrationsDir(files));
    expect(await recorded(db)).toEqual([
      { id: 1, name: '001_notes.sql', checksum: sha256(files['001_notes.sql']) },
      { id: 2, name: '002_more.sql', checksum: sha256(files['002_more.sql']) },
    ]);
  });

  it('refuses to start when an applied file has changed, naming it, and applies nothing more', async () => {
    const dir = migrationsDir({ '001_notes.sql': CASES[0]!.sql, '002_more.sql': `INSERT INTO notes VALUES ('more');\n` });
    const db = await open();
    await migrate(db, dir);
    appendFileSync(path.join(dir, '002_more.sql'), `INSERT INTO notes VALUES ('changed');\n`);
    writeFileSync(path.join(dir, '003_new.sql'), `INSERT INTO notes VALUES ('new');\n`);
    await expect(migrate(db, dir)).rejects.toThrow(/002_more\.sql has changed since it was applied: the file's checksum is now [0-9a-f]{64}, the database recorded [0-9a-f]{64}/);
    expect(await notes(db)).toEqual(['first line;\n-- second line, not a comment', 'more']);
    // Still refused at the next start, and the file recorded under another name is refused too.
    await expect(migrate(db, dir)).rejects.toThrow(/002_more\.sql has changed/);
    await db.query(`UPDATE schema_migrations SET name = '001_renamed.sql' WHERE id = 1`);
    await expect(migrate(db, dir)).rejects.toThrow(/migration 1 was applied as 001_renamed\.sql, but its file is now 001_notes\.sql/);
  });

  it('records the checksums of files applied before checksums were kept, then holds them to it', async () => {
    const files = { '001_notes.sql': CASES[0]!.sql, '002_more.sql': `INSERT INTO notes VALUES ('more');\n` };
    const db = await open();
    // A database migrated by an earlier version: 001 applied and recorded without a checksum.
    await db.query(`CREATE TABLE schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await db.query('CREATE TABLE notes (body text)');
    await db.query(`INSERT INTO schema_migrations (id, name) VALUES (1, '001_notes.sql')`);
    const dir = migrationsDir(files);
    const result = await migrate(db, dir);
    expect(result).toMatchObject({ applied: ['002_more.sql'], checksumsRecorded: ['001_notes.sql'] });
    expect(await recorded(db)).toEqual([
      { id: 1, name: '001_notes.sql', checksum: sha256(files['001_notes.sql']) },
      { id: 2, name: '002_more.sql', checksum: sha256(files['002_more.sql']) },
    ]);
    appendFileSync(path.join(dir, '001_notes.sql'), '-- changed\n');
    await expect(migrate(db, dir)).rejects.toThrow(/001_notes\.sql has changed since it was applied/);
  });

  it('applies a TimescaleDB file only where the extension is on, outside a transaction and under the lock', async () => {
    const dir = migrationsDir({
      '001_notes.sql': 'CREATE TABLE notes (body text);\n',
      '002_timescale.sql': `-- requires: timescaledb
-- Fails unless this session holds the migrations' lock (PGlite's one session shows no pid).
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 72657001 AND granted AND (pid = pg_backend_pid() OR pid IS NULL)) THEN RAISE EXCEPTION 'not under the migrations lock'; END IF; END $$;
CREATE TABLE readings (ts timestamptz NOT NULL, value integer); -- made a hypertable next
SELECT create_hypertable('readings', by_range('ts', INTERVAL '1 day'));
CREATE MATERIALIZED VIEW readings_daily WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket(INTERVAL '1 day', ts) AS bucket, sum(value) AS total FROM readings GROUP BY bucket
  WITH NO DATA;
`,
      '003_more.sql': `INSERT INTO notes VALUES ('more');\n`,
    });
    const db = await openFresh();
    const result = await migrate(db, dir);
    if (driver === 'timescale') {
      expect(result.applied).toEqual(['001_notes.sql', '002_timescale.sql', '003_more.sql']);
      await db.query(`INSERT INTO readings VALUES ('2024-01-01T10:00:00Z', 4), ('2024-01-01T11:00:00Z', 5)`);
      expect((await db.query('SELECT total::int AS total FROM readings_daily')).rows).toEqual([{ total: 9 }]);
    } else {
      // Left unrecorded, so that it runs once the extension is installed.
      expect(result.applied).toEqual(['001_notes.sql', '003_more.sql']);
      expect((await recorded(db)).map((r) => r.id)).toEqual([1, 3]);
    }
  });
});

describe('migrations on the embedded database in its worker', () => {
  it('applies the real migrations, then a function body and comments, holding its one session', async () => {
    const db = await openPglite('memory://');
    try {
      expect((await migrate(db)).applied.length).toBeGreaterThan(0);
      expect((await migrate(db)).applied).toEqual([]);
      // Numbered past the real ones, whose records this directory leaves alone.
      const dir = migrationsDir({
        '101_body.sql': CASES[2]!.sql,
        '102_more.sql': `INSERT INTO notes VALUES ('more'); -- one more\nINSERT INTO notes VALUES ('again');\n`,
      });
      expect((await migrate(db, dir)).applied).toEqual(['101_body.sql', '102_more.sql']);
      expect((await db.query('SELECT body FROM notes ORDER BY body')).rows).toEqual([{ body: '2' }, { body: 'again' }, { body: 'more' }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.runIf(DRIVERS.includes('pg'))('migrations of several instances on one PostgreSQL', () => {
  it('lets one instance migrate while the other waits for it, and then finds nothing to do', async () => {
    const { url, drop } = await createPgDatabase();
    // 001 waits for the test to let it go, with the migrations' lock held meanwhile.
    const dir = migrationsDir({
      '001_wait.sql': 'SELECT pg_advisory_xact_lock(4242);\nCREATE TABLE notes (body text);\n',
      '002_one.sql': `INSERT INTO notes VALUES ('one');\n`,
      '003_two.sql': `INSERT INTO notes VALUES ('two');\n`,
      '004_three.sql': `INSERT INTO notes VALUES ('three');\n`,
      '005_four.sql': `INSERT INTO notes VALUES ('four');\n`,
    });
    const gate = new pg.Client({ connectionString: url });
    await gate.connect();
    const [a, b] = [await openPg(url, 3), await openPg(url, 3)];
    try {
      await gate.query('SELECT pg_advisory_lock(4242)');
      const waitingOn = async (key: number) =>
        (await gate.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [key])).rows.length > 0;
      const done: string[] = [];
      const first = migrate(a, dir).then((r) => (done.push('first'), r));
      await until('the first instance waits in 001', () => waitingOn(4242));
      const second = migrate(b, dir).then((r) => (done.push('second'), r));
      await until('the second instance waits for the migrations lock', () => waitingOn(72657001));
      await gate.query('SELECT pg_advisory_unlock(4242)');
      const [ra, rb] = await Promise.all([first, second]);
      expect(ra.applied).toEqual(['001_wait.sql', '002_one.sql', '003_two.sql', '004_three.sql', '005_four.sql']);
      expect(rb.applied).toEqual([]);
      expect(done).toEqual(['first', 'second']);
      expect((await a.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 4 }]);
    } finally {
      await gate.end();
      await a.close();
      await b.close();
      await drop();
    }
  });
});
