/** POST /api/v1/observations: a unit's batch, authenticated by its key. */
import express, { Router } from 'express';
import { IngestBatchV1 } from '../../shared/observations';
import type { Catalog, UnitScope } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { requireJson } from '../http/errors';
import { authenticateUnit } from '../keys/keys.service';
import type { Metrics } from '../ops/metrics';
import type { IngestService } from './ingest.service';

export function ingestRoutes(deps: { db: Db; catalog: Catalog; ingest: IngestService; metrics: Metrics; maxBodyBytes: number }): Router {
  const router = Router();
  router.post(
    '/api/v1/observations',
    // Authenticate before reading a body: an unknown sender does not get to make the server parse 4 MB.
    async (req, res, next) => {
      res.locals.unit = await authenticateUnit(deps.db, deps.catalog, req.headers.authorization);
      next();
    },
    requireJson,
    express.json({ limit: deps.maxBodyBytes }),
    async (req, res) => {
      const started = performance.now();
      const scope = res.locals.unit as UnitScope;
      const parsed = IngestBatchV1.safeParse(req.body);
      if (!parsed.success) {
        throw new AppError(
          'bad-request',
          400,
          'the body must be {"observations": [ … ]} with 1 to 10,000 points',
          parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
        );
      }
      try {
        const result = await deps.ingest.ingest(scope, parsed.data.observations);
        deps.metrics.pointsIngested.inc(result.accepted);
        deps.metrics.batchSeconds.observe((performance.now() - started) / 1000);
        res.json(result);
      } catch (err) {
        if (err instanceof AppError) deps.metrics.batchesRejected.inc({ code: err.code });
        throw err;
      }
    },
  );
  return router;
}
