/**
 * CSV upload for reporters: a preview that lists every row's problems before anything is written, and a
 * commit that writes all rows or none. The file is read exactly as Excel saves it (see csv.ts); each row
 * then goes through the same validation as the ingest API.
 */
import { Router, type Request, type Response } from 'express';
import type { CsvCommitV1, CsvPreviewV1 } from '../../shared/report';
import type { IngestProblem } from '../../shared/observations';
import { ipOf, principalOf, writerScope } from '../auth/auth.middleware';
import { actorOf } from '../auth/principal';
import { labelRefusal } from '../http/refusal-label';
import type { Catalog } from '../catalog/catalog';
import { AppError } from '../errors';
import { rawBody } from '../http/body';
import type { IngestService, Writer } from '../ingest/ingest.service';
import type { WritePoint } from '../ingest/ingest.repo';
import { attachIngestProblems, catalogLookup, csvObservations, readCsv } from './csv';

export const CSV_MAX_BYTES = 8 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

export function csvRoutes(deps: { catalog: Catalog; ingest: IngestService }): Router {
  const router = Router();
  const lookup = catalogLookup({ indicators: deps.catalog.pack.indicators, areas: deps.catalog.pack.areas, sources: deps.catalog.pack.sources });
  const body = rawBody({ types: CSV_TYPES, limit: CSV_MAX_BYTES });

  /** Reads and validates the upload; `points` is set only when every row is valid. */
  function examine(req: Request, res: Response): { writer: Writer; preview: CsvPreviewV1; points?: WritePoint[]; problems: IngestProblem[] } {
    const p = principalOf(res);
    if (p.kind !== 'user' || p.user.role !== 'reporter') {
      throw new AppError(p.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', p.kind === 'anonymous' ? 401 : 403, 'CSV upload is for reporters signed in to their unit');
    }
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError('bad-request', 400, 'send the CSV file as the request body with Content-Type: text/csv');
    }
    const writer: Writer = { scope: writerScope(deps.catalog, p), actor: actorOf(p), ip: ipOf(req), channel: 'csv' };
    const lang = req.query.lang === 'en' ? 'en' : 'vi';
    const read = readCsv(req.body, lookup, { lang });
    const { observations, lines } = csvObservations(read);
    const { points, problems, notes } = deps.ingest.examine(writer, observations);
    const preview = attachIngestProblems(read, problems, lines, notes);
    return { writer, preview, problems, ...(preview.ok && problems.length === 0 ? { points } : {}) };
  }

  router.post('/api/v1/report/csv/preview', body, (req, res) => {
    res.json(examine(req, res).preview);
  });

  router.post('/api/v1/report/csv/commit', body, async (req, res) => {
    labelRefusal(res, { action: 'observations.submit', detail: { channel: 'csv' } });
    const { writer, preview, points, problems } = examine(req, res);
    const outOfScope = problems.some((x) => x.reason === 'out-of-scope');
    if (!points) {
      const bad = preview.rows.filter((r) => r.problems.length > 0).length;
      throw new AppError(
        outOfScope ? 'forbidden' : 'validation-failed',
        outOfScope ? 403 : 422,
        `${bad} row(s) have problems; nothing was written. Fix them and upload the file again.`,
        preview,
      );
    }
    const result = await deps.ingest.write(writer, points);
    res.json({ committed: true, preview, result } satisfies CsvCommitV1);
  });

  return router;
}
