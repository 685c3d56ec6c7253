/**
 * The plan's rules over its storage: targets as the API shows them, the roadmap with overdue tasks first,
 * an administrator's edits, and the composite index per month.
 */
import type { Logger } from 'pino';
import type { Indicator } from '../../shared/catalog';
import {
  comparisonOf,
  periodEndOf,
  periodStartOf,
  plausibleTarget,
  targetFor,
  type AreaScoreV1,
  type IndexConfig,
  type IndexResultV1,
  type PlanChangeV1,
  type PutTargetV1,
  type PutTaskV1,
  type RoadmapV1,
  type TargetV1,
  type TaskV1,
  type WhyV1,
} from '../../shared/plan';
import { nextPeriod, periodStart, previousPeriod } from '../../shared/time';
import type { Catalog } from '../catalog/catalog';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { decompose, rankScores, scoreArea, type IndicatorInput } from './index.service';
import {
  addTaskNote,
  deleteTarget,
  listTargets,
  listTasks,
  localDay,
  lockTarget,
  lockTask,
  setTaskStatus,
  syncPackPlan,
  valuesIn,
  writeTarget,
  type TargetFilter,
  type TargetRow,
} from './plan.repo';

export interface PlanServiceDeps {
  db: Db;
  catalog: Catalog;
  log?: Logger;
  now?: () => Date;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export class PlanService {
  /** Resolves once the pack's plan is in the database; rejects (and every request says so) if it could not be. */
  readonly ready: Promise<void>;
  private readonly now: () => Date;

  constructor(private readonly deps: PlanServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.ready = syncPackPlan(deps.db, deps.catalog.pack.plan);
    this.ready.catch((err: unknown) => deps.log?.error({ err }, 'the plan in the region pack could not be loaded'));
  }

  get indexes(): readonly IndexConfig[] {
    return this.deps.catalog.pack.plan?.indexes ?? [];
  }

  /** The root and its districts (or communes): the areas targets and the index are about. */
  get areas(): string[] {
    const { catalog } = this.deps;
    return [catalog.root, ...catalog.childrenOf(catalog.root).filter((c) => catalog.areas.get(c)?.kind !== 'station')];
  }

  private toTarget(row: TargetRow, indicator: Indicator): TargetV1 {
    return {
      indicator: row.indicator_key,
      area: row.area_code,
      kind: row.period_kind,
      period: row.period,
      start: iso(row.period_start),
      end: iso(row.period_end),
      comparison: comparisonOf(indicator.direction),
      value: row.value,
      origin: row.origin,
      updatedAt: iso(row.updated_at),
      updatedBy: row.updated_by,
    };
  }

  /** Targets of indicators and areas the loaded pack knows; others (a previous pack's) are kept but not shown. */
  async targets(filter: TargetFilter = {}): Promise<TargetV1[]> {
    const rows = await listTargets(this.deps.db, filter);
    const areas = new Set(this.areas);
    return rows.flatMap((r) => {
      const ind = this.deps.catalog.indicators.get(r.indicator_key);
      return ind && areas.has(r.area_code) ? [this.toTarget(r, ind)] : [];
    });
  }

  /** Checks what the schema cannot: a known indicator and area, a well-written period, a value in range. */
  private checkTarget(body: PutTargetV1): Indicator {
    const problems: { field: string; message: string }[] = [];
    const ind = this.deps.catalog.indicators.get(body.indicator);
    if (!ind) problems.push({ field: 'indicator', message: `no indicator "${body.indicator}"` });
    if (!this.areas.includes(body.area)) problems.push({ field: 'area', message: `"${body.area}" is not the province or one of its districts` });
    if (!periodStartOf(body.kind, body.period)) problems.push({ field: 'period', message: `"${body.period}" is not a ${body.kind} (e.g. 2022, 2022-Q4, 2022-12)` });
    const areaKind = this.deps.catalog.areas.get(body.area)?.kind ?? '';
    if (ind && body.value !== null && !plausibleTarget(ind, areaKind, body.value)) {
      problems.push({ field: 'value', message: `must lie within the indicator's range ${ind.range.min}–${ind.range.max}` });
    }
    if (problems.length > 0 || !ind) throw new AppError('validation-failed', 422, 'the target cannot be saved', problems);
    return ind;
  }

  /**
   * Sets an administrator's target, or with `value: null` removes it: the pack's target for the same
   * period, if there is one, applies again.
   */
  async setTarget(body: PutTargetV1, by: string | null): Promise<PlanChangeV1 & { kind: 'target' }> {
    const ind = this.checkTarget(body);
    await this.ready;
    const fromPack = this.deps.catalog.pack.plan?.targets.find(
      (t) => t.indicator === body.indicator && t.area === body.area && t.kind === body.kind && t.period === body.period,
    );
    return this.deps.db.transaction(async (tx) => {
      const before = await lockTarget(tx, body);
      let after: TargetRow | undefined;
      if (body.value !== null) after = await writeTarget(tx, body, body.value, 'admin', by);
      else if (fromPack) after = await writeTarget(tx, body, fromPack.value, 'pack', null);
      else await deleteTarget(tx, body);
      return {
        kind: 'target',
        previous: before ? this.toTarget(before, ind) : null,
        target: after ? this.toTarget(after, ind) : null,
      };
    });
  }

  async roadmap(): Promise<RoadmapV1> {
    await this.ready;
    const { tasks, notes } = await listTasks(this.deps.db);
    const now = this.now().getTime();
    const byTask = groupBy(notes, (n) => n.task_id);
    const out: TaskV1[] = tasks.map((t) => ({
      id: t.id,
      title: t.def.title,
      theme: t.def.theme,
      unit: t.def.unit,
      due: t.due,
      status: t.status,
      // Due means by the end of that day, local time.
      overdue: t.status !== 'done' && now >= nextPeriod(localDay(t.due), 'P1D').getTime(),
      notes: (byTask.get(t.id) ?? []).map((n) => ({ at: iso(n.at), text: n.text, origin: n.origin, author: n.author })),
      indicators: t.def.indicators,
      updatedAt: iso(t.updated_at),
      updatedBy: t.updated_by,
    }));
    out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
    const roadmap = this.deps.catalog.pack.plan?.roadmap;
    return {
      year: roadmap?.year ?? null,
      title: roadmap?.title ?? null,
      themes: roadmap?.themes ?? [],
      tasks: out,
      generatedAt: this.now().toISOString(),
    };
  }

  async updateTask(id: string, body: PutTaskV1, by: string | null): Promise<{ task: TaskV1; change: PlanChangeV1 }> {
    await this.ready;
    const previous = await this.deps.db.transaction(async (tx) => {
      const task = await lockTask(tx, id);
      if (!task) throw new AppError('not-found', 404, `no roadmap task "${id}"`, { field: 'id' });
      if (body.status !== undefined) await setTaskStatus(tx, id, body.status, by);
      if (body.note !== undefined) await addTaskNote(tx, id, body.note, by);
      return task.status;
    });
    const task = (await this.roadmap()).tasks.find((t) => t.id === id)!;
    return { task, change: { kind: 'task', id, previousStatus: previous, status: task.status, note: body.note ?? null } };
  }

  config(id: string): IndexConfig {
    const config = this.indexes.find((c) => c.id === id);
    if (!config) throw new AppError('not-found', 404, `no index "${id}"`, { field: 'id' });
    return config;
  }

  /**
   * Every area's score for the month: per indicator, the latest figure whose period starts before the month
   * ends and not more than two of the indicator's own periods before the current one (older is out of
   * date, so missing), measured against the target in force at the end of the month.
   */
  async scores(config: IndexConfig, month: string, areas: readonly string[] = this.areas): Promise<AreaScoreV1[]> {
    await this.ready;
    const { catalog, db } = this.deps;
    const end = periodEndOf('month', month)!;
    const lastInstant = end.getTime() - 1;
    const keys = config.pillars.flatMap((p) => p.indicators.map((i) => i.key));
    const queries = keys.flatMap((key) => {
      const ind = catalog.indicators.get(key);
      if (!ind) return [];
      const current = periodStart(new Date(lastInstant), ind.frequency);
      const from = previousPeriod(previousPeriod(current, ind.frequency), ind.frequency);
      return areas.map((area) => ({ indicator: key, area, from, to: end }));
    });
    const values = new Map((await valuesIn(db, queries)).map((v) => [`${v.indicator}|${v.area}`, v]));
    const targets = await this.targets();
    const byIndicator = groupBy(targets, (t) => t.indicator);
    const root = catalog.root;
    const scored = areas.map((area) => {
      const inputs = new Map<string, IndicatorInput>(
        keys.map((key) => {
          const v = values.get(`${key}|${area}`);
          const target = targetFor(byIndicator.get(key) ?? [], { indicator: key, area, root, at: lastInstant });
          return [key, { value: v?.value ?? null, valueTs: v?.ts ?? null, target: target?.value ?? null }];
        }),
      );
      return scoreArea(area, config, catalog.indicators, inputs);
    });
    const ranks = rankScores(scored.filter((s) => s.area !== root));
    return scored.map((s) => ({ ...s, rank: ranks.get(s.area) ?? null }));
  }

  async index(id: string, month: string): Promise<IndexResultV1> {
    const config = this.config(id);
    const scored = await this.scores(config, month);
    const [province, ...districts] = scored;
    districts.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area.localeCompare(b.area));
    return {
      id,
      period: month,
      periodStart: periodStartOf('month', month)!.toISOString(),
      periodEnd: periodEndOf('month', month)!.toISOString(),
      generatedAt: this.now().toISOString(),
      areas: [province!, ...districts],
    };
  }

  async why(id: string, area: string, from: string, to: string): Promise<WhyV1> {
    const config = this.config(id);
    if (!this.areas.includes(area)) throw new AppError('not-found', 404, `"${area}" is not the province or one of its districts`, { field: 'area' });
    const [a] = await this.scores(config, from, [area]);
    const [b] = await this.scores(config, to, [area]);
    const comparable = a!.score !== null && b!.score !== null;
    return {
      id,
      area,
      from: { period: from, score: a!.score },
      to: { period: to, score: b!.score },
      change: comparable ? b!.score! - a!.score! : null,
      contributions: comparable ? decompose(a!, b!) : [],
    };
  }
}
