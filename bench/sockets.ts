/**
 * Child process: holds N live-feed sockets and reports, for the points the parent names, when each
 * socket received them. Runs apart from the server so that its parsing does not slow the server down.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/live';

const [url, countArg] = process.argv.slice(2);
const count = Number(countArg);
const expected = new Set<string>();
const receipts: [string, number][] = [];
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

const now = () => performance.timeOrigin + performance.now();

process.on('message', (msg: { expect?: string[]; report?: boolean; close?: boolean }) => {
  if (msg.expect) for (const k of msg.expect) expected.add(k);
  if (msg.report) {
    process.send!({ receipts: receipts.splice(0) });
  }
  if (msg.close) {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

let ready = 0;
for (let i = 0; i < count; i++) {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url!, { transports: ['websocket'], forceNew: true });
  sockets.push(s);
  const seen = new Set<string>();
  s.on('live:batch:v1', (batch) => {
    const t = now();
    for (const p of batch.points) {
      const k = `${p.indicator}|${p.area}|${p.ts}`;
      if (expected.has(k) && !seen.has(k)) {
        seen.add(k);
        receipts.push([k, t]);
      }
    }
  });
  s.on('connect', async () => {
    await s.emitWithAck('live:subscribe:v1', { subscriptions: [{ kind: 'all' }] });
    if (++ready === count) process.send!({ ready: true });
  });
}
