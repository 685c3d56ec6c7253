import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execute } from '../../server/cli/main';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import { writeMiniPack } from '../fixtures/mini-pack';
import { createPgDatabase } from './harness';

const keyOf = (output: string) => /cok_\S+/.exec(output)![0];

async function ingestWith(url: string, key: string) {
  const res = await fetch(`${url}/api/v1/observations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ observations: [{ indicator: 'dossiers', area: '901', ts: '2022-05-01T09:00:00+07:00', value: 3 }] }),
  });
  return res.status;
}

describe('cityops command-line tool', () => {
  const running: RunningServer[] = [];
  afterAll(async () => {
    for (const s of running) await s.close();
  });

  it('creates, lists and revokes keys on the embedded database, with the server stopped and running', async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cityops-cli-')),
      REGION_PACK: writeMiniPack(),
      SIMULATE: 'false',
      LOG_LEVEL: 'silent',
    });
    // Stopped: the tool opens the database itself.
    const offline = await execute(['keys', 'create', '--unit', 'ubnd-901', '--label', 'offline'], config);
    expect(offline).toMatch(/created for unit ubnd-901/);
    const offlineKey = keyOf(offline);

    // Running: PGlite allows one process, so the tool goes through the server's control socket.
    const server = await startServer(config);
    running.push(server);
    const online = await execute(['keys', 'create', '--unit', 'ubnd-902'], config);
    const onlineKey = keyOf(online);
    expect(await ingestWith(server.url, offlineKey)).toBe(200);
    expect(await ingestWith(server.url, onlineKey)).toBe(403); // ubnd-902 may not write 901

    const list = await execute(['keys', 'list'], config);
    expect(list).toMatch(/ubnd-901\s+active/);
    expect(list).not.toContain(offlineKey.slice(-20));
    const id = offlineKey.split('_')[1]!;
    expect(await execute(['keys', 'revoke', id], config)).toMatch(/revoked/);
    expect(await ingestWith(server.url, offlineKey)).toBe(401);

    await expect(execute(['keys', 'create', '--unit', 'nobody'], config)).rejects.toThrow(/no unit "nobody"/);

    const admin = await execute(['users', 'create', '--role', 'admin'], config);
    expect(admin).toMatch(/User admin \(admin\) created/);
    const password = admin.trim().split('\n').pop()!;
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    await expect(execute(['users', 'create', '--role', 'reporter', '--username', 'x1'], config)).rejects.toThrow(/bound to a unit/);
    expect(await execute(['users', 'list'], config)).toMatch(/admin\s+admin/);
    await expect(execute(['frobnicate'], config)).rejects.toThrow(/unknown command/);
  });

  it('imports official boundaries by GSO code or by name, on PostgreSQL with the server running', async () => {
    const { url, drop } = await createPgDatabase();
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'cityops-cli-pg-'));
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: url, REGION_PACK: writeMiniPack(), SIMULATE: 'false', LOG_LEVEL: 'silent' });
      const server = await startServer(config);
      running.push(server);
      const key = keyOf(await execute(['keys', 'create', '--unit', 'ubnd-901'], config));
      expect(await ingestWith(server.url, key)).toBe(200);

      const ring = (x: number) => [[[x, 10], [x + 0.2, 10], [x + 0.2, 10.2], [x, 10.2], [x, 10]]];
      const file = path.join(dir, 'official.geojson');
      writeFileSync(
        file,
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { MA_HUYEN: '00901', TEN: 'Huyện Một' }, geometry: { type: 'Polygon', coordinates: ring(1) } },
            { type: 'Feature', properties: { Ten_Huyen: 'HUYEN HAI' }, geometry: { type: 'Polygon', coordinates: ring(2) } },
            { type: 'Feature', properties: { name: 'Atlantis' }, geometry: { type: 'Polygon', coordinates: ring(3) } },
          ],
        }),
      );
      const out = await execute(['boundaries', 'import', file], config);
      expect(out).toMatch(/Imported 2 official boundaries/);
      expect(out).toMatch(/→ 901 \(by code\)/);
      expect(out).toMatch(/→ 902 \(by name\)/);
      expect(out).toMatch(/no area matches/);
      const geo = await fetch(`${server.url}/api/v1/boundaries`).then((r) => r.json());
      const f901 = geo.features.find((f: any) => f.properties.code === '901');
      expect(f901.properties.origin).toBe('official');
      expect(f901.geometry.coordinates[0][0]).toEqual([1, 10]);
      const cat = await fetch(`${server.url}/api/v1/catalog`).then((r) => r.json());
      expect(cat.pack.boundaries).toBe('official');
      await server.close();
      running.pop();
    } finally {
      await drop();
    }
  });
});
