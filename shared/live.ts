/**
 * The live feed: socket events, rooms and payloads, imported by server and client alike.
 * Payload names carry a version, so a wall left running for a month can tell a newer server apart.
 */
import { z } from 'zod';
import type { PointV1 } from './observations';
import type { ErrorBodyV1 } from './errors';
import type { DiscrepancyV1 } from './report';
import type { Role } from './auth';

export const rooms = {
  all: () => 'live:all',
  area: (code: string) => `live:area:${code}`,
  category: (key: string) => `live:category:${key}`,
};

export const Subscription = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('area'), code: z.string().min(1).max(32) }).strict(),
  z.object({ kind: z.literal('category'), key: z.string().min(1).max(64) }).strict(),
]);
export type Subscription = z.infer<typeof Subscription>;

export const SubscribeRequestV1 = z.object({ subscriptions: z.array(Subscription).min(1).max(64) }).strict();
export type SubscribeRequestV1 = z.infer<typeof SubscribeRequestV1>;

export function roomFor(s: Subscription): string {
  switch (s.kind) {
    case 'all':
      return rooms.all();
    case 'area':
      return rooms.area(s.code);
    case 'category':
      return rooms.category(s.key);
  }
}

/**
 * Batches are numbered per sending server (`origin`): `seq` counts that server's flushes, `prev` is the
 * seq of the batch it last sent to the same room. A client that has seen `prev` has missed nothing.
 */
export interface LiveBatchV1 {
  v: 1;
  origin: string;
  seq: number;
  prev: number;
  room: string;
  points: PointV1[];
  /** Declared source pairs that started or stopped disagreeing in this tick. */
  discrepancies?: DiscrepancyV1[];
}

export interface HelloV1 {
  v: 1;
  /** Changes with every deployment; a client built for another one reloads. */
  build: string;
  origin: string;
  seq: number;
}

export type SubscribeAckV1 = { ok: true; rooms: string[] } | ({ ok: false } & ErrorBodyV1);

export interface ServerToClientEvents {
  'hello:v1': (hello: HelloV1) => void;
  'live:batch:v1': (batch: LiveBatchV1) => void;
}

export interface ClientToServerEvents {
  'live:subscribe:v1': (request: SubscribeRequestV1, ack: (result: SubscribeAckV1) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  /** Who is on the other end, from the session cookie at the handshake ("anonymous" for public screens). */
  actor: string;
  role: Role | null;
  unit: string | null;
}
