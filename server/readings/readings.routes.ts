/** Read API: catalogue, boundaries, snapshot, series. */
import { Router } from 'express';
import { z } from 'zod';
import type { SeriesV1, SnapshotV1 } from '../../shared/api';
import { BUCKETS, TIME_ZONE, bucketStart, nextBucket, type Bucket } from '../../shared/time';
import type { Catalog } from '../catalog/catalog';
import { listBoundaries } from '../catalog/catalog.repo';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { latestPoints, seriesBuckets } from './readings.repo';
import { listDiscrepancies } from '../report/discrepancies.repo';

const MAX_BUCKETS: Record<Bucket, number> = { hour: 24 * 93, day: 3 * 366, month: 50 * 12 };
const NOMINAL_BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000, month: 30.44 * 86_400_000 };
const DEFAULT_SPAN_MS: Record<Bucket, number> = { hour: 86_400_000, day: 30 * 86_400_000, month: 365 * 86_400_000 };

const SeriesQuery = z.object({
  indicator: z.string().min(1),
  area: z.string().min(1),
  bucket: z.enum(BUCKETS).default('day'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export interface ReadingsDeps {
  db: Db;
  catalog: Catalog;
  livePosition(): { origin: string; seq: number };
}

export function readingsRoutes(deps: ReadingsDeps): Router {
  const router = Router();
  const { db, catalog } = deps;

  router.get('/api/v1/catalog', async (_req, res) => {
    const official = await db.query(`SELECT 1 FROM area_boundaries WHERE origin = 'official' LIMIT 1`);
    res.json(catalog.toJSON(official.rows.length > 0 ? 'official' : 'schematic'));
  });

  router.get('/api/v1/boundaries', async (_req, res) => {
    const rows = await listBoundaries(db);
    res.json({
      type: 'FeatureCollection',
      features: rows.flatMap((r) => {
        const area = catalog.areas.get(r.area_code);
        if (!area) return [];
        return [{
          type: 'Feature',
          id: r.area_code,
          properties: { code: r.area_code, kind: area.kind, name_vi: area.name.vi, name_en: area.name.en, origin: r.origin },
          geometry: r.geometry,
        }];
      }),
    });
  });

  router.get('/api/v1/snapshot', async (_req, res) => {
    // Read the position first: every batch up to it was committed before the query below starts.
    const position = deps.livePosition();
    const [points, discrepancies] = await Promise.all([
      latestPoints(db, catalog.series),
      listDiscrepancies(db, { open: true, areas: null, indicators: null, limit: 10_000 }),
    ]);
    const body: SnapshotV1 = { v: 1, ...position, generatedAt: new Date().toISOString(), points, discrepancies };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/api/v1/series', async (req, res) => {
    const parsed = SeriesQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new AppError(
        'bad-request',
        400,
        'invalid series query',
        parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      );
    }
    const q = parsed.data;
    const indicator = catalog.indicators.get(q.indicator);
    if (!indicator) throw new AppError('not-found', 404, `no indicator "${q.indicator}"`, { field: 'indicator' });
    if (!catalog.areas.has(q.area)) throw new AppError('not-found', 404, `no area "${q.area}"`, { field: 'area' });
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_SPAN_MS[q.bucket]);
    if (from >= to) throw new AppError('bad-request', 400, '"from" must be before "to"', { field: 'from' });
    // Whole buckets only, in local time: both storage paths then count exactly the same points.
    const start = bucketStart(from, q.bucket);
    const end = nextBucket(bucketStart(new Date(to.getTime() - 1), q.bucket), q.bucket);
    if ((end.getTime() - start.getTime()) / NOMINAL_BUCKET_MS[q.bucket] > MAX_BUCKETS[q.bucket]) {
      throw new AppError('bad-request', 400, `at most ${MAX_BUCKETS[q.bucket]} ${q.bucket} buckets per request; narrow from/to or use a coarser bucket`, { field: 'from' });
    }
    const buckets = await seriesBuckets(
      db,
      {
        indicator: q.indicator,
        area: q.area,
        bucket: q.bucket,
        from: start,
        to: end,
        temporal: indicator.temporal,
        preferredSources: indicator.preferredSources,
      },
      db.timescale,
    );
    const body: SeriesV1 = {
      indicator: q.indicator,
      area: q.area,
      bucket: q.bucket,
      from: start.toISOString(),
      to: end.toISOString(),
      timeZone: TIME_ZONE,
      buckets,
    };
    res.json(body);
  });

  return router;
}
