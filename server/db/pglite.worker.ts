/**
 * The thread that owns the embedded database (started by `openPglite` in pglite.ts), so PGlite's
 * WebAssembly runs beside the event loop that serves HTTP and sockets instead of blocking it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';

/** What the main thread asks, one message per call; `tx` statements belong to the open transaction. */
export type Call =
  | { op: 'query'; sql: string; params: unknown[] | undefined; tx: boolean; begin?: boolean }
  | { op: 'exec'; sql: string }
  | { op: 'listen'; channel: string }
  | { op: 'begin' | 'commit' | 'rollback' | 'close' };
export type Request = Call & { id: number };

/** The answer to request `id`; id 0 answers the opening of the database. */
export type Reply = { id: number; rows: unknown[]; error?: undefined } | { id: number; error: ErrorFields };

/** A notification on a channel a `listen` call asked for, sent as it arrives (not an answer to a request). */
export type Notice = { notify: string; payload: string };

/** What a PostgreSQL error carries (`code` is the SQLSTATE), copied because structured clone keeps only the message. */
export interface ErrorFields {
  message: string;
  name?: string;
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  file?: string;
  line?: string;
  routine?: string;
}

const FIELDS = [
  'name', 'code', 'severity', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine',
] as const;

function fieldsOf(err: unknown): ErrorFields {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: ErrorFields = { message: err.message };
  for (const k of FIELDS) {
    const v: unknown = (err as unknown as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The open transaction's callback rejects with this so that PGlite itself rolls back; not an error to report. */
const ROLLBACK = new Error('rolled back');

/** The open transaction: PGlite's own `transaction()`, held open until the main thread says how it ends. */
let open: { tx: Transaction; finish(commit: boolean): void; done: Promise<unknown> } | undefined;

function begin(pg: PGlite): Promise<void> {
  return new Promise((begun, failed) => {
    const done: Promise<unknown> = pg.transaction(
      (tx) =>
        new Promise<void>((commit, rollback) => {
          open = { tx, done, finish: (ok) => (ok ? commit() : rollback(ROLLBACK)) };
          begun();
        }),
    );
    // Rejects here only when BEGIN itself failed; later outcomes are read by `end`.
    done.then(
      () => (open = undefined),
      (err: unknown) => {
        open = undefined;
        failed(err);
      },
    );
  });
}

async function end(commit: boolean): Promise<void> {
  // A transaction whose BEGIN (sent with its first statement) failed has nothing to roll back.
  if (!open && !commit) return;
  if (!open) throw new Error('no transaction is open');
  const { done } = open;
  open.finish(commit);
  try {
    await done;
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
}

async function run(pg: PGlite, req: Request): Promise<unknown[]> {
  switch (req.op) {
    case 'query': {
      // A transaction's first statement carries its BEGIN, one round trip fewer.
      if (req.begin) await begin(pg);
      const on = req.tx ? open?.tx : pg;
      if (!on) throw new Error('Transaction is closed');
      return (await on.query(req.sql, req.params)).rows;
    }
    case 'exec':
      await pg.exec(req.sql);
      return [];
    case 'listen': {
      const channel = req.channel;
      await pg.listen(channel, (payload) => port.postMessage({ notify: channel, payload } satisfies Notice));
      return [];
    }
    case 'begin':
      await begin(pg);
      return [];
    case 'commit':
    case 'rollback':
      await end(req.op === 'commit');
      return [];
    case 'close':
      await pg.close();
      return [];
  }
}

const port = parentPort!;
const reply = (msg: Reply) => {
  try {
    port.postMessage(msg);
  } catch (err) {
    // A value structured clone cannot carry must fail its own call, not the thread.
    port.postMessage({ id: msg.id, error: fieldsOf(err) } satisfies Reply);
  }
};

try {
  const pg = await PGlite.create(workerData as string);
  // Requests are started in arrival order; PGlite's own FIFO mutexes then run them one at a time.
  port.on('message', (req: Request) => {
    run(pg, req).then(
      (rows) => reply({ id: req.id, rows }),
      (err: unknown) => reply({ id: req.id, error: fieldsOf(err) }),
    );
  });
  reply({ id: 0, rows: [] });
} catch (err) {
  reply({ id: 0, error: fieldsOf(err) });
}
