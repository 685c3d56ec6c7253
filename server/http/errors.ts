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

export function errorHandler(log: Logger, onRefused?: (err: AppError, req: Request, res: Response) => Promise<void>): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const known = err instanceof AppError ? err : fromBodyParser(err);
    if (known) {
      await onRefused?.(known, req, res);
      const retryAfter = (known.details as { retryAfter?: number } | undefined)?.retryAfter;
      if (known.status === 429 && retryAfter) res.set('Retry-After', String(retryAfter));
      res.status(known.status).json(known.toBody());
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    const unavailable = typeof err?.code === 'string' && /^(08|57P|53)/.test(err.code);
    const e = unavailable
      ? new AppError('unavailable', 503, 'the database is not reachable; nothing was written, try again')
      : new AppError('internal', 500, 'an unexpected error occurred; nothing was written');
    if (!res.headersSent) res.status(e.status).json(e.toBody());
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
