/** SQL for users and sessions. */
import type { Role, UserV1 } from '../../shared/auth';
import type { AdminUserV1 } from '../../shared/admin';
import type { Queryable } from '../db/db';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_code: string | null;
  password_hash: string;
  created_at: Date;
  disabled_at: Date | null;
}

export const toUser = (r: UserRow): UserV1 => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role, unit: r.unit_code });
export const toAdminUser = (r: UserRow): AdminUserV1 => ({
  ...toUser(r),
  createdAt: new Date(r.created_at).toISOString(),
  disabledAt: r.disabled_at ? new Date(r.disabled_at).toISOString() : null,
});

export async function insertUser(db: Queryable, u: { id: string; username: string; displayName: string; role: Role; unit: string | null; hash: string }): Promise<UserRow> {
  const r = await db.query<UserRow>(
    `INSERT INTO users (id, username, display_name, role, unit_code, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [u.id, u.username, u.displayName, u.role, u.unit, u.hash],
  );
  return r.rows[0]!;
}

export async function findUserByName(db: Queryable, username: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`SELECT * FROM users WHERE username = $1`, [username])).rows[0];
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  return (await db.query<UserRow>(`SELECT * FROM users ORDER BY role, username`)).rows;
}

export async function setPassword(db: Queryable, id: string, hash: string): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $2, disabled_at = NULL WHERE id = $1`, [id, hash]);
}

export async function disableUser(db: Queryable, id: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 RETURNING *`, [id]);
  await db.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
  return r.rows[0];
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; userId: string; csrf: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.tokenHash, s.userId, s.csrf, s.expiresAt.toISOString(), s.ip, s.userAgent],
  );
}

/** The user behind a live session; touches it so that an idle timeout slides. */
export async function findSession(db: Queryable, tokenHash: string, idleMs: number): Promise<(UserRow & { csrf_token: string }) | undefined> {
  const r = await db.query<UserRow & { csrf_token: string }>(
    `UPDATE sessions s SET last_seen_at = now()
     FROM users u
     WHERE s.token_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL
       AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2::double precision / 1000)
     RETURNING u.*, s.csrf_token`,
    [tokenHash, idleMs],
  );
  return r.rows[0];
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
}
