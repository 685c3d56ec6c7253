/** Liveness, readiness (the database answers) and Prometheus metrics. */
import { Router } from 'express';
import type { Db } from '../db/db';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_S } from '../http/errors';
import type { JobProblem } from '../db/timescale-jobs';
import type { Metrics } from './metrics';

export function healthRoutes(deps: { db: Db; metrics: Metrics; isShuttingDown(): boolean; timescaleJobs?(): readonly JobProblem[] }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting-down' });
      return;
    }
    try {
      await deps.db.query('SELECT 1');
      // Failing TimescaleDB jobs leave answers correct but slower: still ready, and says so.
      const jobs = deps.timescaleJobs?.() ?? [];
      res.json({ status: jobs.length > 0 ? 'degraded' : 'ready', database: deps.db.driver, timescale: deps.db.timescale, ...(jobs.length > 0 ? { timescaleJobs: jobs } : {}) });
    } catch (err) {
      const reason = isDatabaseUnavailable(err) ? 'database-unreachable' : 'database-error';
      res.status(503).set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      res.json({ status: 'unavailable', reason, error: { code: 'unavailable', message: `database not reachable: ${(err as Error).message}` } });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
