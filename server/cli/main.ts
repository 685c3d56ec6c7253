/**
 * `npm run cityops -- <command>`: works on either driver, with the server running or stopped. With
 * DATABASE_URL it talks to PostgreSQL directly; with the embedded database it goes through the running
 * server's control socket, or opens the database itself when no server holds it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../config';
import { callControl, controlAlive } from '../control/control';
import { AppError } from '../errors';
import { createLogger } from '../log';
import { prepareStorage } from '../main';
import { USAGE, filesRead, runCommand } from './commands';

export async function execute(argv: string[], config: Config = loadConfig()): Promise<string> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') return USAGE;
  const socket = path.join(config.dataDir, 'cityops.sock');
  if (!config.DATABASE_URL && (await controlAlive(socket))) {
    const files: Record<string, string> = {};
    for (const f of filesRead(argv)) files[f] = await readLocal(f);
    return callControl(socket, { argv, files });
  }
  const { db, catalog } = await prepareStorage(config, createLogger('warn'));
  try {
    return await runCommand({ db, catalog, readFile: readLocal }, argv);
  } finally {
    await db.close();
  }
}

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
