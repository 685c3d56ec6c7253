/**
 * Child process: holds N live-feed sockets and reports when each socket first showed the points the parent
 * names — the point itself, or a newer value of the same series (the feed coalesces per series, so a
 * screen that shows the newer value has taken the named one in). Runs apart from the server so that its
 * parsing does not slow the server down.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/live';

const [url, countArg] = process.argv.slice(2);
const count = Number(countArg);
const receipts: [string, number][] = [];
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
/** Per socket: series → points still awaited, as [ts, key]. */
const awaited: Map<string, [string, string][]>[] = [];

const now = () => performance.timeOrigin + performance.now();

process.on('message', (msg: { expect?: { series: string; ts: string; key: string }; report?: boolean; close?: boolean }) => {
  if (msg.expect) {
    const { series, ts, key } = msg.expect;
    for (const m of awaited) {
      const list = m.get(series) ?? [];
      list.push([ts, key]);
      m.set(series, list);
    }
  }
  if (msg.report) process.send!({ receipts: receipts.splice(0) });
  if (msg.close) {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

let ready = 0;
for (let i = 0; i < count; i++) {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url!, { transports: ['websocket'], forceNew: true });
  const mine = new Map<string, [string, string][]>();
  sockets.push(s);
  awaited.push(mine);
  s.on('live:batch:v1', (batch) => {
    const t = now();
    for (const p of batch.points) {
      const series = `${p.indicator}|${p.area}`;
      const list = mine.get(series);
      if (!list) continue;
      const still = list.filter(([ts, key]) => {
        if (ts > p.ts) return true;
        receipts.push([key, t]);
        return false;
      });
      if (still.length) mine.set(series, still);
      else mine.delete(series);
    }
  });
  s.on('connect', async () => {
    await s.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'all' }] });
    if (++ready === count) process.send!({ ready: true });
  });
}
