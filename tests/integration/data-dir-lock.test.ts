/**
 * One owner for the embedded database: real server and command-line processes, started as `npm start`
 * and `npm run cityops` start them, on one DATA_DIR (PGlite only; PostgreSQL has no such directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { execute } from '../../server/cli/main';
import { loadConfig } from '../../server/config';
import { tryLockDataDir } from '../../server/db/data-dir-lock';
import { writeMiniPack } from '../fixtures/mini-pack';
import { DRIVERS } from './harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function envFor(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REGION_PACK: writeMiniPack(),
    SIMULATE: 'false',
    LIVE_ADAPTER: 'none',
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  return env;
}

interface ServerProcess {
  child: ChildProcess;
  /** Every line the server wrote (its JSON log on stdout, anything else on stderr). */
  lines: string[];
  /** Resolves with the URL once the server logged that it is listening (after its control socket is up). */
  listening: Promise<string>;
  listeningAt?: number;
  exited: Promise<number | null>;
}

/** `npm start` without the client build: tsx runs server/main.ts in one process, whose pid is the server's. */
function startServerProcess(env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const proc: ServerProcess = { child, lines } as ServerProcess;
  proc.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  proc.listening = new Promise((resolve, reject) => {
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(line);
        const m = /"url":"(http:\/\/localhost:\d+)".*"msg":"CityOps is listening"/.exec(line);
        if (m) {
          proc.listeningAt = Date.now();
          resolve(m[1]!.replace('localhost', '127.0.0.1'));
        }
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    void proc.exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${lines.join('\n')}`)));
  });
  proc.listening.catch(() => {});
  return proc;
}

/** `npm run cityops -- …` as its own process. */
function runCli(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function stop(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  return server.exited;
}

async function ingestStatus(url: string, key: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/observations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ observations: [{ indicator: 'dossiers', area: '901', ts: '2022-05-01T09:00:00+07:00', value: 3 }] }),
  });
  return res.status;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cityops-lock-'));

describe.runIf(DRIVERS.includes('pglite'))('one owner for the embedded database', () => {
  const started: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  });

  it('keeps every key the tool reports created while the server starts, a hundred times', { timeout: 1_800_000 }, async () => {
    // Waiting tools start their wait again whenever DATA_DIR changes hands; this machine may be very busy.
    const env = { ...envFor(tempDir()), CLI_WAIT_SECONDS: '600' };
    // A server start per round, with several tools started during it, spread over its start-up: the
    // first ones usually take DATA_DIR before the server (which then waits for them), later ones find
    // it held by a server without a control socket yet, and wait for the socket.
    const WANTED = 100;
    const PER_START = 10;
    // Spread over the quickest start-up seen so far, so that they fall within the next one.
    let quickestMs = 4000;
    const created: { id: string; key: string }[] = [];
    let duringStartup = 0;
    let waited = 0;
    let round = 0;
    while (duringStartup < WANTED) {
      const spawnedAt = Date.now();
      const server = startServerProcess(env);
      started.push(server);
      const spacing = quickestMs / PER_START;
      const tools: Promise<{ code: number | null; stdout: string; stderr: string; at: number }>[] = [];
      for (let k = 0; k < PER_START; k++) {
        const delay = k * spacing + ((round % 3) * spacing) / 3;
        if (delay > 0) await sleep(Math.max(0, spawnedAt + delay - Date.now()));
        const at = Date.now();
        tools.push(runCli(env, ['keys', 'create', '--unit', 'ubnd-901', '--label', `race-${round}-${k}`]).then((r) => ({ ...r, at })));
      }
      const results = await Promise.all(tools);
      const url = await server.listening;
      const startupMs = server.listeningAt! - spawnedAt;
      quickestMs = Math.min(quickestMs, startupMs);
      for (const r of results) {
        expect(r.code, r.stderr).toBe(0);
        const m = /Key (\S+) created for unit ubnd-901/.exec(r.stdout);
        expect(m, r.stdout).not.toBeNull();
        const key = /cok_\S+/.exec(r.stdout)![0];
        created.push({ id: m![1]!, key });
        if (r.at < server.listeningAt!) duringStartup++;
        if (/is still starting: waiting up to/.test(r.stderr)) waited++;
      }
      // The server knows every key created so far, in its start-up or in its own process.
      for (const { id, key } of created) expect(await ingestStatus(url, key), `key ${id}`).toBe(200);
      expect(await stop(server)).toBe(0);
      started.pop();
      round++;
      console.log(`round ${round}: started in ${startupMs} ms, ${duringStartup} tools so far during a start-up, ${waited} waited for the socket`);
    }
    console.log(`${round} server starts, ${created.length} keys created, ${duringStartup} of them while the server started, ${waited} after waiting for its control socket`);
    // The race was run: some tools found the directory held by a starting server.
    expect(waited).toBeGreaterThan(0);

    // With the server stopped, the tool opens the database itself: every reported key is there.
    const list = await runCli(env, ['keys', 'list']);
    expect(list.code, list.stderr).toBe(0);
    for (const { id } of created) expect(list.stdout).toMatch(new RegExp(`^${id}\\s+ubnd-901\\s+active`, 'm'));
  });

  it('stops a second server on the same DATA_DIR before it opens the database, naming the first', { timeout: 300_000 }, async () => {
    const dataDir = tempDir();
    const env = envFor(dataDir);
    const first = startServerProcess(env);
    started.push(first);
    const url = await first.listening;

    const second = startServerProcess(env);
    started.push(second);
    expect(await second.exited).toBe(1);
    const said = second.lines.join('\n');
    expect(said).toMatch(new RegExp(`DATA_DIR ${dataDir} is in use by the CityOps server \\(pid ${first.child.pid}, started \\d{4}-\\d\\d-\\d\\dT`));
    expect(said).not.toMatch(/storage ready/);
    // The first one is untouched and still serves.
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // Killed with no chance to clean up, it leaves no lock behind: the next start takes the directory.
    const created = await runCli(env, ['keys', 'create', '--unit', 'ubnd-901']);
    expect(created.code, created.stderr).toBe(0);
    first.child.kill('SIGKILL');
    await first.exited;
    const third = startServerProcess(env);
    started.push(third);
    const again = await third.listening;
    expect(await ingestStatus(again, /cok_\S+/.exec(created.stdout)![0])).toBe(200);
  });

  it('makes a server wait while the command-line tool holds DATA_DIR, then start', { timeout: 300_000 }, async () => {
    const dataDir = tempDir();
    const attempt = tryLockDataDir(dataDir, 'cli');
    expect(attempt.lock).toBeDefined();
    const server = startServerProcess(envFor(dataDir));
    started.push(server);
    try {
      await expect.poll(() => server.lines.join('\n'), { timeout: 120_000 }).toMatch(
        new RegExp(`in use by the cityops command-line tool \\(pid ${process.pid}, .*waiting for it to finish`),
      );
      expect(server.lines.join('\n')).not.toMatch(/storage ready/);
    } finally {
      attempt.lock!.release();
    }
    await server.listening;
  });

  it('has the tool give up, having done nothing, when a server holds DATA_DIR and never opens its socket', { timeout: 300_000 }, async () => {
    const dataDir = tempDir();
    const config = loadConfig({ ...envFor(dataDir), LOG_LEVEL: 'silent', CLI_WAIT_SECONDS: '2' });
    // This process stands in for a server stuck in its start-up.
    const held = tryLockDataDir(dataDir, 'server');
    try {
      const told: string[] = [];
      await expect(execute(['keys', 'create', '--unit', 'ubnd-901'], config, { onWait: (m) => told.push(m) })).rejects.toThrow(
        new RegExp(`nothing was done: DATA_DIR ${dataDir} is still held by the CityOps server \\(pid ${process.pid},.*no server answered on`),
      );
      expect(told).toEqual([expect.stringMatching(/is still starting: waiting up to 2 s for its control socket/)]);
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    } finally {
      held.lock!.release();
    }
    // Free again: the tool takes the directory itself.
    expect(await execute(['keys', 'list'], config)).toBe('No keys.\n');
  });
});
