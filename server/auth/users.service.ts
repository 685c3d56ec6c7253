/** Accounts and sessions: argon2id passwords, opaque session tokens. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { CreateUserRequestV1, type AdminUserV1 } from '../../shared/admin';
import type { SessionV1, UserV1 } from '../../shared/auth';
import type { Catalog } from '../catalog/catalog';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';
import type { LoginThrottle } from './login-throttle';
import * as repo from './users.repo';

export const SESSION_IDLE_MS = 7 * 86_400_000;
export const SESSION_MAX_MS = 30 * 86_400_000;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A real hash to spend the same time on when the user does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function createUser(db: Queryable, catalog: Catalog, input: unknown): Promise<AdminUserV1> {
  const parsed = CreateUserRequestV1.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      'validation-failed',
      422,
      'the user cannot be created as given',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  const u = parsed.data;
  if (u.role === 'reporter' && !u.unit) throw new AppError('validation-failed', 422, 'a reporter must be bound to a unit', [{ field: 'unit', message: 'required for reporters' }]);
  if (u.role !== 'reporter' && u.unit) throw new AppError('validation-failed', 422, 'only reporters are bound to a unit', [{ field: 'unit', message: 'leave empty for this role' }]);
  if (u.unit && !catalog.units.has(u.unit)) throw new AppError('validation-failed', 422, `no unit "${u.unit}" in the catalogue`, [{ field: 'unit', message: 'unknown unit' }]);
  if (await repo.findUserByName(db, u.username)) throw new AppError('validation-failed', 409, `the user name "${u.username}" is taken`, [{ field: 'username', message: 'taken' }]);
  const row = await repo.insertUser(db, { id: randomUUID(), username: u.username, displayName: u.displayName, role: u.role, unit: u.unit, hash: await hashPassword(u.password) });
  return repo.toAdminUser(row);
}

export interface NewSession {
  token: string;
  session: SessionV1;
}

/**
 * Checks a password and opens a session. The attempt is counted by the throttle before the password is
 * looked at, and refused with 429 once its name and address, or its address, has failed too often.
 */
export async function login(
  db: Queryable,
  throttle: LoginThrottle,
  username: string,
  password: string,
  ctx: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const name = username.trim().toLowerCase();
  await throttle.admit(name, ctx.ip);
  const row = await repo.findUserByName(db, name);
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = row && !row.disabled_at ? await argon2.verify(row.password_hash, password) : (await argon2.verify(await dummyHash, password), false);
  if (!row || !ok) throw new AppError('unauthenticated', 401, 'wrong user name or password');
  await throttle.succeeded(name, ctx.ip);
  return openSession(db, repo.toUser(row), ctx);
}

export async function openSession(db: Queryable, user: UserV1, ctx: { ip: string | null; userAgent: string | null }): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await repo.insertSession(db, { tokenHash: sha256(token), userId: user.id, csrf: csrfToken, expiresAt: new Date(Date.now() + SESSION_MAX_MS), ip: ctx.ip, userAgent: ctx.userAgent });
  return { token, session: { user, csrfToken } };
}

export async function resolveSession(db: Queryable, token: string): Promise<{ user: UserV1; csrfToken: string; sessionHash: string } | undefined> {
  const sessionHash = sha256(token);
  const row = await repo.findSession(db, sessionHash, SESSION_IDLE_MS);
  return row ? { user: repo.toUser(row), csrfToken: row.csrf_token, sessionHash } : undefined;
}

export async function logout(db: Queryable, sessionHash: string): Promise<void> {
  await repo.deleteSession(db, sessionHash);
}

/**
 * The demo's accounts: one reporter per unit (user name = unit code), plus an admin, an operator and a
 * leader. Passwords are new at every start and returned for printing.
 */
export async function ensureDemoUsers(db: Queryable, catalog: Catalog): Promise<{ username: string; role: string; password: string }[]> {
  const wanted = [
    { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin' as const, unit: null },
    { username: 'operator', displayName: 'Trực Trung tâm IOC', role: 'operator' as const, unit: null },
    { username: 'leader', displayName: 'Lãnh đạo UBND tỉnh', role: 'leader' as const, unit: null },
    ...[...catalog.units.values()].map(({ unit }) => ({ username: unit.code, displayName: unit.name.vi, role: 'reporter' as const, unit: unit.code })),
  ];
  const out: { username: string; role: string; password: string }[] = [];
  for (const w of wanted) {
    const password = randomBytes(9).toString('base64url');
    const hash = await hashPassword(password);
    const existing = await repo.findUserByName(db, w.username);
    if (existing) await repo.setPassword(db, existing.id, hash);
    else await repo.insertUser(db, { id: randomUUID(), username: w.username, displayName: w.displayName, role: w.role, unit: w.unit, hash });
    out.push({ username: w.username, role: w.role, password });
  }
  return out;
}
