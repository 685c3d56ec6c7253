/**
 * Writing observations: one upsert per batch (unnest), then the parent areas' values recomputed from
 * their children, deepest level first, all in the caller's transaction.
 */
import { DERIVED_SOURCE } from '../../shared/catalog';
import type { PointV1 } from '../../shared/observations';
import type { Queryable } from '../db/db';
import { isoArray, isoText, numberArray, textArray } from '../db/sql';
import { toUtcIso } from '../../shared/time';

export interface WritePoint {
  indicator: string;
  area: string;
  source: string;
  ts: Date;
  value: number;
}

interface PointRow {
  indicator_key: string;
  area_code: string;
  source: string;
  ts: string;
  value: number;
  unit_code: string | null;
  received_at: string;
  revision: number;
  version: number;
  coverage: number | null;
}


export const POINT_COLUMNS = `o.indicator_key, o.area_code, o.source, ${isoText('o.ts')} AS ts, o.value, o.unit_code,
  ${isoText('o.received_at')} AS received_at, o.revision, o.version::float8 AS version, o.coverage`;

export function toPoint(r: PointRow): PointV1 {
  return {
    indicator: r.indicator_key,
    area: r.area_code,
    ts: r.ts,
    value: r.value,
    source: r.source,
    unit: r.unit_code,
    receivedAt: r.received_at,
    revision: r.revision,
    version: r.version,
    coverage: r.coverage,
  };
}

/** Who writes a batch, for the rows' provenance and the audit record. */
export interface BatchWriter {
  unit: string;
  actor: string;
  ip: string | null;
  channel: string;
}

/**
 * Versions come in a block per statement: the statement's number from the sequence times this, plus the
 * row's place in the statement (from 1). A later statement's versions are all above an earlier one's, and
 * a row's place can be read back from its version, so a statement need not return its rows' keys.
 */
export const VERSION_BLOCK = 16_384;
/** Rows per statement that writes observations: each needs its own place in the block. */
const MAX_ROWS_PER_STATEMENT = VERSION_BLOCK - 1;

/** How a batch is written. */
export interface WriteOptions {
  /** Some point has a parent its indicator aggregates to: queue the batch for recomputation. */
  queue: boolean;
  /**
   * Every point is believed new: a plain insert, cheaper than an upsert, which fails with unique_violation
   * (23505), writing nothing, if one is not. The caller then writes the batch again without it.
   */
  onlyNew?: boolean;
}

/*
 * The statements that write a batch. Parameters: $1–$5 the points' indicator, area, source, period and
 * value arrays, except that $1, $2 and $3 each hold one element alone when every point has it, as a batch
 * of one series does (unnest then pads it with nulls, and the queue row keeps it so: see `takeQueued`); $6
 * the unit; $7 the actor; $8 the IP; $9 the channel; $10 the number of points; $11 whether to queue the
 * batch for its parents' recomputation. Each answers the block's base version, the time received, how many
 * points were written, their versions when not all were, and the revision of revised ones.
 */
const BLOCK = `block AS MATERIALIZED (SELECT nextval('observation_version') * ${VERSION_BLOCK} AS base)`;
const INSERT_POINTS = `INSERT INTO observations AS o
    (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, submitted_by)
  SELECT coalesce(t.indicator_key, $1[1]), coalesce(t.area_code, $2[1]), coalesce(t.source, $3[1]), t.ts, t.value, $6, now(), 1,
    b.base + t.n, $7
  FROM block b,
    unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::float8[]) WITH ORDINALITY
      AS t(indicator_key, area_code, source, ts, value, n)`;
const auditBatch = (written: string, revisions: string) => `INSERT INTO audit_log (actor, action, target, outcome, ip, detail)
  SELECT $7, 'observations.submit', $6, 'ok', $8,
    jsonb_build_object('channel', $9::text, 'accepted', $10::int, 'written', ${written}, 'revisions', ${revisions})`;

/** Every point new: nothing to read back, the arrays as sent are the queue row. */
const INSERT_NEW_BATCH = `WITH ${BLOCK},
  inserted AS (${INSERT_POINTS}),
  queued AS (INSERT INTO derivation_queue (indicators, areas, periods) SELECT $1, $2, $4 WHERE $11),
  audited AS (${auditBatch('$10::int', '0')})
  SELECT base::float8 AS base, ${isoText('now()')} AS received_at, $10::int AS written, NULL AS versions, NULL AS revised
  FROM block`;

/** New points inserted, changed ones revised, equal ones left alone; what changed is queued. */
const UPSERT_BATCH = `WITH ${BLOCK},
  changed AS (
    ${INSERT_POINTS}
    ON CONFLICT (indicator_key, ts, area_code, source) DO UPDATE
      SET value = EXCLUDED.value, unit_code = EXCLUDED.unit_code, received_at = EXCLUDED.received_at,
          revision = o.revision + 1, version = EXCLUDED.version, submitted_by = EXCLUDED.submitted_by
      WHERE o.value IS DISTINCT FROM EXCLUDED.value
    RETURNING o.indicator_key, o.area_code, o.ts, o.revision, o.version
  ),
  queued AS (
    -- The points themselves when all changed (the arrays as sent), else those that did.
    INSERT INTO derivation_queue (indicators, areas, periods)
    SELECT $1, $2, $4 WHERE $11 AND (SELECT count(*) FROM changed) = $10
    UNION ALL
    SELECT array_agg(indicator_key), array_agg(area_code), array_agg(ts) FROM changed
    WHERE $11 AND (SELECT count(*) FROM changed) < $10
    HAVING count(*) > 0
  ),
  audited AS (${auditBatch('count(*)', 'count(*) FILTER (WHERE revision > 1)')} FROM changed)
  SELECT (SELECT base FROM block)::float8 AS base, ${isoText('now()')} AS received_at, count(*)::int AS written,
    CASE WHEN count(*) < $10 THEN array_agg(version)::text END AS versions,
    json_agg(json_build_array(version, revision)) FILTER (WHERE revision > 1)::text AS revised
  FROM changed`;

/**
 * Inserts new values and revises changed ones; a point equal to what is stored changes nothing.
 * Returns the rows that changed. The history trigger keeps every superseded revision.
 *
 * The same statement queues what changed for its parents to be recomputed (one queue row per batch) and
 * writes the batch's audit record: all three commit together or not at all, even outside a transaction.
 *
 * What changed comes back as a count, the versions only when some points were unchanged, and the
 * revision only of revised rows: the rest of each point is what was sent, and the version says which.
 */
export async function upsertObservations(q: Queryable, writer: BatchWriter, points: WritePoint[], options: WriteOptions): Promise<PointV1[]> {
  if (points.length > MAX_ROWS_PER_STATEMENT) throw new Error(`at most ${MAX_ROWS_PER_STATEMENT} points per statement`);
  if (points.length === 0) return [];
  const isoTimes = points.map((p) => toUtcIso(p.ts.getTime()));
  const first = points[0]!;
  /** The values of one field, or that value alone when every point has it. */
  const column = (key: 'indicator' | 'area' | 'source') =>
    textArray(points.every((p) => p[key] === first[key]) ? [first[key]] : points.map((p) => p[key]));
  const r = await q.query<{ base: number; received_at: string; written: number; versions: string | null; revised: string | null }>(
    options.onlyNew ? INSERT_NEW_BATCH : UPSERT_BATCH,
    [
      column('indicator'),
      column('area'),
      column('source'),
      isoArray(isoTimes),
      numberArray(points.map((p) => p.value)),
      writer.unit,
      writer.actor,
      writer.ip,
      writer.channel,
      points.length,
      options.queue,
    ],
    { prepare: true },
  );
  const { base, received_at: receivedAt, written, versions, revised } = r.rows[0]!;
  if (written === 0) return [];
  const changed = written === points.length ? points.map((_, i) => base + i + 1) : versions!.slice(1, -1).split(',').map(Number);
  const revisions = new Map((JSON.parse(revised ?? '[]') as [number, number][]).map(([version, revision]) => [version, revision]));
  return changed.map((version) => {
    const i = version - base - 1;
    const p = points[i]!;
    return { indicator: p.indicator, area: p.area, ts: isoTimes[i]!, value: p.value, source: p.source, unit: writer.unit, receivedAt, revision: revisions.get(version) ?? 1, version, coverage: null };
  });
}

/** How much one pass takes from the queue: at most this many batches… */
export interface TakeLimit {
  batches: number;
  /** …and points, though always at least one batch whatever its size. */
  points: number;
}

/**
 * Under load, the batches of the last moments are left queued ("waiting"), and so are the parents they name:
 * a parent that districts are reporting right now is recomputed once, when they all have, rather than once
 * per pass that happens to fall among their reports.
 */
export interface Settle {
  /** Batches queued less than this long ago (ms) wait; 0 takes them all. */
  ms: number;
  /** Parents recomputed now even if a waiting batch names them: those the last pass left, so none waits twice. */
  force: DeriveTarget[];
}

/**
 * Takes queued batches, oldest first, up to `limit`, and returns the parents to recompute (one level up, for
 * indicators that aggregate) without duplicates, and whether batches were left behind for the next pass;
 * rows another instance is taking are skipped, not waited for. With `settle`, batches queued in its last
 * moments are not taken (`waiting` counts them), and parents they name are not recomputed (`deferred`) unless
 * forced: they will be when those batches are taken.
 */
export async function takeQueued(
  tx: Queryable,
  limit: TakeLimit,
  settle: Settle = { ms: 0, force: [] },
): Promise<{ batches: number; more: boolean; waiting: number; targets: DeriveTarget[]; deferred: DeriveTarget[] }> {
  // One row of arrays, periods as epoch ms: thousands of small rows cost more to hand over than to find.
  // Batches are cut by their points, not only their count: a pass stays one short transaction whether its
  // batches hold one point or ten thousand. Candidates left out stay locked until the pass ends, so another
  // instance's pass skips them too; the next pass here takes them.
  const r = await tx.query<{
    batches: number;
    more: boolean;
    waiting: number;
    targets: [string[], string[], number[]] | null;
    deferred: [string[], string[], number[]] | null;
  }>(
    `WITH candidate AS MATERIALIZED (
       -- With no settling, even a batch queued after this pass began is taken.
       SELECT id, cardinality(periods) AS points, $3 > 0 AND queued_at > now() - $3 * interval '1 millisecond' AS young
       FROM derivation_queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     ),
     chosen AS MATERIALIZED (
       SELECT id FROM (SELECT id, sum(points) OVER (ORDER BY id) - points AS before FROM candidate WHERE NOT young) c
       WHERE before < $2
     ),
     taken AS (
       DELETE FROM derivation_queue WHERE id IN (SELECT id FROM chosen)
       RETURNING indicators, areas, periods
     ),
     batch AS (
       SELECT false AS young, indicators, areas, periods FROM taken
       UNION ALL
       SELECT true, q.indicators, q.areas, q.periods FROM derivation_queue q WHERE q.id IN (SELECT id FROM candidate WHERE young)
     ),
     named AS (
       -- A batch of one series (its indicator and area queued once: see upsertObservations) has its parent
       -- looked up once, not once per point; and the districts of a province mostly report the same
       -- periods, so batches naming the same parent and periods are unnested once.
       SELECT p.ts, s.indicator_key, s.area_code, s.young
       FROM (
         SELECT DISTINCT i.key AS indicator_key, a.parent_code AS area_code, b.periods, b.young
         FROM batch b
         JOIN areas a ON a.code = b.areas[1] AND a.parent_code IS NOT NULL
         JOIN indicators i ON i.key = b.indicators[1] AND i.spatial <> 'none'
         WHERE cardinality(b.indicators) = 1 AND cardinality(b.areas) = 1
       ) s CROSS JOIN LATERAL unnest(s.periods) AS p(ts)
       UNION ALL
       SELECT p.ts, i.key, a.parent_code, b.young
       FROM batch b CROSS JOIN LATERAL unnest(b.indicators, b.areas, b.periods) AS p(indicator_key, area_code, ts)
       -- An indicator or area that every point has is queued once.
       JOIN areas a ON a.code = coalesce(p.area_code, b.areas[1]) AND a.parent_code IS NOT NULL
       JOIN indicators i ON i.key = coalesce(p.indicator_key, b.indicators[1]) AND i.spatial <> 'none'
       WHERE cardinality(b.indicators) > 1 OR cardinality(b.areas) > 1
     ),
     target AS (
       -- Periods first: they tell most targets apart, so the sort seldom compares the text that follows.
       SELECT n.ts, n.indicator_key, n.area_code,
         bool_or(n.young) AND (n.indicator_key, n.area_code, n.ts) NOT IN (
           SELECT * FROM unnest($4::text[], $5::text[], $6::timestamptz[])
         ) AS deferred
       FROM named n
       GROUP BY n.ts, n.indicator_key, n.area_code
       HAVING bool_or(NOT n.young)
     )
     SELECT (SELECT count(*) FROM chosen)::int AS batches,
       (SELECT count(*) FROM chosen) < (SELECT count(*) FROM candidate WHERE NOT young)
         OR ((SELECT count(*) FROM candidate) = $1 AND NOT EXISTS (SELECT FROM candidate WHERE young)) AS more,
       (SELECT count(*) FROM candidate WHERE young)::int AS waiting,
       (SELECT json_build_array(array_agg(indicator_key), array_agg(area_code), array_agg(round(extract(epoch FROM ts) * 1000)))
        FROM target WHERE NOT deferred HAVING count(*) > 0) AS targets,
       (SELECT json_build_array(array_agg(indicator_key), array_agg(area_code), array_agg(round(extract(epoch FROM ts) * 1000)))
        FROM target WHERE deferred HAVING count(*) > 0) AS deferred`,
    [
      limit.batches,
      limit.points,
      settle.ms,
      settle.force.map((t) => t.indicator),
      settle.force.map((t) => t.area),
      settle.force.map((t) => t.ts),
    ],
  );
  const { batches, more, waiting, targets, deferred } = r.rows[0]!;
  const list = (arrays: [string[], string[], number[]] | null): DeriveTarget[] =>
    arrays ? arrays[0].map((indicator, i) => ({ indicator, area: arrays[1][i]!, ts: new Date(arrays[2][i]!).toISOString() })) : [];
  return { batches, more, waiting, targets: list(targets), deferred: list(deferred) };
}

export interface DeriveTarget {
  indicator: string;
  area: string;
  ts: string;
}

/**
 * Recomputes each target (indicator, parent area, period) from the children's values for the same period,
 * by the indicator's spatial rule. Among several sources for a child, the preferred one wins, else the
 * latest written. Lookups are written as probes of the primary key so that they stay index scans whatever
 * the planner's statistics say (PGlite has no autovacuum to keep them fresh). Returns the derived values
 * that changed.
 */
export async function deriveParents(tx: Queryable, targets: DeriveTarget[], options: { lock: boolean } = { lock: true }): Promise<PointV1[]> {
  if (targets.length === 0) return [];
  if (options.lock) await lockParents(tx, targets);
  const out: PointV1[] = [];
  for (let i = 0; i < targets.length; i += MAX_ROWS_PER_STATEMENT) out.push(...(await deriveChunk(tx, targets.slice(i, i + MAX_ROWS_PER_STATEMENT))));
  return out;
}

/**
 * Two passes (on two instances) over the same parent must not each compute it from a view that lacks the
 * other's children: one waits for the other, then reads after its commit. One lock per (indicator, parent),
 * held until the transaction ends and taken in a fixed order; a parent already locked is locked again at no
 * cost.
 */
export async function lockParents(tx: Queryable, parents: { indicator: string; area: string }[]): Promise<void> {
  const series = [...new Set(parents.map((t) => `${t.indicator}|${t.area}`))].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS s(k, n) ORDER BY n`,
    [series],
  );
}

/**
 * Targets of one indicator and parent closer in time than this many of the indicator's periods are read as
 * one range of the primary key: a range costs a little per row in it, a target on its own a descent of the
 * index and a small sort, so a run of consecutive hours (a district's day, a backlog after an outage) is
 * cheaper read whole, and the rows of the few periods between its targets cost less than extra descents.
 */
const RUN_GAP_PERIODS = 4;
/** …and at most this many targets per range, so that each range's rows sort in memory. */
const RUN_TARGETS = 1024;
/** A frequency's name is its length as an ISO 8601 duration, which PostgreSQL reads as it is (see `periodDuration`). */
const MAX_GAP = `(i.def->>'frequency')::interval * ${RUN_GAP_PERIODS}`;

/** One statement of `deriveParents`: what changed comes back as [version, value, revision, coverage], the version saying which target. */
async function deriveChunk(tx: Queryable, targets: DeriveTarget[]): Promise<PointV1[]> {
  const r = await tx.query<{ base: number; received_at: string; derived: string | null }>(
    `WITH ${BLOCK},
     target AS MATERIALIZED (
       SELECT t.indicator_key, t.parent_code, t.ts, t.n, i.spatial, i.weight_key, i.preferred_sources, k.children,
         ${MAX_GAP} AS max_gap
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS t(indicator_key, parent_code, ts, n)
       JOIN indicators i ON i.key = t.indicator_key
       JOIN (SELECT parent_code, array_agg(code) AS children FROM areas GROUP BY parent_code) k ON k.parent_code = t.parent_code
     ),
     run AS (
       -- Each (indicator, parent)'s targets in time order, a new run at a gap longer than max_gap or every
       -- RUN_TARGETS targets; a run is read as one range [lo, hi].
       SELECT indicator_key, parent_code, spatial, weight_key, preferred_sources, children, min(ts) AS lo, max(ts) AS hi
       FROM (
         SELECT *, sum(starts) OVER (PARTITION BY indicator_key, parent_code ORDER BY ts) AS run
         FROM (
           SELECT *, CASE WHEN coalesce(ts - lag(ts) OVER w > max_gap, true) OR (row_number() OVER w - 1) % ${RUN_TARGETS} = 0
             THEN 1 ELSE 0 END AS starts
           FROM target
           WINDOW w AS (PARTITION BY indicator_key, parent_code ORDER BY ts)
         ) s
       ) r
       GROUP BY indicator_key, parent_code, run, spatial, weight_key, preferred_sources, children
     ),
     agg AS MATERIALIZED (
       -- Each run on its own: one range of the primary key (every area's rows for the indicator in those
       -- periods), the parent's children kept, each child's preferred source or else its latest written,
       -- then the rule per period. Kept inside the lateral, the plan stays one range scan and sorts of a
       -- few rows per period whatever the statistics say (PGlite has no autovacuum to keep them fresh).
       SELECT r.indicator_key, r.parent_code, v.ts, v.value, v.coverage
       FROM run r
       CROSS JOIN LATERAL (
         SELECT c.ts,
           CASE r.spatial
             WHEN 'sum' THEN sum(c.value)
             WHEN 'mean' THEN avg(c.value)
             WHEN 'min' THEN min(c.value)
             WHEN 'max' THEN max(c.value)
             WHEN 'weighted-mean' THEN
               sum(c.value * c.weight) FILTER (WHERE c.weight > 0) / nullif(sum(c.weight) FILTER (WHERE c.weight > 0), 0)
           END AS value,
           (CASE WHEN r.spatial = 'weighted-mean' THEN count(*) FILTER (WHERE c.weight > 0) ELSE count(*) END)::int AS coverage
         FROM (
           SELECT DISTINCT ON (o.ts, o.area_code COLLATE "C") o.ts, o.value,
             -- The weight: the weighting indicator's latest value for the child at or before the period.
             CASE WHEN r.weight_key IS NULL THEN NULL ELSE (
               SELECT x.value FROM observations x JOIN indicators xi ON xi.key = x.indicator_key
               WHERE x.indicator_key = r.weight_key AND x.area_code = o.area_code AND x.ts <= o.ts
               ORDER BY x.ts DESC, array_position(xi.preferred_sources, x.source) NULLS LAST, x.version DESC
               LIMIT 1
             ) END AS weight
           -- OFFSET 0: the children are kept after the range scan, not made into one probe each.
           FROM (
             SELECT o.ts, o.area_code, o.source, o.value, o.version FROM observations o
             WHERE o.indicator_key = r.indicator_key AND o.ts BETWEEN r.lo AND r.hi
             OFFSET 0
           ) o
           WHERE o.area_code = ANY (r.children)
           ORDER BY o.ts, o.area_code COLLATE "C", array_position(r.preferred_sources, o.source) NULLS LAST, o.version DESC
         ) c
         GROUP BY c.ts
       ) v
     ),
     derived AS (
       INSERT INTO observations AS o
         (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage)
       SELECT t.indicator_key, t.parent_code, '${DERIVED_SOURCE}', t.ts, a.value, NULL, now(), 1, b.base + t.n, a.coverage
       FROM target t
       JOIN agg a ON a.indicator_key = t.indicator_key AND a.parent_code = t.parent_code AND a.ts = t.ts
       CROSS JOIN block b
       WHERE a.value IS NOT NULL
       ON CONFLICT (indicator_key, ts, area_code, source) DO UPDATE
         SET value = EXCLUDED.value, coverage = EXCLUDED.coverage, received_at = EXCLUDED.received_at,
             revision = o.revision + 1, version = EXCLUDED.version
         WHERE o.value IS DISTINCT FROM EXCLUDED.value OR o.coverage IS DISTINCT FROM EXCLUDED.coverage
       RETURNING o.version, o.value, o.revision, o.coverage
     )
     SELECT (SELECT base FROM block)::float8 AS base, ${isoText('now()')} AS received_at,
       json_agg(json_build_array(version, value, revision, coverage))::text AS derived
     FROM derived`,
    [targets.map((t) => t.indicator), targets.map((t) => t.area), targets.map((t) => t.ts)],
  );
  const { base, received_at: receivedAt, derived } = r.rows[0]!;
  if (derived === null) return [];
  return (JSON.parse(derived) as [number, number, number, number][]).map(([version, value, revision, coverage]) => {
    const t = targets[version - base - 1]!;
    return { indicator: t.indicator, area: t.area, ts: t.ts, value, source: DERIVED_SOURCE, unit: null, receivedAt, revision, version, coverage };
  });
}

/**
 * The value the screens show for each (indicator, area, period): the preferred source present, else the
 * most recently written one.
 */
export async function resolvePoints(tx: Queryable, keys: { indicator: string; area: string; ts: string }[]): Promise<PointV1[]> {
  if (keys.length === 0) return [];
  const r = await tx.query<PointRow>(
    `SELECT ${POINT_COLUMNS}
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS k(indicator_key, area_code, ts)
     JOIN indicators i ON i.key = k.indicator_key
     CROSS JOIN LATERAL (
       SELECT * FROM observations x
       WHERE x.indicator_key = k.indicator_key AND x.area_code = k.area_code AND x.ts = k.ts
       ORDER BY array_position(i.preferred_sources, x.source) NULLS LAST, x.version DESC
       LIMIT 1
     ) o`,
    [keys.map((k) => k.indicator), keys.map((k) => k.area), keys.map((k) => k.ts)],
  );
  return r.rows.map(toPoint);
}
