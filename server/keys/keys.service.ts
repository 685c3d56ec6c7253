/**
 * Unit keys: `cok_<id>_<secret>`. The secret has 256 bits of entropy, so a fast hash (SHA-256) is enough
 * at rest; a slow password hash would only slow every ingest request down.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { KeyV1 } from '../../shared/admin';
import { expireKey, findKey, insertKey, type ActiveKey, type KeyRow } from './keys.repo';

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export async function createKey(
  db: Queryable,
  catalog: Catalog,
  unit: string,
  label: string | null,
  rotatedFrom: string | null = null,
): Promise<{ key: string; row: KeyRow }> {
  if (!catalog.units.has(unit)) {
    throw new AppError('not-found', 404, `no unit "${unit}" in the catalogue (known: ${[...catalog.units.keys()].join(', ')})`);
  }
  const id = randomBytes(6).toString('hex');
  const key = `cok_${id}_${randomBytes(32).toString('base64url')}`;
  const row = await insertKey(db, { id, unit, hash: hashKey(key), label, rotatedFrom });
  return { key, row };
}

/**
 * A new key for the same unit; the old one keeps working for `graceHours`, so that the unit's machines can
 * be switched over without a gap.
 */
export async function rotateKey(db: Queryable, catalog: Catalog, id: string, graceHours: number): Promise<{ key: string; row: KeyRow }> {
  const old = await findKey(db, id);
  if (!old) throw new AppError('not-found', 404, `no key with id ${id}`);
  if (old.revoked_at) throw new AppError('bad-request', 409, `key ${id} is revoked; create a new one instead`);
  const fresh = await createKey(db, catalog, old.unit_code, old.label, old.id);
  await expireKey(db, old.id, new Date(Date.now() + graceHours * 3_600_000));
  return fresh;
}

export function toKeyV1(r: KeyRow, now = new Date()): KeyV1 {
  const expires = r.expires_at ? new Date(r.expires_at) : null;
  const status: KeyV1['status'] = r.revoked_at ? 'revoked' : expires && expires <= now ? 'expired' : expires ? 'expiring' : 'active';
  return {
    id: r.id,
    unit: r.unit_code,
    label: r.label,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: expires?.toISOString() ?? null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    status,
    rotatedFrom: r.rotated_from,
  };
}

/** The key and unit behind an `Authorization: Bearer` header, or a 401 saying what is wrong. */
export async function authenticateKey(
  keys: { find(hash: string): Promise<ActiveKey | undefined> },
  catalog: Catalog,
  header: string | undefined,
): Promise<{ id: string; scope: UnitScope }> {
  if (!header) throw new AppError('unauthenticated', 401, 'send the unit key as "Authorization: Bearer <key>"');
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) throw new AppError('unauthenticated', 401, 'the Authorization header must read "Bearer <key>"');
  const found = await keys.find(hashKey(m[1]!));
  if (!found) throw new AppError('unauthenticated', 401, 'unknown, revoked or expired key');
  const scope = catalog.units.get(found.unit_code);
  if (!scope) throw new AppError('forbidden', 403, `the key's unit "${found.unit_code}" is no longer in the catalogue`);
  return { id: found.id, scope };
}
