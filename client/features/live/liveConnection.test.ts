import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotV1 } from '../../../shared/api';
import type { LiveBatchV1 } from '../../../shared/live';
import type { PointV1 } from '../../../shared/observations';
import { LiveConnection, needsReload, type LiveSocket } from './liveConnection';

/** Just enough of a socket.io client socket for the protocol: events in, subscribe acks out. */
class FakeSocket {
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  connected = false;
  recovered = false;
  active = true;
  connects = 0;
  subscribes = 0;
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  timeout() {
    return {
      emitWithAck: async () => {
        this.subscribes++;
        return { ok: true, rooms: ['live:all'] };
      },
    };
  }
  connect() {
    this.connects++;
    this.active = true;
    this.connected = true;
    this.fire('connect');
    return this;
  }
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  /** The server's handshake middleware refused the connection: socket.io stops trying on its own. */
  refuse(data: unknown) {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', Object.assign(new Error('refused'), { data }));
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
}

const point = (value: number, version: number): PointV1 => ({
  indicator: 'x',
  area: '794',
  ts: '2022-01-01T00:00:00.000Z',
  value,
  source: 's',
  unit: null,
  receivedAt: '2022-01-01T00:00:00.000Z',
  revision: 1,
  version,
  coverage: null,
});
const batch = (seq: number, prev: number, points: PointV1[] = []): LiveBatchV1 => ({ v: 1, origin: 'o', seq, prev, room: 'live:all', points });
const frame = (ms = 40) => new Promise((r) => setTimeout(r, ms));

describe('LiveConnection', () => {
  let socket: FakeSocket;
  let snapshots: number;
  let snapshotSeq: number;
  let reloads: string[];
  let connection: LiveConnection;

  beforeEach(() => {
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => setTimeout(cb, 16));
    vi.stubGlobal('cancelAnimationFrame', (h: ReturnType<typeof setTimeout>) => clearTimeout(h));
    vi.stubGlobal('window', { addEventListener() {}, removeEventListener() {} });
    socket = new FakeSocket();
    snapshots = 0;
    snapshotSeq = 5;
    reloads = [];
    connection = new LiveConnection({
      subscriptions: [{ kind: 'all' }],
      build: 'b1',
      createSocket: () => socket as unknown as LiveSocket,
      fetchSnapshot: async (): Promise<SnapshotV1> => {
        snapshots++;
        return { v: 1, origin: 'o', seq: snapshotSeq, generatedAt: new Date().toISOString(), points: [], discrepancies: [] };
      },
      onNewBuild: (b) => reloads.push(b),
      offlineAfterMs: 200,
    });
    connection.start();
  });

  afterEach(() => {
    connection.stop();
    vi.unstubAllGlobals();
  });

  it('subscribes, loads the snapshot, and goes live', async () => {
    expect(connection.getView().state).toBe('connecting');
    await frame();
    expect(socket.subscribes).toBe(1);
    expect(snapshots).toBe(1);
    expect(connection.getView().state).toBe('live');
  });

  it('publishes one view per frame however many batches arrive', async () => {
    await frame();
    let published = 0;
    connection.subscribe(() => published++);
    for (let i = 1; i <= 100; i++) socket.fire('live:batch:v1', batch(5 + i, 4 + i, [point(i, i)]));
    await frame();
    expect(published).toBe(1);
    expect(connection.getView().points.get('x|794')?.value).toBe(100);
  });

  it('resubscribes and reloads the snapshot after a gap', async () => {
    await frame();
    snapshotSeq = 300;
    socket.fire('live:batch:v1', batch(300, 200));
    await frame();
    expect(socket.subscribes).toBe(2);
    expect(snapshots).toBe(2);
    expect(connection.getView().state).toBe('live');
  });

  it('keeps a recovered session, and reloads after an unrecovered one', async () => {
    await frame();
    socket.drop();
    await frame();
    expect(connection.getView().state).toBe('reconnecting');
    socket.recovered = true;
    socket.connect();
    await frame();
    expect(connection.getView().state).toBe('live');
    expect(snapshots).toBe(1);

    socket.drop();
    await frame(300);
    expect(connection.getView().state).toBe('offline');
    socket.recovered = false;
    socket.connect();
    await frame();
    expect(connection.getView().state).toBe('live');
    expect(snapshots).toBe(2);
  });

  it('connects again by itself after the server refused the handshake for an unreachable database', async () => {
    await frame();
    socket.drop();
    socket.refuse({ code: 'unavailable', retryAfter: 0.02 });
    const before = socket.connects;
    await vi.waitFor(() => expect(socket.connects).toBe(before + 1));
    await vi.waitFor(() => expect(snapshots).toBe(2));
    await vi.waitFor(() => expect(connection.getView().state).toBe('live'));
  });

  it('does not retry a handshake refused for another reason', async () => {
    await frame();
    socket.drop();
    const before = socket.connects;
    socket.refuse({ code: 'unauthorized' });
    await frame(100);
    expect(socket.connects).toBe(before);
    expect(connection.getView().state).not.toBe('live');
  });

  it('asks for a reload only when the server runs another real build', async () => {
    socket.fire('hello:v1', { v: 1, build: 'dev', origin: 'o', seq: 1 });
    socket.fire('hello:v1', { v: 1, build: 'b1', origin: 'o', seq: 1 });
    socket.fire('hello:v1', { v: 1, build: 'b2', origin: 'o', seq: 1 });
    expect(reloads).toEqual(['b2']);
    expect(needsReload('dev', 'b2')).toBe(false);
  });
});
