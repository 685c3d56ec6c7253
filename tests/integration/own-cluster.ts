/**
 * A PostgreSQL cluster of a test's own, in a temporary directory on a free port, that the test may stop,
 * kill and start again without touching the shared server. fsync is off: nothing here must survive the
 * machine, only the postmaster.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const BIN = '/usr/lib/postgresql/15/bin';
export const clusterToolsInstalled = existsSync(path.join(BIN, 'initdb')) && existsSync(path.join(BIN, 'pg_ctl'));

const run = promisify(execFile);

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface OwnCluster {
  port: number;
  /** The `postgres` database, for an administrator's connection. */
  url(database?: string): string;
  start(): Promise<void>;
  /** A clean, fast shutdown: sessions are ended, nothing is lost. */
  stop(): Promise<void>;
  /** `kill -9` of the postmaster; resolves once it and every backend are gone. */
  kill(): Promise<void>;
  /** Stops the cluster if it runs and removes its directory. */
  remove(): Promise<void>;
}

export async function createOwnCluster(): Promise<OwnCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cityops-pg-'));
  const data = path.join(dir, 'data');
  // initdb and postgres refuse to run as root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['postgres:', dir]);
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(BIN, name), ...args]) : run(path.join(BIN, name), args);
  await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  const ctl = (...args: string[]) => tool('pg_ctl', ['-D', data, ...args]);
  const postmasterPid = () => Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let running = false;

  const cluster: OwnCluster = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          await ctl('-o', settings, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start');
          running = true;
          return;
        } catch (err) {
          // Still held by the backends of a killed postmaster: they leave within moments.
          if (Date.now() > deadline) throw new Error(`the test's PostgreSQL did not start: ${(err as Error).message}\n${readFileSync(path.join(dir, 'log'), 'utf8').slice(-2000)}`, { cause: err });
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    async stop() {
      await ctl('-m', 'fast', '-w', 'stop');
      running = false;
    },
    async kill() {
      const pid = postmasterPid();
      process.kill(pid, 'SIGKILL');
      running = false;
      const deadline = Date.now() + 30_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
    async remove() {
      if (running) await ctl('-m', 'immediate', '-w', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
