/**
 * `npm run cityops -- <command>`: works on either driver, with the server running or stopped. With
 * DATABASE_URL it talks to PostgreSQL directly. With the embedded database it goes through the running
 * server's control socket, or, when no process holds DATA_DIR's lock, takes the lock and opens the
 * database itself; while a server holds the lock but has not opened its socket yet, it waits.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../config';
import { callControl, controlAlive } from '../control/control';
import { describeHolder, tryLockDataDir, type DataDirLock, type LockHolder } from '../db/data-dir-lock';
import { openDb } from '../db/open';
import { AppError } from '../errors';
import { createLogger } from '../log';
import { USAGE, filesRead, runCommand } from './commands';

export interface ExecuteOptions {
  /** Told each time the tool starts waiting for another holder of DATA_DIR (default: written to stderr). */
  onWait?: (message: string) => void;
}

export async function execute(argv: string[], config: Config = loadConfig(), opts: ExecuteOptions = {}): Promise<string> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') return USAGE;
  if (config.DATABASE_URL) return runHere(config, argv);
  const socket = path.join(config.dataDir, 'cityops.sock');
  const onWait = opts.onWait ?? ((m: string) => process.stderr.write(`${m}\n`));
  // The wait starts again when another process takes DATA_DIR: something is moving.
  let waitingFor: number | undefined;
  let since = Date.now();
  for (;;) {
    if (await controlAlive(socket)) {
      const files: Record<string, string> = {};
      for (const f of filesRead(argv)) files[f] = await readLocal(f);
      return callControl(socket, { argv, files });
    }
    const attempt = tryLockDataDir(config.dataDir, 'cli');
    if (attempt.lock) return runHere(config, argv, attempt.lock);
    const { holder } = attempt;
    if (holder && holder.pid !== waitingFor) {
      waitingFor = holder.pid;
      since = Date.now();
      onWait(waiting(config.dataDir, holder, config.CLI_WAIT_SECONDS));
    }
    if (Date.now() - since >= config.CLI_WAIT_SECONDS * 1000) throw new Error(gaveUp(config.dataDir, socket, holder, config.CLI_WAIT_SECONDS));
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs the command in this process; with the embedded database, under DATA_DIR's lock (released on close). */
async function runHere(config: Config, argv: string[], lock?: DataDirLock): Promise<string> {
  const db = await openDb(config, { lock });
  try {
    // Only here: through the control socket, the tool needs none of the server's modules.
    const { prepareStorage } = await import('../main');
    const { catalog } = await prepareStorage(config, createLogger('warn'), db);
    return await runCommand({ db, catalog, readFile: readLocal }, argv);
  } finally {
    await db.close();
  }
}

const waiting = (dataDir: string, holder: LockHolder, seconds: number) =>
  holder.role === 'server'
    ? `DATA_DIR ${dataDir} is held by ${describeHolder(holder, dataDir)}, which is still starting: waiting up to ${seconds} s for its control socket…`
    : `DATA_DIR ${dataDir} is held by ${describeHolder(holder, dataDir)}: waiting up to ${seconds} s for it to finish…`;

const gaveUp = (dataDir: string, socket: string, holder: LockHolder | undefined, seconds: number) =>
  `nothing was done: DATA_DIR ${dataDir} is still held by ${describeHolder(holder, dataDir)}` +
  (holder?.role === 'cli' ? '' : `, and no server answered on ${socket}`) +
  ` after ${seconds} s (CLI_WAIT_SECONDS). Try again once it has started, or stop it.`;

async function readLocal(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new AppError('bad-request', 400, `cannot read ${file}: ${(err as Error).message}`);
  }
}

async function main(): Promise<void> {
  try {
    process.stdout.write(await execute(process.argv.slice(2)));
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n`);
      if (Array.isArray(err.details)) for (const d of err.details) process.stderr.write(`  ${JSON.stringify(d)}\n`);
      process.exit(err.status === 400 ? 2 : 1);
    }
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
