import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveBatchV1, ServerToClientEvents, HelloV1 } from '../../shared/live';
import { pt, startTestServer, type TestServer } from './harness';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('live feed over a real socket', () => {
  let s: TestServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await s?.stop();
  });

  const open = async (extraHeaders?: Record<string, string>) => {
    const c: Client = connect(s.url, { transports: ['websocket'], extraHeaders, reconnection: false });
    clients.push(c);
    const hello = await new Promise<HelloV1>((resolve, reject) => {
      c.once('hello:v1', resolve);
      c.once('connect_error', reject);
    });
    return { c, hello };
  };

  it('sends a pushed point to subscribers of its room, once, with the province recomputed', async () => {
    const { c: all, hello } = await open();
    expect(hello).toMatchObject({ v: 1, build: 'test' });
    const { c: other } = await open();
    expect(await all.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'all' }] })).toEqual({ ok: true, rooms: ['live:all'] });
    await other.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'area', code: '902' }] });

    const batches: LiveBatchV1[] = [];
    const otherBatches: LiveBatchV1[] = [];
    all.on('live:batch:v1', (b) => batches.push(b));
    other.on('live:batch:v1', (b) => otherBatches.push(b));

    const res = await s.post({ observations: [pt('dossiers', '901', '2022-05-02T09:00:00+07:00', 12)] });
    expect(res.status).toBe(200);
    await expect.poll(() => batches.flatMap((b) => b.points).length, { timeout: 2000 }).toBe(2);
    const points = batches.flatMap((b) => b.points);
    expect(points.map((p) => [p.area, p.value, p.source]).sort()).toEqual([
      ['90', 12, 'derived'],
      ['901', 12, 'one-stop-shop'],
    ]);
    expect(batches[0]).toMatchObject({ v: 1, room: 'live:all', origin: hello.origin, prev: 0 });
    expect(otherBatches).toHaveLength(0);
  });

  it('coalesces a burst into one batch per tick, highest version winning, with chained sequence numbers', async () => {
    const { c } = await open();
    await c.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'category', key: 'public-service' }] });
    const batches: LiveBatchV1[] = [];
    c.on('live:batch:v1', (b) => batches.push(b));
    s.broadcaster.stop(); // hold the tick so that the burst lands in one flush
    for (const v of [1, 2, 3, 4]) {
      await s.post({ observations: [pt('dossiers', '901', '2022-05-03T10:00:00+07:00', v)] });
    }
    s.broadcaster.flush();
    s.broadcaster.start();
    await expect.poll(() => batches.length, { timeout: 2000 }).toBe(1);
    const points = batches[0]!.points.filter((p) => p.area === '901');
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ value: 4, revision: 4 });

    await s.post({ observations: [pt('dossiers', '901', '2022-05-03T11:00:00+07:00', 9)] });
    await expect.poll(() => batches.length, { timeout: 2000 }).toBe(2);
    expect(batches[1]!.prev).toBe(batches[0]!.seq);
    expect(batches[1]!.seq).toBeGreaterThan(batches[0]!.seq);
  });

  it('announces only what a partly re-sent batch changed, with its revision and stored version, and its parents', async () => {
    const { c } = await open();
    await c.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'all' }] });
    const batches: LiveBatchV1[] = [];
    c.on('live:batch:v1', (b) => batches.push(b));
    // Each point its own series, so that the feed's per-series coalescing keeps them all.
    const first = [pt('dossiers', '901', '2019-05-04T08:00:00+07:00', 5), pt('online_pct', '901', '2019-05-01T00:00:00+07:00', 40)];
    await s.post({ observations: first });
    await expect.poll(() => batches.flatMap((b) => b.points).length, { timeout: 2000 }).toBe(4);
    const before = Math.max(...batches.flatMap((b) => b.points).map((p) => p.version));
    batches.length = 0;

    // The first point again, the second revised, a third new.
    const res = await s.post({
      observations: [first[0], pt('online_pct', '901', '2019-05-01T00:00:00+07:00', 41), pt('households', '901', '2019-01-01T00:00:00+07:00', 1200)],
    });
    expect(res.body).toEqual({ accepted: 3, written: 2, unchanged: 1 });
    await expect.poll(() => batches.flatMap((b) => b.points).length, { timeout: 2000 }).toBe(4);
    const points = batches.flatMap((b) => b.points);
    expect(points.map((p) => [p.indicator, p.area, p.ts, p.value, p.revision]).sort()).toEqual([
      ['households', '90', '2018-12-31T17:00:00.000Z', 1200, 1],
      ['households', '901', '2018-12-31T17:00:00.000Z', 1200, 1],
      ['online_pct', '90', '2019-04-30T17:00:00.000Z', 41, 2],
      ['online_pct', '901', '2019-04-30T17:00:00.000Z', 41, 2],
    ]);
    for (const p of points) {
      expect(p.version).toBeGreaterThan(before);
      const stored = await s.db.query<{ version: number }>(
        `SELECT version::float8 AS version FROM observations WHERE indicator_key = $1 AND area_code = $2 AND source = $3 AND ts = $4`,
        [p.indicator, p.area, p.source, p.ts],
      );
      expect(stored.rows).toEqual([{ version: p.version }]);
    }
  });

  it('gives a snapshot whose sequence number covers every batch already sent', async () => {
    const snap = await s.get('/api/v1/snapshot');
    expect(snap.body.seq).toBe(s.broadcaster.seq);
    expect(snap.body.origin).toBe(s.broadcaster.origin);
    const p = snap.body.points.find((x: any) => x.indicator === 'dossiers' && x.area === '901');
    expect(p).toMatchObject({ value: 9 });
  });

  it('refuses a subscription it cannot read, and a browser from a foreign origin', async () => {
    const { c } = await open();
    const bad = await c.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'planet', code: 'x' }] } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expect(open({ Origin: 'http://evil.example' })).rejects.toThrow();
    const { hello } = await open({ Origin: s.url.replace('127.0.0.1', '127.0.0.1') });
    expect(hello.v).toBe(1);
  });
});
