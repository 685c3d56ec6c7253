/** Every failure leaves as the one JSON error shape; a client's mistake is never a 500. */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors';

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not-found', 404, `no route for ${req.method} ${req.path}`));
};

/** body-parser's errors carry a `type`; they are the client's doing. */
function fromBodyParser(err: { type?: string; status?: number; limit?: number; message?: string }): AppError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new AppError('payload-too-large', 413, `the body is larger than the limit of ${err.limit} bytes; send smaller batches`);
    case 'entity.parse.failed':
      return new AppError('malformed-json', 400, `the body is not valid JSON: ${err.message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported-media-type', 415, 'send the body as UTF-8 JSON');
    case 'request.aborted':
      return new AppError('bad-request', 400, 'the request was aborted before its body arrived');
    default:
      if (err.status && err.status >= 400 && err.status < 500) return new AppError('bad-request', err.status, err.message ?? 'bad request');
      return undefined;
  }
}

/** Seconds a sender is asked to wait (`Retry-After`) before trying again while the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** Node's socket errors: the database's host refused, dropped or never answered the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/**
 * SQLSTATE classes 08 (connection), 57P (shut down, restarting, crashed), 53 (out of connections, memory,
 * disk) and 57014 (a statement cancelled, by the statement timeout): the request was not at fault and
 * may be sent again.
 */
const UNAVAILABLE_SQLSTATE = /^(08|57P|53|57014$)/;
/** What `pg` and `pg-pool` say without a code: a connection lost, or none to be had within the timeout. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * Whether `err` says the database could not be reached or could not answer in time, rather than that the
 * request or the code is wrong: such a request gets 503 with `Retry-After`. Looks through `cause` and the
 * errors of an AggregateError (Node's connection attempts to each address).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** A COMMIT whose answer was lost may have landed: the sender is told to send again, which is harmless. */
export const databaseUnavailable = () =>
  new AppError('unavailable', 503, 'the database is not reachable; send the request again later (sending it twice is harmless)', {
    retryAfter: UNAVAILABLE_RETRY_AFTER_S,
  });

export function errorHandler(log: Logger, onRefused?: (err: AppError, req: Request, res: Response) => Promise<void>): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    let e = err instanceof AppError ? err : fromBodyParser(err);
    if (e) {
      // Auditing a refusal must not change its answer, even when the audit cannot be written.
      await onRefused?.(e, req, res).catch((auditErr: unknown) => log.warn({ err: auditErr, path: req.path }, 'a refusal could not be audited'));
    } else {
      const unavailable = isDatabaseUnavailable(err);
      if (unavailable) log.warn({ err, method: req.method, path: req.path }, 'request failed: the database is not reachable');
      else log.error({ err, method: req.method, path: req.path }, 'request failed');
      e = unavailable ? databaseUnavailable() : new AppError('internal', 500, 'an unexpected error occurred; nothing was written');
    }
    if (res.headersSent) return;
    const retryAfter = (e.details as { retryAfter?: number } | undefined)?.retryAfter;
    if ((e.status === 429 || e.status === 503) && retryAfter) res.set('Retry-After', String(retryAfter));
    res.status(e.status).json(e.toBody());
  };
}

/** For routes that take JSON: a body sent as another type is refused rather than read as empty. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new AppError('unsupported-media-type', 415, 'send the body as JSON with "Content-Type: application/json"'));
    return;
  }
  next();
};
