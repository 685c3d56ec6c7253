/**
 * Who is asking, and may they: resolves the session cookie or unit key into a principal, refuses
 * cross-site state changes (CSRF token and Origin), and guards routes by role.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import type { RequestHandler, Response } from 'express';
import { CSRF_HEADER, SESSION_COOKIE, type Role } from '../../shared/auth';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import type { KeyCache } from '../keys/key-cache';
import { authenticateKey } from '../keys/keys.service';
import { labelRefusal } from '../http/refusal-label';
import type { Principal } from './principal';
import { resolveSession } from './users.service';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const principalOf = (res: Response): Principal => (res.locals.principal as Principal | undefined) ?? { kind: 'anonymous' };
export const ipOf = (req: { ip?: string | undefined; socket?: { remoteAddress?: string | undefined } }) => req.ip ?? req.socket?.remoteAddress ?? null;

/** The session behind a request's cookie header (HTTP or a socket's handshake). */
export async function principalFromCookies(db: Db, headers: IncomingMessage['headers']): Promise<Principal> {
  const token = headers.cookie ? parseCookie(headers.cookie)[SESSION_COOKIE] : undefined;
  if (!token) return { kind: 'anonymous' };
  const s = await resolveSession(db, token);
  return s ? { kind: 'user', ...s } : { kind: 'anonymous' };
}

/** A browser's Origin, when it sent one, must be this server's own or one configured. */
export function sameOrigin(headers: IncomingMessage['headers'], allowed: readonly string[]): boolean {
  const origin = headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function authMiddleware(deps: { db: Db; catalog: Catalog; keys: KeyCache; allowedOrigins: readonly string[] }) {
  /** Resolves the principal: a unit key (Authorization: Bearer) or a session cookie. */
  const authenticate: RequestHandler = async (req, res, next) => {
    if (req.headers.authorization) {
      const key = await authenticateKey(deps.keys, deps.catalog, req.headers.authorization);
      res.locals.principal = { kind: 'key', keyId: key.id, unit: key.scope.unit.code } satisfies Principal;
    } else {
      res.locals.principal = await principalFromCookies(deps.db, req.headers);
    }
    next();
  };

  /**
   * A state-changing request carried by a browser's cookie must prove it comes from our own page: the
   * CSRF token from the session, and no foreign Origin. Keys travel in a header no other site can set.
   */
  const csrf: RequestHandler = (req, res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    const p = principalOf(res);
    if (p.kind === 'key') return next();
    if (!sameOrigin(req.headers, deps.allowedOrigins)) {
      labelRefusal(res, { action: 'csrf.refused', detail: { origin: req.headers.origin } });
      return next(new AppError('forbidden', 403, 'cross-site request refused'));
    }
    if (p.kind === 'user') {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !equal(sent, p.csrfToken)) {
        labelRefusal(res, { action: 'csrf.refused' });
        return next(new AppError('forbidden', 403, `missing or wrong ${CSRF_HEADER} header; reload the page and try again`));
      }
    }
    next();
  };

  /** Only people with one of these roles; 401 when signed out, 403 when the role does not allow it. */
  const requireRole =
    (...roles: Role[]): RequestHandler =>
    (_req, res, next) => {
      const p = principalOf(res);
      if (p.kind !== 'user') return next(new AppError('unauthenticated', 401, 'sign in first'));
      if (!roles.includes(p.user.role)) {
        return next(new AppError('forbidden', 403, `this needs the role ${roles.join(' or ')}; you are ${p.user.role}`));
      }
      next();
    };

  return { authenticate, csrf, requireRole };
}

/** The unit a principal writes for: a key's unit, or a reporter's. */
export function writerScope(catalog: Catalog, p: Principal): UnitScope {
  if (p.kind === 'key') return catalog.units.get(p.unit)!;
  if (p.kind === 'user' && p.user.role === 'reporter' && p.user.unit) {
    const scope = catalog.units.get(p.user.unit);
    if (scope) return scope;
  }
  if (p.kind === 'anonymous') throw new AppError('unauthenticated', 401, 'send the unit key as "Authorization: Bearer <key>", or sign in as a reporter');
  throw new AppError('forbidden', 403, 'only a unit key or a reporter bound to a unit may submit figures');
}
