/**
 * What the HTTP server does before and around Express: how long a client may take to send its request,
 * JSON answers to requests Node's own parser refuses, bodies that are too large or never read, text in
 * the URL the database cannot store, and OPTIONS.
 */
import { STATUS_CODES, type ServerOptions, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { AppError } from '../errors';
import { refuseUnstorable, tooLarge } from './body';

/**
 * Node's defaults let a client hold a connection for 60 s of headers and 5 min of body, checked only every
 * 30 s. A public server needs less; the limits are in the configuration (see the README).
 */
export function serverOptions(config: Config): ServerOptions {
  const headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  return {
    headersTimeout,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    // How often the timeouts above are checked: a fifth of the shortest, within 0.1–1 s.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 5))),
  };
}

/** What Node's parser refuses (bad framing, Content-Length with Transfer-Encoding, timeouts) answers JSON too. */
export function answerClientErrors(http: Server, log: Logger): void {
  http.on('clientError', (err: NodeJS.ErrnoException & { reason?: string }, socket: Duplex) => {
    const started = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (err.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    const e =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('bad-request', 408, 'the request did not arrive in time; send it again')
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? new AppError('bad-request', 431, 'the request headers are too large')
          : new AppError('bad-request', 400, `the request is not valid HTTP/1.1: ${err.reason ?? err.message}`);
    log.debug({ code: err.code, status: e.status }, 'refused a request the HTTP parser could not read');
    const body = JSON.stringify(e.toBody());
    const head = [
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  });
}

const hasBody = (headers: Record<string, unknown>) => headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/**
 * The first middleware. A declared body over `maxBodyBytes` (the largest any route takes) is refused before
 * anything else runs. An answer sent before its request's body was read closes the connection, so that
 * Node does not read the rest of that body only to throw it away.
 */
export function edgeGuards(opts: { maxBodyBytes: number }): RequestHandler {
  return (req, res, next) => {
    if (Number(req.headers['content-length']) > opts.maxBodyBytes) return next(tooLarge(res, opts.maxBodyBytes));
    onHeaders(res, function (this: typeof res) {
      if (hasBody(req.headers) && !req.complete) this.setHeader('Connection', 'close');
      // The router answers OPTIONS with its list of methods as text/plain; the list is all there is to say.
      if (req.method === 'OPTIONS' && this.statusCode === 200 && this.getHeader('Allow') !== undefined) {
        this.statusCode = 204;
        for (const h of ['Content-Type', 'Content-Length', 'X-Content-Type-Options']) this.removeHeader(h);
      }
    });
    try {
      refuseUnstorable(req.query, 'query');
      refuseUnstorable(decodedPath(req.path), 'path');
    } catch (err) {
      return next(err);
    }
    next();
  };
}

/** A path Express cannot decode is its to refuse (400); here only what decodes is looked at. */
function decodedPath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return '';
  }
}
