/** Administration: unit keys (create, rotate, revoke), users, the audit log. Admins only. */
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { CreateKeyRequestV1, RotateKeyRequestV1, type AuditPageV1, type NewKeyV1 } from '../../shared/admin';
import { audit, auditPage } from '../audit/audit.repo';
import { ipOf, principalOf } from '../auth/auth.middleware';
import { actorOf } from '../auth/principal';
import { toAdminUser, listUsers, disableUser } from '../auth/users.repo';
import { createUser } from '../auth/users.service';
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { jsonBody } from '../http/body';
import { requireJson } from '../http/errors';
import type { KeyCache } from '../keys/key-cache';
import { findKey, listKeys, revokeKey } from '../keys/keys.repo';
import { createKey, rotateKey, toKeyV1 } from '../keys/keys.service';

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    throw new AppError('validation-failed', 422, 'the request is not valid', r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  }
  return r.data;
}

export function adminRoutes(deps: { db: Db; catalog: Catalog; keys: KeyCache; requireAdmin: RequestHandler }): Router {
  const router = Router();
  const { db, catalog } = deps;
  const json = [requireJson, jsonBody(16 * 1024)];
  router.use('/api/v1/admin', deps.requireAdmin);

  const log = (req: express.Request, res: express.Response, action: string, target: string, detail?: unknown) =>
    audit(db, { actor: actorOf(principalOf(res)), action, target, outcome: 'ok', ip: ipOf(req), detail });

  router.get('/api/v1/admin/keys', async (_req, res) => {
    const now = new Date();
    res.json((await listKeys(db)).map((k) => toKeyV1(k, now)));
  });

  router.post('/api/v1/admin/keys', ...json, async (req, res) => {
    const body = parse(CreateKeyRequestV1, req.body);
    const { key, row } = await createKey(db, catalog, body.unit, body.label);
    await log(req, res, 'key.create', row.id, { unit: row.unit_code });
    res.status(201).json({ key: toKeyV1(row), secret: key } satisfies NewKeyV1);
  });

  router.post('/api/v1/admin/keys/:id/rotate', ...json, async (req, res) => {
    const body = parse(RotateKeyRequestV1, req.body);
    const { key, row } = await rotateKey(db, catalog, String(req.params.id), body.graceHours);
    deps.keys.forgetAll();
    await log(req, res, 'key.rotate', String(req.params.id), { newKey: row.id, graceHours: body.graceHours });
    res.status(201).json({ key: toKeyV1(row), secret: key } satisfies NewKeyV1);
  });

  router.post('/api/v1/admin/keys/:id/revoke', async (req, res) => {
    const id = String(req.params.id);
    if (!(await revokeKey(db, id)) && !(await findKey(db, id))) throw new AppError('not-found', 404, `no key with id ${id}`);
    deps.keys.forgetAll();
    await log(req, res, 'key.revoke', id);
    res.json(toKeyV1((await findKey(db, id))!));
  });

  router.get('/api/v1/admin/users', async (_req, res) => {
    res.json((await listUsers(db)).map(toAdminUser));
  });

  router.post('/api/v1/admin/users', ...json, async (req, res) => {
    const user = await createUser(db, catalog, req.body);
    await log(req, res, 'user.create', user.username, { role: user.role, unit: user.unit });
    res.status(201).json(user);
  });

  router.post('/api/v1/admin/users/:id/disable', async (req, res) => {
    const p = principalOf(res);
    if (p.kind === 'user' && p.user.id === req.params.id) throw new AppError('bad-request', 409, 'you cannot disable your own account');
    const row = await disableUser(db, String(req.params.id));
    if (!row) throw new AppError('not-found', 404, `no user with id ${req.params.id}`);
    await log(req, res, 'user.disable', row.username);
    res.json(toAdminUser(row));
  });

  router.get('/api/v1/admin/audit', async (req, res) => {
    const q = parse(
      z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().positive().optional() }),
      req.query,
    );
    const entries = await auditPage(db, q.limit, q.before ?? null);
    const body: AuditPageV1 = { entries, next: entries.length === q.limit ? entries[entries.length - 1]!.id : null };
    res.json(body);
  });

  return router;
}
