/**
 * The reporting console's API. A reporter sees and writes only their own unit; an admin any unit; a leader
 * reads every unit but writes none. Every refusal is audited.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DraftV1, type DiscrepanciesV1, type HistoryV1 } from '../../shared/report';
import { principalOf } from '../auth/auth.middleware';
import { actorOf } from '../auth/principal';
import { labelRefusal } from '../http/refusal-label';
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { jsonBody } from '../http/body';
import { requireJson } from '../http/errors';
import { listDiscrepancies } from './discrepancies.repo';
import { readDraft, unitHistory, writeDraft } from './report.repo';
import { monthOf, obligations, parseMonth, scorecard, unknownDraftKeys } from './report.service';

type Access = 'read' | 'draft';

export function reportRoutes(deps: { db: Db; catalog: Catalog }): Router {
  const router = Router();
  const { db, catalog } = deps;

  /** The unit a request is about, once the principal is allowed to see (or keep drafts for) it. */
  async function unitFor(req: Request, res: Response, requested: string | undefined, access: Access): Promise<string> {
    const p = principalOf(res);
    if (p.kind === 'anonymous') throw new AppError('unauthenticated', 401, 'sign in first');
    const own = p.kind === 'key' ? null : p.user.role === 'reporter' ? p.user.unit : null;
    const unit = requested ?? own;
    if (!unit) throw new AppError('bad-request', 400, 'name the unit: ?unit=<code>');
    if (!catalog.units.has(unit)) throw new AppError('not-found', 404, `no unit "${unit}"`);
    const allowed =
      p.kind === 'user' &&
      (p.user.role === 'admin' || (p.user.role === 'reporter' && p.user.unit === unit) || (access === 'read' && p.user.role === 'leader'));
    if (!allowed) {
      labelRefusal(res, { action: `report.${access}`, target: unit });
      throw new AppError('forbidden', 403, `you may not ${access === 'draft' ? 'use the drafts of' : 'see the reports of'} unit "${unit}"`);
    }
    return unit;
  }

  const q = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);

  router.get('/api/v1/report/obligations', async (req, res) => {
    const unit = await unitFor(req, res, q(req, 'unit'), 'read');
    res.set('Cache-Control', 'no-store').json(await obligations(db, catalog, unit));
  });

  router.get('/api/v1/report/history', async (req, res) => {
    const unit = await unitFor(req, res, q(req, 'unit'), 'read');
    const parsed = z
      .object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.iso.datetime({ offset: true }).optional() })
      .safeParse(req.query);
    if (!parsed.success) throw new AppError('bad-request', 400, 'limit must be 1–500 and before an ISO 8601 time');
    const body: HistoryV1 = { unit, revisions: await unitHistory(db, unit, parsed.data.limit, parsed.data.before ?? null) };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/api/v1/report/drafts/:unit', async (req, res) => {
    const unit = await unitFor(req, res, String(req.params.unit), 'draft');
    const draft = await readDraft(db, unit);
    res.set('Cache-Control', 'no-store').json(draft ?? { values: {}, updatedAt: null, updatedBy: null });
  });

  router.put('/api/v1/report/drafts/:unit', requireJson, jsonBody(256 * 1024), async (req, res) => {
    const unit = await unitFor(req, res, String(req.params.unit), 'draft');
    const parsed = DraftV1.safeParse(req.body);
    if (!parsed.success) {
      throw new AppError('validation-failed', 422, 'a draft is {"values": {"indicator|area": "text"}}', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    }
    const unknown = unknownDraftKeys(catalog, unit, parsed.data.values);
    if (unknown.length > 0) throw new AppError('validation-failed', 422, `${unknown.length} key(s) of the draft name no obligation of unit "${unit}"`, unknown);
    await writeDraft(db, unit, parsed.data.values, actorOf(principalOf(res)));
    res.json({ ok: true });
  });

  router.get('/api/v1/report/scorecard', async (req, res) => {
    const p = principalOf(res);
    if (p.kind !== 'user') throw new AppError('unauthenticated', 401, 'sign in first');
    const month = q(req, 'month') ?? monthOf(new Date());
    const start = parseMonth(month);
    if (!start) throw new AppError('bad-request', 400, 'month must read YYYY-MM', { field: 'month' });
    // A reporter sees their own unit's card; admins and leaders see every unit's.
    const units = p.user.role === 'reporter' ? [p.user.unit!] : p.user.role === 'admin' || p.user.role === 'leader' ? undefined : [];
    if (units && units.length === 0) throw new AppError('forbidden', 403, 'the scorecard is for admins, leaders and reporters');
    res.set('Cache-Control', 'no-store').json(await scorecard(db, catalog, start, new Date(), units));
  });

  // Public: discrepancies are part of the open record of which figures are in dispute.
  router.get('/api/v1/discrepancies', async (req, res) => {
    const status = q(req, 'status') ?? 'open';
    if (status !== 'open' && status !== 'all') throw new AppError('bad-request', 400, 'status must be "open" or "all"', { field: 'status' });
    const unit = q(req, 'unit');
    const scope = unit ? catalog.units.get(unit) : undefined;
    if (unit && !scope) throw new AppError('not-found', 404, `no unit "${unit}"`, { field: 'unit' });
    const body: DiscrepanciesV1 = {
      discrepancies: await listDiscrepancies(db, {
        open: status === 'open',
        areas: scope ? [...scope.areas] : null,
        indicators: scope ? [...scope.indicators] : null,
        limit: 1000,
      }),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  return router;
}
