/**
 * One process at a time in DATA_DIR: an exclusive operating-system lock on DATA_DIR/cityops.lock, taken
 * before the embedded database is opened. The kernel drops it when the process ends, `kill -9` included,
 * so there is nothing stale to clean up. The file says who holds it, for the message others get.
 */
import { closeSync, constants, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tryLock, unlock } from 'fs-native-extensions';

export const LOCK_FILE = 'cityops.lock';

/** A server holds the directory for its lifetime; the command-line tool for one command. */
export type LockRole = 'server' | 'cli';

export interface LockHolder {
  role: LockRole;
  pid: number;
  /** When the holding process started (ISO 8601). */
  startedAt: string;
}

export interface DataDirLock {
  readonly holder: LockHolder;
  /** Gives the directory up; later calls do nothing. */
  release(): void;
}

export type LockAttempt = { lock: DataDirLock } | { lock: undefined; holder: LockHolder | undefined };

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(`DATA_DIR ${dataDir} is in use by ${describeHolder(holder, dataDir)}; stop it first, or set another DATA_DIR`);
    this.name = 'DataDirBusyError';
  }
}

/** "the CityOps server (pid 123, started 2026-12-08T02:10:00.000Z)", for messages. */
export function describeHolder(holder: LockHolder | undefined, dataDir: string): string {
  if (!holder) return `another process (it holds ${path.join(dataDir, LOCK_FILE)} without saying who it is)`;
  const who = holder.role === 'server' ? 'the CityOps server' : 'the cityops command-line tool';
  return `${who} (pid ${holder.pid}, started ${holder.startedAt})`;
}

/** Takes the lock if it is free; otherwise says who holds it (unknown while the holder is still writing its name). */
export function tryLockDataDir(dataDir: string, role: LockRole): LockAttempt {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  // A plain descriptor, not a FileHandle: a FileHandle is closed when collected, and the lock with it.
  // Never truncated before the lock is ours, as it names the current holder.
  const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o600);
  let granted: boolean;
  try {
    granted = tryLock(fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (!granted) {
    closeSync(fd);
    return { lock: undefined, holder: readHolder(file) };
  }
  const holder: LockHolder = { role, pid: process.pid, startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString() };
  ftruncateSync(fd, 0);
  writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
  let held = true;
  return {
    lock: {
      holder,
      release() {
        if (!held) return;
        held = false;
        ftruncateSync(fd, 0);
        unlock(fd);
        closeSync(fd);
      },
    },
  };
}

/**
 * Takes the lock for a server. A server holding it is an error at once. The command-line tool holds it
 * for one command and is waited for, however long (a fresh database takes a while to migrate): the log
 * names each holder waited for.
 */
export async function lockDataDir(dataDir: string, opts: { onWait?: (holder: LockHolder) => void } = {}): Promise<DataDirLock> {
  let waitingFor: number | undefined;
  let unnamedSince: number | undefined;
  for (;;) {
    const attempt = tryLockDataDir(dataDir, 'server');
    if (attempt.lock) return attempt.lock;
    const { holder } = attempt;
    if (holder?.role === 'server') throw new DataDirBusyError(dataDir, holder);
    if (holder) {
      unnamedSince = undefined;
      if (holder.pid !== waitingFor) {
        waitingFor = holder.pid;
        opts.onWait?.(holder);
      }
    } else if (Date.now() - (unnamedSince ??= Date.now()) > UNNAMED_HOLDER_MS) {
      // A CityOps process names itself as soon as it has the lock: this is something else.
      throw new DataDirBusyError(dataDir, undefined);
    }
    // Sooner than the tool's retries, so that a queue of tools does not keep a starting server out.
    await new Promise((r) => setTimeout(r, 50));
  }
}

const UNNAMED_HOLDER_MS = 10_000;

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if ((h.role === 'server' || h.role === 'cli') && Number.isInteger(h.pid) && typeof h.startedAt === 'string') {
      return { role: h.role, pid: h.pid!, startedAt: h.startedAt };
    }
  } catch {
    // Empty or half written: the holder has only just taken the lock.
  }
  return undefined;
}
