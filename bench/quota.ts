/**
 * `npx tsx bench/quota.ts`: what one key over its quota costs the others. Fourteen district keys send a
 * batch of 100 points every 500 ms each while a fifteenth sends at its quota, then at twice it, in turns
 * (--phases, --seconds each); prints the other keys' p50/p95 in each kind of phase and the noisy key's
 * answers. The quota is the default 600 a minute, counted over a 10 s window so that a phase spans several.
 * Options: --driver pg|pglite  --phases N  --seconds S
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execute } from '../server/cli/main';
import { loadConfig } from '../server/config';
import { createPgDatabase } from '../tests/integration/harness';
import { DISTRICTS, INDICATOR } from './workload';

const { values: args } = parseArgs({
  options: { driver: { type: 'string', default: 'pg' }, phases: { type: 'string', default: '4' }, seconds: { type: 'string', default: '15' } },
});
const PHASES = Number(args.phases);
const SECONDS = Number(args.seconds);
const WINDOW_MS = 10_000;
const QUOTA_PER_S = 10;

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const pgdb = args.driver === 'pg' ? await createPgDatabase() : undefined;
const env = {
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-quota-')),
  ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
  KEY_REQUESTS_PER_MINUTE: String(QUOTA_PER_S * 60),
  KEY_QUOTA_WINDOW_MS: String(WINDOW_MS),
};
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', SIMULATE: 'false', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
for (let i = 0; i < 600 && !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
const keys: string[] = [];
for (const d of DISTRICTS) keys.push(/cok_\S+/.exec(await execute(['keys', 'create', '--unit', `ubnd-${d}`, '--label', 'quota'], config))![0]);

// A new agent each phase: a connection idle past the server's keep-alive timeout would be reset on reuse.
let agent = new Agent({ keepAlive: true, maxSockets: 64 });
let hour = 0;
function post(key: string, area: string): Promise<{ status: number; ms: number }> {
  const start = Date.UTC(2001, 0, 1) + hour++ * 100 * 3_600_000;
  const body = JSON.stringify({
    observations: Array.from({ length: 100 }, (_, i) => ({ indicator: INDICATOR, area, ts: new Date(start + i * 3_600_000).toISOString(), value: i % 50 })),
  });
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/v1/observations', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - t0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends every `gapMs` until `until`, never catching up in a burst. */
async function paced(key: string, area: string, gapMs: number, until: number, out: { status: number; ms: number }[]) {
  const pending: Promise<void>[] = [];
  while (performance.now() < until) {
    pending.push(post(key, area).then((r) => void out.push(r)));
    await new Promise((r) => setTimeout(r, gapMs));
  }
  await Promise.all(pending);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const polite = { 1: [] as number[], 2: [] as number[] };
const noisy = { 1: { ok: 0, refused: 0 }, 2: { ok: 0, refused: 0 } };
try {
  for (let phase = 0; phase < PHASES; phase++) {
    const factor = phase % 2 === 0 ? 1 : 2;
    const until = performance.now() + SECONDS * 1000;
    const others: { status: number; ms: number }[] = [];
    const loud: { status: number; ms: number }[] = [];
    await Promise.all([
      paced(keys[0]!, DISTRICTS[0]!, 1000 / (QUOTA_PER_S * factor), until, loud),
      ...keys.slice(1).map((k, i) => paced(k, DISTRICTS[i + 1]!, 500, until, others)),
    ]);
    if (others.some((r) => r.status !== 200)) throw new Error(`a polite key was refused: ${others.find((r) => r.status !== 200)!.status}`);
    polite[factor].push(...others.map((r) => r.ms));
    noisy[factor].ok += loud.filter((r) => r.status === 200).length;
    noisy[factor].refused += loud.filter((r) => r.status === 429).length;
    // Let the window the phase ended in run out, so that each phase starts with a fresh quota.
    agent.destroy();
    agent = new Agent({ keepAlive: true, maxSockets: 64 });
    await new Promise((r) => setTimeout(r, WINDOW_MS));
  }
  for (const f of [1, 2] as const) {
    console.log(
      `noisy key at ${f}× its quota: ${noisy[f].ok} accepted, ${noisy[f].refused} refused (429); ` +
        `the other 14 keys: ${polite[f].length} requests, p50 ${pct(polite[f], 50).toFixed(1)} ms, p95 ${pct(polite[f], 95).toFixed(1)} ms`,
    );
  }
  console.log(`other keys' p95 at 2× against 1×: ${((pct(polite[2], 95) / pct(polite[1], 95) - 1) * 100).toFixed(1)} %`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await pgdb?.drop();
}
