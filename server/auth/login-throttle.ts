/**
 * Sign-in throttling, rate-limiter-flexible's login-protection pattern: consecutive failures per user name
 * and address, and failures per address a day. An attempt is counted before its password is checked, in
 * one atomic step in the database, so parallel attempts cannot all slip through while argon2 runs; a
 * success forgets the pair's failures and gives the address its attempt back. The name alone is never
 * locked: someone elsewhere cannot lock an account out.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Queryable } from '../db/db';
import { consumeAll, databaseLimiter } from '../limits/store';

export const MAX_CONSECUTIVE_FAILURES = 5;
export const PAIR_BLOCK_SECONDS = 15 * 60;

export interface LoginThrottle {
  /** Counts an attempt; a 429 naming how long to wait when a limit is reached. */
  admit(name: string, ip: string | null): Promise<void>;
  succeeded(name: string, ip: string | null): Promise<void>;
}

export async function loginThrottle(db: Queryable, failuresPerAddress: number): Promise<LoginThrottle> {
  const byPair: RateLimiterAbstract = await databaseLimiter(db, {
    keyPrefix: 'login:pair',
    points: MAX_CONSECUTIVE_FAILURES,
    duration: 86_400,
    blockDuration: PAIR_BLOCK_SECONDS,
  });
  const byAddress: RateLimiterAbstract = await databaseLimiter(db, { keyPrefix: 'login:ip', points: failuresPerAddress, duration: 86_400 });
  const pairKey = (name: string, ip: string | null) => `${name}|${ip ?? '?'}`;
  return {
    admit: (name, ip) =>
      consumeAll(
        [
          { limiter: byPair, key: pairKey(name, ip), name: 'name-and-address' },
          { limiter: byAddress, key: ip ?? '?', name: 'address' },
        ],
        (retryAfter, tripped) =>
          `too many failed sign-ins ${tripped.includes('address') ? 'from your address' : 'for this user name from your address'}; ` +
          `try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
      ),
    async succeeded(name, ip) {
      await Promise.all([byPair.delete(pairKey(name, ip)), byAddress.reward(ip ?? '?')]);
    },
  };
}
