/** SQL for unit keys. */
import type { Queryable } from '../db/db';

export interface KeyRow {
  id: string;
  unit_code: string;
  label: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  rotated_from: string | null;
}

const KEY_COLUMNS = 'id, unit_code, label, created_at, expires_at, revoked_at, rotated_from';

export async function insertKey(
  db: Queryable,
  k: { id: string; unit: string; hash: string; label: string | null; rotatedFrom?: string | null },
): Promise<KeyRow> {
  const r = await db.query<KeyRow>(
    `INSERT INTO api_keys (id, unit_code, secret_hash, label, rotated_from) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${KEY_COLUMNS}`,
    [k.id, k.unit, k.hash, k.label, k.rotatedFrom ?? null],
  );
  return r.rows[0]!;
}

export async function findKey(db: Queryable, id: string): Promise<KeyRow | undefined> {
  return (await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id])).rows[0];
}

/** Lets an old key keep working until `until` (a rotation's grace period), never longer than it already would. */
export async function expireKey(db: Queryable, id: string, until: Date): Promise<void> {
  await db.query(`UPDATE api_keys SET expires_at = LEAST(coalesce(expires_at, $2::timestamptz), $2::timestamptz) WHERE id = $1`, [id, until.toISOString()]);
}

/** A key that is neither revoked nor expired: its id, its unit, and when it expires (epoch ms), if it does. */
export interface ActiveKey {
  id: string;
  unit_code: string;
  expires_ms: number | null;
}

/** The key with this secret's hash, if it is neither revoked nor expired. Asked often: prepared. */
export async function findActiveKey(db: Queryable, hash: string): Promise<ActiveKey | undefined> {
  const r = await db.query<ActiveKey>(
    `SELECT id, unit_code, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms FROM api_keys
     WHERE secret_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hash],
    { prepare: true },
  );
  return r.rows[0];
}

export async function listKeys(db: Queryable, unit?: string): Promise<KeyRow[]> {
  const r = await db.query<KeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys
     WHERE $1::text IS NULL OR unit_code = $1 ORDER BY unit_code, created_at`,
    [unit ?? null],
  );
  return r.rows;
}

export async function revokeKey(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [id]);
  return r.rows.length > 0;
}

/** Revokes a unit's keys carrying a label (the simulator replaces its own keys at each start). */
export async function revokeLabelled(db: Queryable, unit: string, label: string): Promise<number> {
  const r = await db.query(
    `UPDATE api_keys SET revoked_at = now() WHERE unit_code = $1 AND label = $2 AND revoked_at IS NULL RETURNING id`,
    [unit, label],
  );
  return r.rows.length;
}
