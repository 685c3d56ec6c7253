/**
 * Unit keys: `cok_<id>_<secret>`. The secret has 256 bits of entropy, so a fast hash (SHA-256) is enough
 * at rest; a slow password hash would only slow every ingest request down.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';
import type { Catalog, UnitScope } from '../catalog/catalog';
import { findActiveKey, insertKey, type KeyRow } from './keys.repo';

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export async function createKey(db: Queryable, catalog: Catalog, unit: string, label: string | null): Promise<{ key: string; row: KeyRow }> {
  if (!catalog.units.has(unit)) {
    throw new AppError('not-found', 404, `no unit "${unit}" in the catalogue (known: ${[...catalog.units.keys()].join(', ')})`);
  }
  const id = randomBytes(6).toString('hex');
  const key = `cok_${id}_${randomBytes(32).toString('base64url')}`;
  const row = await insertKey(db, { id, unit, hash: hashKey(key), label });
  return { key, row };
}

/** The unit behind an `Authorization: Bearer` header, or a 401 saying what is wrong. */
export async function authenticateUnit(db: Queryable, catalog: Catalog, header: string | undefined): Promise<UnitScope> {
  if (!header) throw new AppError('unauthenticated', 401, 'send the unit key as "Authorization: Bearer <key>"');
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) throw new AppError('unauthenticated', 401, 'the Authorization header must read "Bearer <key>"');
  const found = await findActiveKey(db, hashKey(m[1]!));
  if (!found) throw new AppError('unauthenticated', 401, 'unknown, revoked or expired key');
  const scope = catalog.units.get(found.unit_code);
  if (!scope) throw new AppError('forbidden', 403, `the key's unit "${found.unit_code}" is no longer in the catalogue`);
  return scope;
}
