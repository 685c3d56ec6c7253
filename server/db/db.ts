/**
 * The storage interface both drivers implement: embedded PGlite (the default) and PostgreSQL through
 * `pg`. The SQL is the same; only how a connection is had differs.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'pg';
  /** Whether the TimescaleDB extension is installed and its migrations applied. */
  timescale: boolean;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
