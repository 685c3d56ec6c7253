/**
 * Two stateless instances on one PostgreSQL: a point ingested on one reaches a screen connected to the
 * other, through the Redis adapter and through PostgreSQL's LISTEN/NOTIFY.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createKey } from '../../server/keys/keys.service';
import { startServer, type RunningServer } from '../../server/main';
import type { LiveBatchV1 } from '../../shared/live';
import { writeMiniPack } from '../fixtures/mini-pack';
import { createPgDatabase, DRIVERS } from './harness';

describe.skipIf(!DRIVERS.includes('pg')).each(['redis', 'postgres'] as const)('two instances sharing the live feed through %s', (adapter) => {
  const servers: RunningServer[] = [];
  let drop: () => Promise<void> = async () => {};
  afterAll(async () => {
    for (const s of servers) await s.close();
    await drop();
  });

  it('delivers a point ingested on A to a socket on B, with both origins distinguishable', async () => {
    const db = await createPgDatabase();
    drop = db.drop;
    const pack = writeMiniPack();
    const start = () =>
      startServer(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-cluster-')),
          DATABASE_URL: db.url,
          LIVE_ADAPTER: adapter,
          REGION_PACK: pack,
          SIMULATE: 'false',
          LOG_LEVEL: 'silent',
          LIVE_TICK_MS: '50',
        }),
      );
    const a = await start();
    servers.push(a);
    const b = await start();
    servers.push(b);
    expect(a.broadcaster.origin).not.toBe(b.broadcaster.origin);

    const client = io(b.url, { transports: ['websocket'], reconnection: false });
    await new Promise((r) => client.once('hello:v1', r));
    await client.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'all' }] });
    const batches: LiveBatchV1[] = [];
    client.on('live:batch:v1', (x) => batches.push(x));

    const { key } = await createKey(a.db, a.catalog, 'ubnd-901', 'cluster');
    const res = await fetch(`${a.url}/api/v1/observations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ observations: [{ indicator: 'dossiers', area: '901', ts: '2022-05-02T09:00:00+07:00', value: 7 }] }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => batches.flatMap((x) => x.points).some((p) => p.area === '901' && p.value === 7), { timeout: 5000 }).toBe(true);
    expect(batches.find((x) => x.points.some((p) => p.area === '901'))!.origin).toBe(a.broadcaster.origin);
    client.close();
  });
});
