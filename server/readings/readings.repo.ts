/** Reading values back: the latest per series, and time buckets in local time. */
import type { PointV1 } from '../../shared/observations';
import type { SeriesBucketV1 } from '../../shared/api';
import { TIME_ZONE, type Bucket } from '../../shared/time';
import type { TemporalAggregation } from '../../shared/catalog';
import type { Queryable } from '../db/db';
import { isoText } from '../db/sql';

/**
 * The latest period's resolved value for each requested (indicator, area): the latest period among its
 * sources, within it the preferred source, else the most recently written. Read from each source's latest
 * period (latest_observations, kept by triggers as observations are written): a few rows per series. The
 * points come back as one JSON text, in the order asked: on PGlite each row handed over costs more than the
 * query itself.
 */
export async function latestPoints(db: Queryable, series: ReadonlyArray<{ indicator: string; area: string }>): Promise<PointV1[]> {
  const r = await db.query<{ points: string | null }>(
    `SELECT json_agg(json_build_object(
       'indicator', o.indicator_key, 'area', o.area_code, 'ts', ${isoText('o.ts')}, 'value', o.value, 'source', o.source,
       'unit', o.unit_code, 'receivedAt', ${isoText('o.received_at')}, 'revision', o.revision, 'version', o.version::float8,
       'coverage', o.coverage) ORDER BY s.n)::text AS points
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(indicator_key, area_code, n)
     JOIN indicators i ON i.key = s.indicator_key
     CROSS JOIN LATERAL (
       SELECT * FROM latest_observations x
       WHERE x.indicator_key = s.indicator_key AND x.area_code = s.area_code
       ORDER BY x.ts DESC, array_position(i.preferred_sources, x.source) NULLS LAST, x.version DESC
       LIMIT 1
     ) o`,
    [series.map((s) => s.indicator), series.map((s) => s.area)],
    { prepare: true },
  );
  return JSON.parse(r.rows[0]?.points ?? '[]') as PointV1[];
}

export interface SeriesQuery {
  indicator: string;
  area: string;
  bucket: Bucket;
  from: Date;
  to: Date;
  temporal: TemporalAggregation;
  preferredSources: string[];
}

const CONTINUOUS_AGGREGATE: Record<Bucket, string> = {
  hour: 'observations_hourly',
  day: 'observations_daily',
  month: 'observations_monthly',
};

/**
 * One row per bucket. Within a bucket each source is aggregated on its own, then one source is chosen
 * (preferred, else the most recently written) — the same rule on both paths, so TimescaleDB's continuous
 * aggregates and plain PostgreSQL give the same answer.
 *
 * On TimescaleDB a rollup row is read only for a bucket where the rollup is known to hold what the raw
 * rows hold (migration 009, `cityops_rollup_unsettled`); every other bucket in the range (above the
 * watermark, changed since the last refresh, dropped by retention) is aggregated from raw rows here.
 */
export async function seriesBuckets(db: Queryable, q: SeriesQuery, timescale: boolean): Promise<SeriesBucketV1[]> {
  const rawPerSource = (range: string) => `SELECT source,
              date_trunc($7, ts AT TIME ZONE '${TIME_ZONE}') AT TIME ZONE '${TIME_ZONE}' AS bucket,
              sum(value) AS total, count(*) AS n, min(value) AS low, max(value) AS high,
              (array_agg(value ORDER BY ts DESC))[1] AS latest, max(version) AS max_version
       FROM observations
       WHERE indicator_key = $1 AND area_code = $2 AND ${range}
       GROUP BY source, 2`;
  // Unsettled ranges widened to whole local buckets and cut to the request; disjoint, so no raw row is
  // counted twice. An unbounded end (NULL) stays unbounded through date_trunc.
  const perSource = timescale
    ? `SELECT source, bucket, total, n, low, high, latest, max_version
       FROM ${CONTINUOUS_AGGREGATE[q.bucket]}, unsettled
       WHERE indicator_key = $1 AND area_code = $2 AND bucket >= $3 AND bucket < $4 AND NOT unsettled.m @> bucket
       UNION ALL
       SELECT raw.* FROM unsettled, unnest(unsettled.m) AS u(r)
       CROSS JOIN LATERAL (${rawPerSource('ts >= lower(u.r) AND ts < upper(u.r)')}) raw`
    : rawPerSource('ts >= $3 AND ts < $4');
  const unsettled = timescale
    ? `unsettled AS MATERIALIZED (
         SELECT coalesce(range_agg(tstzrange(
                  date_trunc($7, lower(r) AT TIME ZONE '${TIME_ZONE}') AT TIME ZONE '${TIME_ZONE}',
                  (date_trunc($7, upper(r) AT TIME ZONE '${TIME_ZONE}') + ('1 ' || $7)::interval) AT TIME ZONE '${TIME_ZONE}'))
                * tstzmultirange(tstzrange($3::timestamptz, $4::timestamptz)), '{}') AS m
         FROM unnest(cityops_rollup_unsettled('${CONTINUOUS_AGGREGATE[q.bucket]}'::regclass)) AS r
       ), `
    : '';
  const r = await db.query<{ start: Date; source: string; n: number; value: number }>(
    `WITH ${unsettled}per_source AS (${perSource})
     SELECT DISTINCT ON (bucket) bucket AS start, source, n::int AS n,
       CASE $5::text
         WHEN 'sum' THEN total
         WHEN 'mean' THEN total / n
         WHEN 'min' THEN low
         WHEN 'max' THEN high
         ELSE latest
       END AS value
     FROM per_source
     ORDER BY bucket, array_position($6::text[], source) NULLS LAST, max_version DESC`,
    [
      q.indicator,
      q.area,
      q.from.toISOString(),
      q.to.toISOString(),
      q.temporal,
      q.preferredSources,
      // The bucket names a date_trunc unit.
      q.bucket,
    ],
  );
  return r.rows.map((row) => ({
    start: new Date(row.start).toISOString(),
    value: row.value,
    count: row.n,
    source: row.source,
  }));
}
