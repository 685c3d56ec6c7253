/** Sign in, sign out, who am I. */
import { Router, type Response } from 'express';
import { LoginRequestV1, SESSION_COOKIE, type SessionV1 } from '../../shared/auth';
import { audit } from '../audit/audit.repo';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { jsonBody } from '../http/body';
import { requireJson } from '../http/errors';
import { labelRefusal } from '../http/refusal-label';
import { ipOf, principalOf } from './auth.middleware';
import type { LoginThrottle } from './login-throttle';
import { actorOf } from './principal';
import { login, logout, SESSION_MAX_MS } from './users.service';

export function authRoutes(deps: { db: Db; throttle: LoginThrottle; secureCookies: boolean }): Router {
  const router = Router();
  const setCookie = (res: Response, token: string) =>
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      path: '/',
      maxAge: SESSION_MAX_MS,
    });

  router.post('/api/v1/auth/login', requireJson, jsonBody(8 * 1024), async (req, res) => {
    const parsed = LoginRequestV1.safeParse(req.body);
    if (!parsed.success) {
      throw new AppError('bad-request', 400, 'send {"username": …, "password": …}', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    }
    const ip = ipOf(req);
    try {
      const { token, session } = await login(deps.db, deps.throttle, parsed.data.username, parsed.data.password, { ip, userAgent: req.get('user-agent') ?? null });
      await audit(deps.db, { actor: `user:${session.user.username}`, action: 'auth.login', outcome: 'ok', ip });
      setCookie(res, token);
      res.json(session satisfies SessionV1);
    } catch (err) {
      // The error handler audits the refusal under the name that was tried.
      if (err instanceof AppError) {
        labelRefusal(res, { actor: `user:${parsed.data.username.trim().toLowerCase()}`, action: 'auth.login', outcome: err.status === 429 ? 'denied' : 'failed' });
      }
      throw err;
    }
  });

  router.post('/api/v1/auth/logout', async (req, res) => {
    const p = principalOf(res);
    if (p.kind === 'user') {
      await logout(deps.db, p.sessionHash);
      await audit(deps.db, { actor: actorOf(p), action: 'auth.logout', outcome: 'ok', ip: ipOf(req) });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  router.get('/api/v1/auth/me', (_req, res) => {
    const p = principalOf(res);
    if (p.kind !== 'user') throw new AppError('unauthenticated', 401, 'not signed in');
    res.set('Cache-Control', 'no-store').json({ user: p.user, csrfToken: p.csrfToken } satisfies SessionV1);
  });

  return router;
}
