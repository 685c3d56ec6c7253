/** SQL for the reporting console: first submissions, values, history, drafts. */
import type { RevisionV1 } from '../../shared/report';
import type { Queryable } from '../db/db';
import { isoText } from '../db/sql';


export interface PeriodFacts {
  indicator: string;
  area: string;
  ts: string;
  /** The resolved value for the period, if any. */
  value: number | null;
  /** When the unit first sent any value for it (its first revision). */
  firstReceivedAt: string | null;
}

/** For each (indicator, area, period): the shown value and when the unit first reported it. */
export async function periodFacts(db: Queryable, unit: string, keys: { indicator: string; area: string; ts: string }[]): Promise<PeriodFacts[]> {
  if (keys.length === 0) return [];
  const r = await db.query<{ indicator_key: string; area_code: string; ts: string; value: number | null; first_received: string | null }>(
    `SELECT k.indicator_key, k.area_code, ${isoText('k.ts')} AS ts,
       (SELECT o.value FROM observations o JOIN indicators i ON i.key = o.indicator_key
        WHERE o.indicator_key = k.indicator_key AND o.ts = k.ts AND o.area_code = k.area_code
        ORDER BY array_position(i.preferred_sources, o.source) NULLS LAST, o.version DESC LIMIT 1) AS value,
       (SELECT ${isoText('min(x.received_at)')} FROM (
          SELECT received_at FROM observations o
          WHERE o.indicator_key = k.indicator_key AND o.ts = k.ts AND o.area_code = k.area_code AND o.unit_code = $1
          UNION ALL
          SELECT received_at FROM observation_history h
          WHERE h.indicator_key = k.indicator_key AND h.area_code = k.area_code AND h.ts = k.ts AND h.unit_code = $1
        ) x) AS first_received
     FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS k(indicator_key, area_code, ts)`,
    [unit, keys.map((k) => k.indicator), keys.map((k) => k.area), keys.map((k) => k.ts)],
  );
  return r.rows.map((row) => ({ indicator: row.indicator_key, area: row.area_code, ts: row.ts, value: row.value, firstReceivedAt: row.first_received }));
}

/** A unit's revisions, newest first: the current rows and the superseded ones. */
export async function unitHistory(db: Queryable, unit: string, limit: number, before: string | null): Promise<RevisionV1[]> {
  const r = await db.query<{
    indicator_key: string; area_code: string; ts: string; source: string; value: number; revision: number;
    received_at: string; submitted_by: string | null; superseded: boolean;
  }>(
    `SELECT indicator_key, area_code, ${isoText('ts')} AS ts, source, value, revision, ${isoText('received_at')} AS received_at, submitted_by, superseded
     FROM (
       SELECT indicator_key, area_code, ts, source, value, revision, received_at, submitted_by, false AS superseded
       FROM observations WHERE unit_code = $1
       UNION ALL
       SELECT indicator_key, area_code, ts, source, value, revision, received_at, submitted_by, true
       FROM observation_history WHERE unit_code = $1
     ) x
     WHERE $3::timestamptz IS NULL OR received_at < $3
     ORDER BY received_at DESC, indicator_key, area_code, ts DESC, revision DESC
     LIMIT $2`,
    [unit, limit, before],
  );
  return r.rows.map((row) => ({
    indicator: row.indicator_key,
    area: row.area_code,
    ts: row.ts,
    source: row.source,
    value: row.value,
    revision: row.revision,
    receivedAt: row.received_at,
    submittedBy: row.submitted_by,
    superseded: row.superseded,
  }));
}

export async function readDraft(db: Queryable, unit: string): Promise<{ values: Record<string, string>; updatedAt: string; updatedBy: string } | undefined> {
  const r = await db.query<{ payload: { values: Record<string, string> }; updated_at: string; updated_by: string }>(
    `SELECT payload, ${isoText('updated_at')} AS updated_at, updated_by FROM report_drafts WHERE unit_code = $1`,
    [unit],
  );
  const row = r.rows[0];
  return row ? { values: row.payload.values, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
}

export async function writeDraft(db: Queryable, unit: string, values: Record<string, string>, by: string): Promise<void> {
  await db.query(
    `INSERT INTO report_drafts (unit_code, payload, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (unit_code) DO UPDATE SET payload = EXCLUDED.payload, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [unit, JSON.stringify({ values }), by],
  );
}

/** When CityOps began receiving figures: periods due before then cannot be judged on time or late. */
export async function inServiceSince(db: Queryable): Promise<Date> {
  const r = await db.query<{ since: Date }>(`SELECT min(applied_at) AS since FROM schema_migrations`);
  return new Date(r.rows[0]!.since);
}
