/**
 * rate-limiter-flexible's PostgreSQL store, run through CityOps's own database (PGlite or `pg`) rather
 * than a pool of its own, so that counts kept there hold for every instance sharing the database.
 */
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';

/** One table for every limiter, told apart by key prefix. The library creates it at start if missing. */
export const LIMITS_TABLE = 'rate_limits';

/** The library calls `query({ text, values, name })` and reads `rows` and `rowCount`. */
function storeClient(db: Queryable) {
  return {
    async query(q: { text: string; values?: unknown[]; name?: string }) {
      const r = await db.query(q.text, q.values ?? [], { prepare: q.name !== undefined });
      return { rows: r.rows, rowCount: r.rows.length };
    },
  };
}

/** A limiter counting in the database; resolves once its table exists. */
export function databaseLimiter(db: Queryable, opts: Omit<ConstructorParameters<typeof RateLimiterPostgres>[0], 'storeClient'>): Promise<RateLimiterPostgres> {
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(
      { ...opts, storeClient: storeClient(db), storeType: 'client', tableName: LIMITS_TABLE },
      (err?: Error) => (err ? reject(err) : resolve(limiter)),
    );
  });
}

/** Seconds to tell a client in Retry-After: at least 1, rounded up. */
export const retryAfterOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Consumes a point from each limiter at once. A store that failed rethrows its error; a limit that is
 * reached becomes a 429 whose Retry-After is the longest wait among the limits that tripped.
 */
export async function consumeAll(
  checks: { limiter: { consume(key: string, points?: number): Promise<RateLimiterRes> }; key: string; name: string }[],
  message: (retryAfter: number, tripped: string[]) => string,
): Promise<void> {
  const results = await Promise.allSettled(checks.map((c) => c.limiter.consume(c.key)));
  const tripped: { name: string; res: RateLimiterRes }[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
    tripped.push({ name: checks[i]!.name, res: r.reason });
  });
  if (tripped.length === 0) return;
  const retryAfter = Math.max(...tripped.map((t) => retryAfterOf(t.res)));
  const limits = tripped.map((t) => t.name);
  throw new AppError('too-many-requests', 429, message(retryAfter, limits), { retryAfter, limits });
}
