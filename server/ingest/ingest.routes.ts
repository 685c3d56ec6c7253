/** POST /api/v1/observations: a batch from a unit's key, or from a reporter signed in to the console. */
import { Router } from 'express';
import { IngestBatchV1, wellFormedBatch } from '../../shared/observations';
import { ipOf, principalOf, writerScope } from '../auth/auth.middleware';
import { actorOf } from '../auth/principal';
import type { Catalog } from '../catalog/catalog';
import { AppError } from '../errors';
import { jsonBody } from '../http/body';
import { requireJson } from '../http/errors';
import { labelRefusal } from '../http/refusal-label';
import type { Metrics } from '../ops/metrics';
import type { IngestService } from './ingest.service';

export function ingestRoutes(deps: { catalog: Catalog; ingest: IngestService; metrics: Metrics; maxBodyBytes: number }): Router {
  const router = Router();
  router.post(
    '/api/v1/observations',
    // Decide who is writing before reading a body: an unknown sender does not get to make the server parse 4 MB.
    (_req, res, next) => {
      labelRefusal(res, { action: 'observations.submit' });
      res.locals.scope = writerScope(deps.catalog, principalOf(res));
      labelRefusal(res, { target: res.locals.scope.unit.code });
      next();
    },
    requireJson,
    jsonBody(deps.maxBodyBytes),
    async (req, res) => {
      const started = performance.now();
      const observations = wellFormedBatch(req.body) ?? parseBatch(req.body);
      const principal = principalOf(res);
      try {
        const result = await deps.ingest.ingest(
          { scope: res.locals.scope, actor: actorOf(principal), ip: ipOf(req), channel: principal.kind === 'key' ? 'api' : 'form' },
          observations,
        );
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

/** The points of a body `wellFormedBatch` did not vouch for, or a 400 that names what is wrong with it. */
function parseBatch(body: unknown): unknown[] {
  const parsed = IngestBatchV1.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      'bad-request',
      400,
      'the body must be {"observations": [ … ]} with 1 to 10,000 points',
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
    );
  }
  return parsed.data.observations;
}
