/** Embedded PostgreSQL (PGlite, WebAssembly) persisted in a directory: nothing to install. */
import { mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import type { Db, Listener, Queryable } from './db';
import type { Call, ErrorFields, Notice, Reply } from './pglite.worker';

/** Wraps a PGlite instance; `timescale` PGlite builds (tests) pass their own instance in. */
export function wrapPglite(pg: PGliteType): Db {
  return {
    driver: 'pglite',
    timescale: false,
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pg.query<T>(sql, params);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) =>
        fn({
          async query<R>(sql: string, params?: unknown[]) {
            const r = await tx.query<R>(sql, params);
            return { rows: r.rows };
          },
        }),
      );
    },
    session<T>(fn: (s: Queryable) => Promise<T>) {
      // One session in this process, its statements run as they come: calls made meanwhile elsewhere are
      // not held back, as the worker's turns do (tests use this wrapper; only migrations open a session).
      return fn({
        async query<R>(sql: string, params?: unknown[]) {
          const r = await pg.query<R>(sql, params);
          return { rows: r.rows };
        },
      });
    },
    async listen(channel: string, listener: Listener) {
      // One session in this process: nothing to lose but the database itself.
      const unlisten = await pg.listen(channel, (payload) => listener.notify(payload));
      listener.up();
      return () => unlisten();
    },
    async close() {
      await pg.close();
    },
  };
}

/** SQLSTATE of a lost connection: a stopped worker is answered as the database being unreachable (503). */
const CONNECTION_FAILURE = '08006';

/**
 * FIFO turns on PGlite's one session. A transaction holds its turn until it ends; a plain statement
 * only needs its turn to be sent, since the worker starts what it receives in order.
 */
class Turns {
  #held = false;
  #waiting: { exclusive: boolean; start(): void }[] = [];

  /** Calls `start` when the caller's turn comes: at once when nobody holds or waits. */
  enter(exclusive: boolean, start: () => void): void {
    if (this.#held || this.#waiting.length > 0) {
      this.#waiting.push({ exclusive, start });
      return;
    }
    this.#held = exclusive;
    start();
  }

  leave(): void {
    this.#held = false;
    while (!this.#held && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!;
      this.#held = next.exclusive;
      next.start();
    }
  }
}

/**
 * Opens PGlite under `dir`, or in memory when `dir` is "memory://", in a worker thread: its
 * WebAssembly then runs beside this thread, which keeps serving HTTP and sockets meanwhile.
 */
export async function openPglite(dir: string): Promise<Db> {
  if (!dir.startsWith('memory://')) await mkdir(dir, { recursive: true });
  // The worker is TypeScript. `--import tsx` registers tsx in worker threads only from Node 22.22 and
  // 24.11 on, and vitest does not run under tsx at all, so the worker loads its code through tsx's API.
  const entry = new URL('./pglite.worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  // Not the inherited execArgv: on those newer Node versions, tsx's own flags would register it twice.
  const worker = new Worker(boot, { eval: true, execArgv: [], workerData: dir });

  const pending = new Map<number, (r: Reply) => void>();
  let nextId = 1;
  /** Set once the worker is gone, for good: every later call fails with it. */
  let gone: Error | undefined;

  const settle = (r: Reply) => {
    const resolve = pending.get(r.id);
    if (!resolve) return;
    pending.delete(r.id);
    // Idle, the worker must not keep the process alive, as the in-process instance did not.
    if (pending.size === 0) worker.unref();
    resolve(r);
  };
  /** Who listens on each channel the worker has been asked to LISTEN on. */
  const listeners = new Map<string, Set<Listener>>();
  const fail = (err: Error) => {
    const first = !gone;
    gone ??= err;
    for (const id of [...pending.keys()]) settle({ id, error: { message: gone.message, code: CONNECTION_FAILURE } });
    if (first) for (const set of listeners.values()) for (const l of set) l.down(gone);
  };
  worker.on('message', (m: Reply | Notice) => {
    if ('notify' in m) {
      for (const l of listeners.get(m.notify) ?? []) l.notify(m.payload);
    } else settle(m);
  });
  worker.on('error', (err) => fail(new Error(`the PGlite worker failed: ${err.message}`, { cause: err })));
  worker.on('messageerror', (err) => {
    fail(new Error(`the PGlite worker sent an unreadable message: ${err.message}`, { cause: err }));
    void worker.terminate();
  });
  worker.on('exit', (code) => fail(new Error(`the PGlite worker stopped (exit code ${code})`)));

  const send = (req: Call, resolve: (r: Reply) => void) => {
    const id = nextId++;
    if (gone) return resolve({ id, error: { message: gone.message, code: CONNECTION_FAILURE } });
    try {
      worker.postMessage({ ...req, id });
    } catch (err) {
      return resolve({ id, error: { message: (err as Error).message } });
    }
    if (pending.size === 0) worker.ref();
    pending.set(id, resolve);
  };
  /** Sends `req` in its turn; a transaction takes its turn itself and then sends with `inTurn`. */
  const request = (req: Call) => new Promise<Reply>((resolve) => turns.enter(false, () => send(req, resolve)));
  const inTurn = (req: Call) => new Promise<Reply>((resolve) => send(req, resolve));
  const turns = new Turns();

  // Thrown here, inside the caller's async chain, so the stack shows who ran the statement.
  const rowsOf = <T>(r: Reply, sql?: string): T[] => {
    if (r.error) throw dbError(r.error, sql);
    return r.rows as T[];
  };

  await new Promise<void>((resolve, reject) =>
    pending.set(0, (r) => (r.error ? reject(dbError(r.error)) : resolve())),
  ).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });

  return {
    driver: 'pglite',
    timescale: false,
    async query<T>(sql: string, params?: unknown[]) {
      return { rows: rowsOf<T>(await request({ op: 'query', sql, params, tx: false }), sql) };
    },
    async exec(sql: string) {
      rowsOf(await request({ op: 'exec', sql }), sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      await new Promise<void>((start) => turns.enter(true, start));
      try {
        if (gone) throw dbError({ message: gone.message, code: CONNECTION_FAILURE });
        // BEGIN goes with the first statement; a transaction that ran none has nothing to end.
        let begun = false;
        let closed = false;
        const tx: Queryable = {
          async query<R>(sql: string, params?: unknown[]) {
            if (closed) throw new Error('Transaction is closed');
            const begin = !begun;
            begun = true;
            return { rows: rowsOf<R>(await inTurn({ op: 'query', sql, params, tx: true, begin }), sql) };
          },
        };
        let out: T;
        try {
          out = await fn(tx);
        } catch (err) {
          closed = true;
          // As in PGlite, should ROLLBACK itself fail, that is the error the caller gets.
          if (begun) rowsOf(await inTurn({ op: 'rollback' }), 'ROLLBACK');
          throw err;
        }
        closed = true;
        if (begun) rowsOf(await inTurn({ op: 'commit' }), 'COMMIT');
        return out;
      } finally {
        turns.leave();
      }
    },
    async session<T>(fn: (s: Queryable) => Promise<T>) {
      // Holds the one session's turn, as a transaction does, but sends its statements as they are.
      await new Promise<void>((start) => turns.enter(true, start));
      try {
        if (gone) throw dbError({ message: gone.message, code: CONNECTION_FAILURE });
        return await fn({
          async query<R>(sql: string, params?: unknown[]) {
            return { rows: rowsOf<R>(await inTurn({ op: 'query', sql, params, tx: false }), sql) };
          },
        });
      } finally {
        turns.leave();
      }
    },
    async listen(channel: string, listener: Listener) {
      let set = listeners.get(channel);
      if (!set) {
        // Asked once per channel; the worker then forwards every notification on it.
        const r = await request({ op: 'listen', channel });
        if (r.error) {
          listener.down(dbError(r.error));
          // Gone for good: nothing will be heard, and nothing is left to stop.
          return async () => {};
        }
        listeners.set(channel, (set = listeners.get(channel) ?? new Set()));
      }
      set.add(listener);
      listener.up();
      return async () => {
        set.delete(listener);
      };
    },
    async close() {
      await new Promise<void>((start) => turns.enter(true, start));
      try {
        const r = gone ? undefined : await inTurn({ op: 'close' });
        gone ??= new Error('PGlite is closed');
        await worker.terminate();
        if (r) rowsOf(r);
      } finally {
        turns.leave();
      }
    },
  };
}

/** The worker's error as an Error with PostgreSQL's fields, and the statement as PGlite attaches it. */
function dbError(fields: ErrorFields, sql?: string): Error {
  return Object.assign(new Error(fields.message), fields, sql === undefined ? {} : { query: sql });
}
