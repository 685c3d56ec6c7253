/**
 * The storage interface both drivers implement: embedded PGlite (the default) and PostgreSQL through
 * `pg`. The SQL is the same; only how a connection is had differs.
 */
export interface QueryOptions {
  /**
   * Keep the statement parsed on each connection and send only its parameters afterwards (`pg`; PGlite
   * parses every time). For fixed SQL run many times a second, whose plan does not depend on how many
   * elements its arrays hold.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<{ rows: T[] }>;
}

/** What a listener hears on a channel (`Db.listen`). */
export interface Listener {
  /** A NOTIFY on the channel, delivered once its transaction committed. */
  notify(payload: string): void;
  /** Notifications may be missed from now until `up`: the listening connection is gone. */
  down(err: Error): void;
  /** Listening (again): everything from now on is heard. */
  up(): void;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'pg';
  /** Whether the TimescaleDB extension is installed and its migrations applied. */
  timescale: boolean;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection, outside any transaction unless it begins one, for what a session holds
   * (an advisory lock). `pg` closes that connection afterwards, so nothing taken on it outlives `fn`;
   * PGlite's one session runs nothing else meanwhile.
   */
  session<T>(fn: (s: Queryable) => Promise<T>): Promise<T>;
  /**
   * Listens on `channel` until the returned function is called. Resolves once the first attempt is over:
   * `up` has been called, or `down` when it failed; a lost connection is made again by itself.
   */
  listen(channel: string, listener: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
