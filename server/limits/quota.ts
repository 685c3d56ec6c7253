/**
 * Per-key quotas: each unit key may make so many requests a window (its unit's `requestsPerMinute` in
 * the pack, or KEY_REQUESTS_PER_MINUTE), and the excess is refused with 429 and Retry-After before its
 * body is read. Counted in this process by default, or in the database when several instances share it.
 */
import type { RequestHandler } from 'express';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { principalOf } from '../auth/auth.middleware';
import type { Catalog } from '../catalog/catalog';
import type { Queryable } from '../db/db';
import { consumeAll, databaseLimiter } from './store';

export interface QuotaOptions {
  perMinute: number;
  windowMs: number;
  store: 'memory' | 'postgres';
}

/** The unit's quota scaled to the window: 600 a minute over a 1 s window is 10. */
export const pointsPerWindow = (perMinute: number, windowMs: number) => Math.max(1, Math.round((perMinute * windowMs) / 60_000));

export async function keyQuotas(db: Queryable, catalog: Catalog, opts: QuotaOptions): Promise<RequestHandler> {
  const duration = opts.windowMs / 1000;
  const limiters = new Map<string, RateLimiterAbstract>();
  for (const [code, { unit }] of catalog.units) {
    const points = pointsPerWindow(unit.requestsPerMinute ?? opts.perMinute, opts.windowMs);
    const keyPrefix = `quota:${code}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    limiters.set(
      code,
      opts.store === 'memory'
        ? memory
        : // A key over its quota is then refused from memory until its window ends, without asking the
          // database; while the database cannot be reached, each instance counts on its own.
          await databaseLimiter(db, { keyPrefix, points, duration, inMemoryBlockOnConsumed: points + 1, insuranceLimiter: memory }),
    );
  }
  return async (_req, res, next) => {
    const p = principalOf(res);
    if (p.kind !== 'key') return next();
    const limiter = limiters.get(p.unit);
    if (!limiter) return next();
    await consumeAll([{ limiter, key: p.keyId, name: 'key' }], (retryAfter) => `this key's quota is used up; send again in ${retryAfter} s`);
    next();
  };
}
