/** A CityOps server of its own for one e2e test: fresh embedded database, no simulator, a random port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config';
import { createKey } from '../../server/keys/keys.service';
import { startServer, type RunningServer } from '../../server/main';
import { simulatorKeys } from '../../server/simulate/keys';
import { startSimulator } from '../../server/simulate/simulator';
import type { IngestResultV1, ObservationInput } from '../../shared/observations';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface E2eServer {
  url: string;
  server: RunningServer;
  /** A key for the unit asked for. */
  key: string;
  /** POST /api/v1/observations with that key; throws with the server's answer unless it is a 200. */
  ingest(observations: ObservationInput[]): Promise<IngestResultV1>;
  /** The same as another unit (a key is made for it on first use). */
  ingestAs(unit: string, observations: ObservationInput[]): Promise<IngestResultV1>;
  /** Fills the database the way the demo does: every unit reports, with `backfillDays` of history. */
  seed(backfillDays: number): Promise<void>;
  /**
   * Stops the server and starts a new one on the same port and data directory, as a deployment or a crash
   * and restart would; `env` adds to the first start's environment (e.g. another BUILD_ID).
   */
  restart(env?: Record<string, string>, opts?: { downMs?: number; onDown?: () => Promise<void> }): Promise<void>;
  close(): Promise<void>;
}

export interface E2eServerOptions {
  env?: Record<string, string>;
}

export async function startE2eServer(unit: string, opts: E2eServerOptions = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cityops-e2e-'));
  const baseEnv: Record<string, string> = {
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SIMULATE: 'false',
    LOG_LEVEL: 'warn',
    REGION_PACK: path.join(repo, 'packs/long-an.json'),
    WALL_CONFIG: path.join(repo, 'config/wall.json'),
    ...opts.env,
  };
  let server = await startServer(loadConfig({ ...baseEnv, PORT: '0' }));
  const port = String(new URL(server.url).port);
  const keys = new Map<string, string>();
  const keyFor = async (u: string) => {
    let k = keys.get(u);
    if (!k) {
      k = (await createKey(server.db, server.catalog, u, 'e2e')).key;
      keys.set(u, k);
    }
    return k;
  };
  const key = await keyFor(unit);
  const post = async (k: string, observations: ObservationInput[]) => {
    const res = await fetch(`${server.url}/api/v1/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
      body: JSON.stringify({ observations }),
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`ingest answered ${res.status}: ${body}`);
    return JSON.parse(body) as IngestResultV1;
  };
  return {
    get url() {
      return server.url;
    },
    get server() {
      return server;
    },
    key,
    ingest: (observations) => post(key, observations),
    ingestAs: async (u, observations) => post(await keyFor(u), observations),
    seed: async (backfillDays) => {
      const simulator = startSimulator({
        baseUrl: server.url,
        catalog: server.catalog,
        keys: await simulatorKeys(server.db, server.catalog),
        intervalMs: 60_000,
        log: server.log.child({ module: 'e2e-seed' }),
        backfillDays,
      });
      await simulator.ready;
      await simulator.stop();
      await server.derivation.idle();
    },
    restart: async (env = {}, restartOpts = {}) => {
      await server.close();
      await restartOpts.onDown?.();
      if (restartOpts.downMs) await new Promise((r) => setTimeout(r, restartOpts.downMs));
      server = await startServer(loadConfig({ ...baseEnv, ...env, PORT: port }));
    },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
