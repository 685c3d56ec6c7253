/** SQL for discrepancies between sources declared to agree. */
import type { DiscrepancyV1 } from '../../shared/report';
import type { Queryable } from '../db/db';
import { isoText } from '../db/sql';

interface Row {
  indicator_key: string;
  area_code: string;
  ts: string;
  sources: string[];
  vals: number[];
  difference: number;
  allowed: number;
  opened_at: string;
  cleared_at: string | null;
  version: number;
}

const COLUMNS = `indicator_key, area_code, ${isoText('ts')} AS ts, sources, vals, difference, allowed,
  ${isoText('opened_at')} AS opened_at, CASE WHEN cleared_at IS NULL THEN NULL ELSE ${isoText('cleared_at')} END AS cleared_at,
  version::float8 AS version`;

export const toDiscrepancy = (r: Row): DiscrepancyV1 => ({
  indicator: r.indicator_key,
  area: r.area_code,
  ts: r.ts,
  values: r.sources.map((source, i) => ({ source, value: r.vals[i]! })),
  difference: r.difference,
  allowed: r.allowed,
  status: r.cleared_at ? 'cleared' : 'open',
  openedAt: r.opened_at,
  clearedAt: r.cleared_at,
  version: r.version,
});

/** The two sources' current values for each key (null where a source has not reported). */
export async function pairValues(
  tx: Queryable,
  indicator: string,
  sources: [string, string],
  keys: { area: string; ts: string }[],
): Promise<{ area: string; ts: string; a: number | null; b: number | null }[]> {
  const r = await tx.query<{ area_code: string; ts: string; a: number | null; b: number | null }>(
    `SELECT k.area_code, ${isoText('k.ts')} AS ts,
       (SELECT value FROM observations o WHERE o.indicator_key = $1 AND o.ts = k.ts AND o.area_code = k.area_code AND o.source = $4) AS a,
       (SELECT value FROM observations o WHERE o.indicator_key = $1 AND o.ts = k.ts AND o.area_code = k.area_code AND o.source = $5) AS b
     FROM unnest($2::text[], $3::timestamptz[]) AS k(area_code, ts)`,
    [indicator, keys.map((k) => k.area), keys.map((k) => k.ts), sources[0], sources[1]],
  );
  return r.rows.map((row) => ({ area: row.area_code, ts: row.ts, a: row.a, b: row.b }));
}

export async function currentFor(tx: Queryable, indicator: string, keys: { area: string; ts: string }[]): Promise<DiscrepancyV1[]> {
  const r = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM discrepancies d
     WHERE d.indicator_key = $1 AND (d.area_code, d.ts) IN (SELECT * FROM unnest($2::text[], $3::timestamptz[]))`,
    [indicator, keys.map((k) => k.area), keys.map((k) => k.ts)],
  );
  return r.rows.map(toDiscrepancy);
}

export async function openDiscrepancy(
  tx: Queryable,
  d: { indicator: string; area: string; ts: string; sources: string[]; vals: number[]; difference: number; allowed: number },
): Promise<DiscrepancyV1> {
  const r = await tx.query<Row>(
    `INSERT INTO discrepancies AS d (indicator_key, area_code, ts, sources, vals, difference, allowed, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, nextval('discrepancy_version'))
     ON CONFLICT (indicator_key, ts, area_code) DO UPDATE
       SET sources = EXCLUDED.sources, vals = EXCLUDED.vals, difference = EXCLUDED.difference, allowed = EXCLUDED.allowed,
           opened_at = CASE WHEN d.cleared_at IS NULL THEN d.opened_at ELSE now() END,
           cleared_at = NULL, version = EXCLUDED.version
     RETURNING ${COLUMNS}`,
    [d.indicator, d.area, d.ts, d.sources, d.vals, d.difference, d.allowed],
  );
  return toDiscrepancy(r.rows[0]!);
}

/** Marks agreement; the values that disagreed stay on the row as the record of what was wrong. */
export async function clearDiscrepancy(tx: Queryable, indicator: string, area: string, ts: string): Promise<DiscrepancyV1 | undefined> {
  const r = await tx.query<Row>(
    `UPDATE discrepancies SET cleared_at = now(), version = nextval('discrepancy_version')
     WHERE indicator_key = $1 AND area_code = $2 AND ts = $3 AND cleared_at IS NULL
     RETURNING ${COLUMNS}`,
    [indicator, area, ts],
  );
  return r.rows[0] ? toDiscrepancy(r.rows[0]) : undefined;
}

export async function listDiscrepancies(
  db: Queryable,
  f: { open: boolean; areas: string[] | null; indicators: string[] | null; limit: number },
): Promise<DiscrepancyV1[]> {
  const r = await db.query<Row>(
    `SELECT ${COLUMNS} FROM discrepancies
     WHERE ($1::boolean IS FALSE OR cleared_at IS NULL)
       AND ($2::text[] IS NULL OR area_code = ANY($2)) AND ($3::text[] IS NULL OR indicator_key = ANY($3))
     ORDER BY (cleared_at IS NULL) DESC, ts DESC, indicator_key, area_code
     LIMIT $4`,
    [f.open, f.areas, f.indicators, f.limit],
  );
  return r.rows.map(toDiscrepancy);
}
