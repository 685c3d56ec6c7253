/**
 * The snapshot as it was answered before latest_observations: each series' observations descended for the
 * latest period, within it the preferred source, else the most recently written. Kept as the reference the
 * maintained table is checked against (tests/integration/snapshot.test.ts) and timed beside (bench/snapshot.ts).
 */
import type { PointV1 } from '../../shared/observations';
import type { Queryable } from '../../server/db/db';
import { POINT_COLUMNS, toPoint } from '../../server/ingest/ingest.repo';

export async function latestPointsFromObservations(db: Queryable, series: ReadonlyArray<{ indicator: string; area: string }>): Promise<PointV1[]> {
  const r = await db.query<Parameters<typeof toPoint>[0]>(
    `SELECT ${POINT_COLUMNS}
     FROM unnest($1::text[], $2::text[]) AS s(indicator_key, area_code)
     JOIN indicators i ON i.key = s.indicator_key
     CROSS JOIN LATERAL (
       SELECT * FROM observations x
       WHERE x.indicator_key = s.indicator_key AND x.area_code = s.area_code
       ORDER BY x.ts DESC, array_position(i.preferred_sources, x.source) NULLS LAST, x.version DESC
       LIMIT 1
     ) o`,
    [series.map((s) => s.indicator), series.map((s) => s.area)],
  );
  return r.rows.map(toPoint);
}

/** Every (indicator, area, source)'s latest period, from observations: what latest_observations must hold. */
export async function latestPerSourceFromObservations(db: Queryable): Promise<unknown[]> {
  const r = await db.query(
    `SELECT DISTINCT ON (o.indicator_key, o.area_code, o.source) ${POINT_COLUMNS}
     FROM observations o
     ORDER BY o.indicator_key, o.area_code, o.source, o.ts DESC`,
  );
  return r.rows;
}

/** What latest_observations holds, in the same shape and order. */
export async function latestPerSourceKept(db: Queryable): Promise<unknown[]> {
  const r = await db.query(`SELECT ${POINT_COLUMNS} FROM latest_observations o ORDER BY o.indicator_key, o.area_code, o.source`);
  return r.rows;
}
