/** A CityOps server of its own for one e2e test: fresh embedded database, no simulator, a random port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config';
import { createKey } from '../../server/keys/keys.service';
import { startServer, type RunningServer } from '../../server/main';
import type { IngestResultV1, ObservationInput } from '../../shared/observations';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface E2eServer {
  url: string;
  server: RunningServer;
  /** A key for the unit asked for. */
  key: string;
  /** POST /api/v1/observations with that key; throws with the server's answer unless it is a 200. */
  ingest(observations: ObservationInput[]): Promise<IngestResultV1>;
  close(): Promise<void>;
}

export async function startE2eServer(unit: string): Promise<E2eServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cityops-e2e-'));
  const server = await startServer(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SIMULATE: 'false',
      LOG_LEVEL: 'warn',
      REGION_PACK: path.join(repo, 'packs/long-an.json'),
    }),
  );
  const { key } = await createKey(server.db, server.catalog, unit, 'e2e');
  return {
    url: server.url,
    server,
    key,
    ingest: async (observations) => {
      const res = await fetch(`${server.url}/api/v1/observations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ observations }),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`ingest answered ${res.status}: ${body}`);
      return JSON.parse(body) as IngestResultV1;
    },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
