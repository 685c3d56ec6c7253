/** Socket.IO: typed events, origin check at the handshake, subscriptions to rooms. */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import {
  SubscribeRequestV1,
  roomFor,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from '../../shared/live';
import type { Logger } from 'pino';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_S } from '../http/errors';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A browser page may connect only from this server's own origin or one configured; clients that send no
 * Origin (servers, scripts) are not browsers and pass.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export interface LiveServerOptions {
  allowedOrigins: readonly string[];
  build: string;
  log: Logger;
  /** Current seq and origin of this server's broadcaster, sent in the hello. */
  position(): { origin: string; seq: number };
  onConnectionCount(n: number): void;
  /** Who the handshake's session cookie belongs to. */
  identify(headers: IncomingMessage['headers']): Promise<SocketData>;
}

export function createLiveServer(http: HttpServer, opts: LiveServerOptions): LiveServer {
  const io: LiveServer = new Server(http, {
    serveClient: false,
    allowRequest: (req, callback) => {
      const ok = originAllowed(req, opts.allowedOrigins);
      callback(ok ? null : 'origin not allowed', ok);
    },
    // A short drop (Wi-Fi, a restarting proxy) resumes with rooms and missed packets intact; a longer one
    // falls back to a fresh snapshot on the client.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });

  // Authenticated at the handshake, from the same session cookie as HTTP; public screens connect anonymously.
  io.use(async (socket, next) => {
    try {
      Object.assign(socket.data, await opts.identify(socket.handshake.headers));
      next();
    } catch (err) {
      opts.log.warn({ err }, 'socket handshake failed');
      // The client sees `message`, and `data` as its connect_error's data.
      const unavailable = isDatabaseUnavailable(err);
      const refused: Error & { data?: unknown } = new Error(unavailable ? 'the database is not reachable; connect again later' : 'authentication failed');
      refused.data = unavailable ? { code: 'unavailable', retryAfter: UNAVAILABLE_RETRY_AFTER_S } : { code: 'unauthenticated' };
      next(refused);
    }
  });

  io.on('connection', (socket) => {
    opts.onConnectionCount(io.engine.clientsCount);
    socket.emit('hello:v1', { v: 1, build: opts.build, ...opts.position() });
    socket.on('live:subscribe:v1', async (request, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = SubscribeRequestV1.safeParse(request);
      if (!parsed.success) {
        ack({
          ok: false,
          error: {
            code: 'bad-request',
            message: 'invalid subscription request',
            details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        });
        return;
      }
      const wanted = parsed.data.subscriptions.map(roomFor);
      await socket.join(wanted);
      ack({ ok: true, rooms: wanted });
    });
    socket.on('disconnect', () => opts.onConnectionCount(io.engine.clientsCount));
  });
  return io;
}
