/**
 * Request bodies, read within a byte limit: a declared length over it is refused before a byte is read,
 * and a body that grows past it stops being read there (body-parser would read it to its end first);
 * either way the answer is 413 and the connection is closed. JSON text the database cannot store
 * (NUL, lone surrogates) is refused here with 422, naming the field, before any route sees it.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import { unstorableText } from '../../shared/text';
import { AppError } from '../errors';

/** A sender that declares or sends more than the limit gets the 413 now, and its connection is closed. */
export function tooLarge(res: Response, limit: number): AppError {
  res.set('Connection', 'close');
  return new AppError('payload-too-large', 413, `the body is larger than the limit of ${limit} bytes; send smaller batches`);
}

/** As type-is counts it: a declared length (even 0) or a chunked body. */
const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;

function inflated(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return req;
  const stream =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!stream) throw new AppError('unsupported-media-type', 415, `content encoding "${encoding}" is not supported; send identity, gzip, deflate or br`);
  req.pipe(stream);
  return stream;
}

/** The body's bytes, at most `limit` of them (after decompression); undefined when there is none. */
async function readBody(req: Request, res: Response, limit: number): Promise<Buffer | undefined> {
  if (!hasBody(req)) return undefined;
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge(res, limit);
  const stream = inflated(req);
  try {
    return await getRawBody(stream, { limit, length: stream === req ? req.headers['content-length'] : undefined });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') throw tooLarge(res, limit);
    if (type === 'request.aborted') throw new AppError('bad-request', 400, 'the request was aborted before its body arrived');
    if (type === 'request.size.invalid') throw new AppError('bad-request', 400, 'the body is not as long as its Content-Length says');
    if (err instanceof Error && 'errno' in err) throw new AppError('bad-request', 400, `the body could not be decompressed: ${err.message}`);
    throw err;
  }
}

const charsetOf = (req: Request) => /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();

/** In place of express.json: the same result (`req.body`, {} for an empty body), read as above. */
export function jsonBody(limit: number): RequestHandler {
  return (req, res, next) => {
    if (!req.is('application/json')) return next();
    const charset = charsetOf(req);
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return next(new AppError('unsupported-media-type', 415, 'send the body as UTF-8 JSON'));
    readBody(req, res, limit).then((bytes) => {
      try {
        if (bytes !== undefined) req.body = parseJson(bytes.toString('utf8'));
      } catch (err) {
        return next(err);
      }
      next();
    }, next);
  };
}

function parseJson(raw: string): unknown {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return {};
  // Only objects and arrays, as express.json's strict mode.
  if (!/^\s*[[{]/.test(text)) throw new AppError('malformed-json', 400, 'the body is not valid JSON: it must be an object or an array');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new AppError('malformed-json', 400, `the body is not valid JSON: ${(err as Error).message}`);
  }
  // Raw bytes cannot carry either character into a string (a raw NUL is not JSON, a UTF-8 surrogate
  // decodes to U+FFFD): only a \u escape can, so a body without one need not be walked.
  if (text.includes('\\u')) refuseUnstorable(body);
  return body;
}

/** In place of express.raw: the body as a Buffer when its type is one of `types`. */
export function rawBody(opts: { types: string[]; limit: number }): RequestHandler {
  return (req, res, next) => {
    if (!req.is(opts.types)) return next();
    readBody(req, res, opts.limit).then((bytes) => {
      if (bytes !== undefined) req.body = bytes;
      next();
    }, next);
  };
}

/** 422 naming every field of a parsed value whose text cannot be stored. */
export function refuseUnstorable(value: unknown, rootName?: string): void {
  const problems = unstorableText(value, 20, rootName);
  if (problems.length > 0) {
    throw new AppError('validation-failed', 422, `${problems[0]!.message}; nothing was written`, problems);
  }
}
