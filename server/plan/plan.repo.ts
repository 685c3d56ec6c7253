/** SQL for the plan: targets, roadmap tasks and notes, and the figures the composite index reads. */
import type { Plan, PeriodKind, RoadmapTask, TaskStatus } from '../../shared/plan';
import { periodEndOf, periodStartOf } from '../../shared/plan';
import { fromLocal } from '../../shared/time';
import type { Db, Queryable } from '../db/db';

export interface TargetRow {
  indicator_key: string;
  area_code: string;
  period_kind: PeriodKind;
  period: string;
  period_start: Date | string;
  period_end: Date | string;
  value: number;
  origin: 'pack' | 'admin';
  updated_at: Date | string;
  updated_by: string | null;
}

const TARGET_COLUMNS = 'indicator_key, area_code, period_kind, period, period_start, period_end, value, origin, updated_at, updated_by';

/** Local midnight starting a "YYYY-MM-DD" day. */
export function localDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fromLocal(y, m, d);
}

/**
 * Loads the pack's plan over the previous one, in one transaction. The pack's targets and task statuses
 * replace the pack's earlier ones; an administrator's targets, statuses and notes stay. A task gone from
 * the pack goes too, unless an administrator worked on it.
 */
export async function syncPackPlan(db: Db, plan: Plan | undefined): Promise<void> {
  const targets = plan?.targets ?? [];
  const tasks = plan?.roadmap?.tasks ?? [];
  await db.transaction(async (tx) => {
    // Instances starting together load the same pack; one at a time keeps the upserts from deadlocking.
    await tx.query('SELECT pg_advisory_xact_lock(72657005)');
    await tx.query(
      `DELETE FROM plan_targets p WHERE p.origin = 'pack' AND NOT EXISTS (
         SELECT 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(i, a, k, per)
         WHERE t.i = p.indicator_key AND t.a = p.area_code AND t.k = p.period_kind AND t.per = p.period)`,
      [targets.map((t) => t.indicator), targets.map((t) => t.area), targets.map((t) => t.kind), targets.map((t) => t.period)],
    );
    await tx.query(
      `INSERT INTO plan_targets AS p (indicator_key, area_code, period_kind, period, period_start, period_end, value, origin)
       SELECT *, 'pack' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::float8[])
       ON CONFLICT (indicator_key, area_code, period_kind, period) DO UPDATE
         SET value = EXCLUDED.value, period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, updated_at = now()
         WHERE p.origin = 'pack' AND p.value IS DISTINCT FROM EXCLUDED.value`,
      [
        targets.map((t) => t.indicator),
        targets.map((t) => t.area),
        targets.map((t) => t.kind),
        targets.map((t) => t.period),
        targets.map((t) => periodStartOf(t.kind, t.period)!.toISOString()),
        targets.map((t) => periodEndOf(t.kind, t.period)!.toISOString()),
        targets.map((t) => t.value),
      ],
    );

    const ids = tasks.map((t) => t.id);
    await tx.query(
      `DELETE FROM plan_tasks t WHERE NOT (t.id = ANY($1::text[])) AND t.status_origin = 'pack'
         AND NOT EXISTS (SELECT 1 FROM plan_task_notes n WHERE n.task_id = t.id AND n.origin = 'admin')`,
      [ids],
    );
    await tx.query(
      `INSERT INTO plan_tasks AS t (id, def, due, status, status_origin)
       SELECT id, def, due, status, 'pack' FROM unnest($1::text[], $2::jsonb[], $3::date[], $4::text[]) AS x(id, def, due, status)
       ON CONFLICT (id) DO UPDATE SET def = EXCLUDED.def, due = EXCLUDED.due,
         status = CASE WHEN t.status_origin = 'pack' THEN EXCLUDED.status ELSE t.status END`,
      [ids, tasks.map((t) => JSON.stringify(taskDef(t))), tasks.map((t) => t.due), tasks.map((t) => t.status)],
    );
    await tx.query(`DELETE FROM plan_task_notes WHERE origin = 'pack'`);
    const notes = tasks.flatMap((t) => t.notes.map((n) => ({ task: t.id, at: localDay(n.at), text: n.text })));
    await tx.query(
      `INSERT INTO plan_task_notes (task_id, at, text, origin)
       SELECT task_id, at, text, 'pack' FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS x(task_id, at, text)`,
      [notes.map((n) => n.task), notes.map((n) => n.at.toISOString()), notes.map((n) => n.text)],
    );
  });
}

export type TaskDef = Pick<RoadmapTask, 'title' | 'theme' | 'unit' | 'indicators'>;
const taskDef = (t: RoadmapTask): TaskDef => ({ title: t.title, theme: t.theme, unit: t.unit, indicators: t.indicators });

export interface TargetFilter {
  indicator?: string;
  area?: string;
  kind?: PeriodKind;
}

export async function listTargets(db: Queryable, f: TargetFilter = {}): Promise<TargetRow[]> {
  const r = await db.query<TargetRow>(
    `SELECT ${TARGET_COLUMNS} FROM plan_targets
     WHERE ($1::text IS NULL OR indicator_key = $1) AND ($2::text IS NULL OR area_code = $2) AND ($3::text IS NULL OR period_kind = $3)
     ORDER BY indicator_key, area_code, period_start, period_kind`,
    [f.indicator ?? null, f.area ?? null, f.kind ?? null],
  );
  return r.rows;
}

export interface TargetKey {
  indicator: string;
  area: string;
  kind: PeriodKind;
  period: string;
}

/** The row, locked until the transaction ends so that two edits of one target apply one after the other. */
export async function lockTarget(tx: Queryable, k: TargetKey): Promise<TargetRow | undefined> {
  const r = await tx.query<TargetRow>(
    `SELECT ${TARGET_COLUMNS} FROM plan_targets
     WHERE indicator_key = $1 AND area_code = $2 AND period_kind = $3 AND period = $4 FOR UPDATE`,
    [k.indicator, k.area, k.kind, k.period],
  );
  return r.rows[0];
}

/** Writes a target with its origin; returns the stored row. */
export async function writeTarget(
  tx: Queryable,
  k: TargetKey,
  value: number,
  origin: 'pack' | 'admin',
  by: string | null,
): Promise<TargetRow> {
  const r = await tx.query<TargetRow>(
    `INSERT INTO plan_targets AS p (indicator_key, area_code, period_kind, period, period_start, period_end, value, origin, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (indicator_key, area_code, period_kind, period) DO UPDATE
       SET value = EXCLUDED.value, origin = EXCLUDED.origin, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING ${TARGET_COLUMNS}`,
    [k.indicator, k.area, k.kind, k.period, periodStartOf(k.kind, k.period)!.toISOString(), periodEndOf(k.kind, k.period)!.toISOString(), value, origin, by],
  );
  return r.rows[0]!;
}

export async function deleteTarget(tx: Queryable, k: TargetKey): Promise<void> {
  await tx.query(`DELETE FROM plan_targets WHERE indicator_key = $1 AND area_code = $2 AND period_kind = $3 AND period = $4`, [
    k.indicator,
    k.area,
    k.kind,
    k.period,
  ]);
}

export interface TaskRow {
  id: string;
  def: TaskDef;
  due: string;
  status: TaskStatus;
  status_origin: 'pack' | 'admin';
  updated_at: Date | string;
  updated_by: string | null;
}

export interface NoteRow {
  task_id: string;
  at: Date | string;
  text: string;
  origin: 'pack' | 'admin';
  author: string | null;
}

const TASK_COLUMNS = 'id, def, due::text AS due, status, status_origin, updated_at, updated_by';

export async function listTasks(db: Queryable): Promise<{ tasks: TaskRow[]; notes: NoteRow[] }> {
  const tasks = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM plan_tasks ORDER BY due, id`);
  const notes = await db.query<NoteRow>(`SELECT task_id, at, text, origin, author FROM plan_task_notes ORDER BY task_id, at, id`);
  return { tasks: tasks.rows, notes: notes.rows };
}

export async function lockTask(tx: Queryable, id: string): Promise<TaskRow | undefined> {
  const r = await tx.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM plan_tasks WHERE id = $1 FOR UPDATE`, [id]);
  return r.rows[0];
}

export async function setTaskStatus(tx: Queryable, id: string, status: TaskStatus, by: string | null): Promise<void> {
  await tx.query(`UPDATE plan_tasks SET status = $2, status_origin = 'admin', updated_at = now(), updated_by = $3 WHERE id = $1`, [id, status, by]);
}

export async function addTaskNote(tx: Queryable, id: string, text: string, by: string | null): Promise<void> {
  await tx.query(`INSERT INTO plan_task_notes (task_id, at, text, origin, author) VALUES ($1, now(), $2, 'admin', $3)`, [id, text, by]);
  await tx.query(`UPDATE plan_tasks SET updated_at = now(), updated_by = $2 WHERE id = $1`, [id, by]);
}

export interface ValueQuery {
  indicator: string;
  area: string;
  /** The figure's period must start in [from, to). */
  from: Date;
  to: Date;
}

export interface PeriodValue {
  indicator: string;
  area: string;
  ts: string;
  value: number;
}

/**
 * The latest figure of each (indicator, area) whose period starts in [from, to): within that period the
 * preferred source, else the most recently written — the rule of the snapshot. One probe of the series
 * index per pair, whatever the planner's statistics say (PGlite has no autovacuum to keep them fresh).
 */
export async function valuesIn(db: Queryable, queries: readonly ValueQuery[]): Promise<PeriodValue[]> {
  if (queries.length === 0) return [];
  const r = await db.query<{ indicator_key: string; area_code: string; ts: Date | string; value: number }>(
    `SELECT q.indicator_key, q.area_code, o.ts, o.value
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS q(indicator_key, area_code, lo, hi)
     JOIN indicators i ON i.key = q.indicator_key
     CROSS JOIN LATERAL (
       SELECT x.ts, x.value FROM observations x
       WHERE x.indicator_key = q.indicator_key AND x.area_code = q.area_code AND x.ts >= q.lo AND x.ts < q.hi
       ORDER BY x.ts DESC, array_position(i.preferred_sources, x.source) NULLS LAST, x.version DESC
       LIMIT 1
     ) o`,
    [
      queries.map((q) => q.indicator),
      queries.map((q) => q.area),
      queries.map((q) => q.from.toISOString()),
      queries.map((q) => q.to.toISOString()),
    ],
  );
  return r.rows.map((row) => ({ indicator: row.indicator_key, area: row.area_code, ts: new Date(row.ts).toISOString(), value: row.value }));
}
