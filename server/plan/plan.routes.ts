/**
 * The plan's API: targets, the roadmap and the composite index. Reading is public like the rest of the
 * read API; changing a target or a task takes an administrator (`requireAdmin`, wired by the composition root).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { PERIOD_KINDS, PutTargetV1, PutTaskV1, periodLabel, shiftMonth, type PlanChangeV1 } from '../../shared/plan';
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { jsonBody } from '../http/body';
import { requireJson } from '../http/errors';
import { PlanService } from './plan.service';

export interface PlanDeps {
  db: Db;
  catalog: Catalog;
  log?: Logger;
  /** Lets the request through only for a signed-in administrator; answers 401/403 as JSON otherwise. */
  requireAdmin: RequestHandler;
  /** Who made a change, as the audit log names people ("user:<username>"); null when unknown. */
  actorOf?(req: Request, res: Response): string | null;
  /** Called after an administrator's change is committed, for the audit log. */
  onChanged?(change: PlanChangeV1, req: Request, res: Response): void | Promise<void>;
  now?(): Date;
}

const EARLIEST_MONTH = '2000-01';
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const TargetsQuery = z.object({ indicator: z.string().min(1).optional(), area: z.string().min(1).optional(), kind: z.enum(PERIOD_KINDS).optional() }).strict();
const IndexQuery = z.object({ period: month.optional() }).strict();
const WhyQuery = z.object({ area: z.string().min(1), from: month.optional(), to: month.optional() }).strict();

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    throw new AppError('bad-request', 400, `invalid ${what}`, details);
  }
  return parsed.data;
}

export function planRoutes(deps: PlanDeps): Router {
  const { catalog } = deps;
  const now = deps.now ?? (() => new Date());
  const plan = new PlanService({ db: deps.db, catalog, log: deps.log, now });
  const router = Router();

  // Every read waits for the pack's plan to be loaded; a failure to load is the server's, said plainly.
  const ready: RequestHandler = async (_req, _res, next) => {
    try {
      await plan.ready;
    } catch {
      throw new AppError('unavailable', 503, 'the plan could not be loaded from the region pack; see the server log');
    }
    next();
  };
  const changed = async (change: PlanChangeV1, req: Request, res: Response) => {
    try {
      await deps.onChanged?.(change, req, res);
    } catch (err) {
      // The change is committed; a failing listener must not turn it into an error for the administrator.
      deps.log?.error({ err }, 'plan change listener failed');
    }
  };
  const currentMonth = () => periodLabel('month', now());
  /** Months between 2000 and the current one: the index reads figures that exist. */
  const checkMonth = (m: string, field: string) => {
    if (m < EARLIEST_MONTH || m > currentMonth()) {
      throw new AppError('bad-request', 400, `"${m}" must be a month from ${EARLIEST_MONTH} to ${currentMonth()}`, { field });
    }
    return m;
  };
  const body = [requireJson, jsonBody(64 * 1024)];

  router.get('/api/v1/targets', ready, async (req, res) => {
    const q = parse(TargetsQuery, req.query, 'targets query');
    if (q.indicator && !catalog.indicators.has(q.indicator)) throw new AppError('not-found', 404, `no indicator "${q.indicator}"`, { field: 'indicator' });
    if (q.area && !plan.areas.includes(q.area)) throw new AppError('not-found', 404, `no province or district "${q.area}"`, { field: 'area' });
    res.set('Cache-Control', 'no-cache').json({ targets: await plan.targets(q) });
  });

  router.put('/api/v1/targets', deps.requireAdmin, ...body, ready, async (req, res) => {
    const input = parse(PutTargetV1, req.body, 'target');
    const change = await plan.setTarget(input, deps.actorOf?.(req, res) ?? null);
    await changed(change, req, res);
    res.json({ previous: change.previous, target: change.target });
  });

  router.get('/api/v1/roadmap', ready, async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(await plan.roadmap());
  });

  router.put('/api/v1/roadmap/:id', deps.requireAdmin, ...body, ready, async (req, res) => {
    const input = parse(PutTaskV1, req.body, 'task update');
    const { task, change } = await plan.updateTask(String(req.params.id), input, deps.actorOf?.(req, res) ?? null);
    await changed(change, req, res);
    res.json({ task });
  });

  router.get('/api/v1/index', (_req, res) => {
    res.json({ indexes: plan.indexes });
  });

  router.get('/api/v1/index/:id', ready, async (req, res) => {
    const config = plan.config(String(req.params.id));
    const q = parse(IndexQuery, req.query, 'index query');
    // By default the last closed month: the current one's reports mostly arrive next month.
    const period = checkMonth(q.period ?? shiftMonth(currentMonth(), -1), 'period');
    res.set('Cache-Control', 'no-cache').json(await plan.index(config.id, period));
  });

  router.get('/api/v1/index/:id/why', ready, async (req, res) => {
    const config = plan.config(String(req.params.id));
    const q = parse(WhyQuery, req.query, 'why query');
    const to = checkMonth(q.to ?? shiftMonth(currentMonth(), -1), 'to');
    const from = checkMonth(q.from ?? shiftMonth(to, -1), 'from');
    res.set('Cache-Control', 'no-cache').json(await plan.why(config.id, q.area, from, to));
  });

  return router;
}
