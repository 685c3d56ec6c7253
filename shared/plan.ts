/**
 * The plan a province steers by: targets per indicator, area and period; the year's roadmap of tasks;
 * and composite-index configurations. Schemas for the region pack's `plan` section and for the API, and
 * the pure rules for which target applies and how far a figure has come towards it.
 *
 * Periods are calendar periods in Asia/Ho_Chi_Minh, written "2022" (year), "2022-Q4" (quarter) and
 * "2022-12" (month).
 */
import { z } from 'zod';
import type { Indicator } from './catalog';
import { KIND_FREQUENCY, labelOf, labelStart, periodEnd } from './period';
import { fromLocal, localParts } from './time';

// catalog.ts imports this module for the pack's `plan` field, so its schemas cannot be imported back here.
const key = z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, 'lower-case letters, digits, "_", "-" or "."');
const Text = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
const localDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a local date, YYYY-MM-DD');

export const PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export const PeriodKind = z.enum(PERIOD_KINDS);
export type PeriodKind = z.infer<typeof PeriodKind>;

const PERIOD_EXAMPLE: Record<PeriodKind, string> = { year: '2022', quarter: '2022-Q4', month: '2022-12' };

/** Start of a period in local time, or null when `period` is not written the way `kind` needs. */
export function periodStartOf(kind: PeriodKind, period: string): Date | null {
  const start = labelStart(kind, period);
  if (!start || Number(period.slice(0, 4)) < 1900 || Number(period.slice(0, 4)) > 2200) return null;
  return start;
}

/** Start of the period after it. */
export function periodEndOf(kind: PeriodKind, period: string): Date | null {
  const start = periodStartOf(kind, period);
  return start && periodEnd(start, KIND_FREQUENCY[kind]);
}

/** The label of the period of `kind` that contains `at`: "2022", "2022-Q4", "2022-12". */
export const periodLabel = (kind: PeriodKind, at: Date): string => labelOf(kind, at);

/** "2022-12" → "2022-11": months for the index and its comparisons. */
export function shiftMonth(month: string, by: number): string {
  const start = periodStartOf('month', month);
  if (!start) throw new Error(`not a month: ${month}`);
  const p = localParts(start);
  return periodLabel('month', fromLocal(p.year, p.month + by));
}

// ---------------------------------------------------------------------------------------------
// The pack's plan section
// ---------------------------------------------------------------------------------------------

/**
 * "online filing ≥ 50% by December 2022": the value the indicator should reach in the period. Whether that
 * means at least or at most follows the indicator's direction. `area` is the root or one of its districts.
 */
export const Target = z
  .object({
    indicator: key,
    area: z.string().min(1).max(32),
    kind: PeriodKind,
    period: z.string(),
    value: z.number().finite(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!periodStartOf(t.kind, t.period)) {
      ctx.addIssue({ code: 'custom', path: ['period'], message: `a ${t.kind} is written like "${PERIOD_EXAMPLE[t.kind]}"` });
    }
  });
export type Target = z.infer<typeof Target>;

export const TASK_STATUSES = ['not-started', 'in-progress', 'done', 'blocked'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const ProgressNote = z.object({ at: localDate, text: z.string().min(1).max(2000) }).strict();

export const RoadmapTask = z
  .object({
    id: key,
    title: Text,
    /** One of the roadmap's themes (shared database, open-data portal, …). */
    theme: key,
    /** The unit answerable for the task. */
    unit: key,
    due: localDate,
    status: TaskStatus,
    notes: z.array(ProgressNote).default([]),
    /** Indicators the task is meant to move. */
    indicators: z.array(key).default([]),
  })
  .strict();
export type RoadmapTask = z.infer<typeof RoadmapTask>;

export const Roadmap = z
  .object({
    year: z.number().int().min(1900).max(2200),
    title: Text,
    themes: z.array(z.object({ key, name: Text }).strict()),
    tasks: z.array(RoadmapTask),
  })
  .strict();
export type Roadmap = z.infer<typeof Roadmap>;

/**
 * How an indicator becomes a score from 0 to 1: its progress towards its target in the period, or its
 * place within a fixed range; either way "better" (by the indicator's direction) is nearer 1.
 */
export const Normalise = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('target') }).strict(),
  z
    .object({ kind: z.literal('range'), min: z.number().finite(), max: z.number().finite() })
    .strict()
    .refine((r) => r.min < r.max, { message: 'min must be below max', path: ['max'] }),
]);
export type Normalise = z.infer<typeof Normalise>;

export const IndexConfig = z
  .object({
    id: key,
    name: Text,
    framework: z.string().optional(),
    description: Text.optional(),
    pillars: z
      .array(
        z
          .object({
            key,
            name: Text,
            weight: z.number().positive(),
            indicators: z.array(z.object({ key, weight: z.number().positive(), normalise: Normalise }).strict()).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type IndexConfig = z.infer<typeof IndexConfig>;

export const Plan = z
  .object({
    targets: z.array(Target).default([]),
    roadmap: Roadmap.optional(),
    indexes: z.array(IndexConfig).default([]),
  })
  .strict();
export type Plan = z.infer<typeof Plan>;

// ---------------------------------------------------------------------------------------------
// API payloads
// ---------------------------------------------------------------------------------------------

export type Comparison = '>=' | '<=';
export const comparisonOf = (direction: Indicator['direction']): Comparison => (direction === 'higher' ? '>=' : '<=');

/** A target as the API gives it: GET /api/v1/targets */
export interface TargetV1 {
  indicator: string;
  area: string;
  kind: PeriodKind;
  period: string;
  /** The period as instants (ISO 8601 UTC), [start, end). */
  start: string;
  end: string;
  comparison: Comparison;
  value: number;
  /** `admin` once an administrator set it; a pack reload leaves those alone. */
  origin: 'pack' | 'admin';
  updatedAt: string;
  updatedBy: string | null;
}

export interface TargetsV1 {
  targets: TargetV1[];
}

/** PUT /api/v1/targets. `value: null` removes an administrator's value: the pack's, if any, applies again. */
export const PutTargetV1 = z
  .object({ indicator: key, area: z.string().min(1).max(32), kind: PeriodKind, period: z.string(), value: z.number().finite().nullable() })
  .strict();
export type PutTargetV1 = z.infer<typeof PutTargetV1>;

export interface PutTargetResultV1 {
  previous: TargetV1 | null;
  target: TargetV1 | null;
}

export interface NoteV1 {
  at: string;
  text: string;
  origin: 'pack' | 'admin';
  author: string | null;
}

export interface TaskV1 {
  id: string;
  title: { vi: string; en: string };
  theme: string;
  unit: string;
  due: string;
  status: TaskStatus;
  /** Due date passed (end of that local day) and not done. */
  overdue: boolean;
  notes: NoteV1[];
  indicators: string[];
  updatedAt: string;
  updatedBy: string | null;
}

/** GET /api/v1/roadmap: overdue tasks first, then by due date. */
export interface RoadmapV1 {
  year: number | null;
  title: { vi: string; en: string } | null;
  themes: { key: string; name: { vi: string; en: string } }[];
  tasks: TaskV1[];
  generatedAt: string;
}

/** PUT /api/v1/roadmap/:id: a new status, a progress note, or both. */
export const PutTaskV1 = z
  .object({ status: TaskStatus.optional(), note: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .refine((b) => b.status !== undefined || b.note !== undefined, { message: 'send a status, a note, or both' });
export type PutTaskV1 = z.infer<typeof PutTaskV1>;

/** What an administrator changed, for the audit log. */
export type PlanChangeV1 =
  | { kind: 'target'; previous: TargetV1 | null; target: TargetV1 | null }
  | { kind: 'task'; id: string; previousStatus: TaskStatus; status: TaskStatus; note: string | null };

/** GET /api/v1/index */
export interface IndexListV1 {
  indexes: IndexConfig[];
}

/** Why an indicator did not count: no figure in time, or no target to measure it against. */
export type MissingReason = 'no-data' | 'no-target';

export interface IndicatorScoreV1 {
  key: string;
  /** Weight within its pillar as configured. */
  weight: number;
  value: number | null;
  /** Start of the period the value stands for. */
  valueTs: string | null;
  target: number | null;
  /** 0–1, or null when missing. */
  normalised: number | null;
  /** Share of the whole index after re-weighting over what is available; 0 when missing. */
  effectiveWeight: number;
  /** 100 × effectiveWeight × normalised: what it adds to the score. */
  points: number;
  missing: MissingReason | null;
}

export interface PillarScoreV1 {
  key: string;
  name: { vi: string; en: string };
  weight: number;
  /** 0–100 within the pillar; null when none of its indicators is available. */
  score: number | null;
  effectiveWeight: number;
  points: number;
  indicators: IndicatorScoreV1[];
}

export interface AreaScoreV1 {
  area: string;
  /** 0–100; null when no indicator is available. */
  score: number | null;
  /** Among the districts, 1 = best, ties share a rank; null for the province and for areas without a score. */
  rank: number | null;
  /** Share of the configured weight that had figures (1 = nothing missing). */
  coverage: number;
  pillars: PillarScoreV1[];
}

/** GET /api/v1/index/:id?period=YYYY-MM: the province first, then districts best first. */
export interface IndexResultV1 {
  id: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
  areas: AreaScoreV1[];
}

export interface ContributionSideV1 {
  value: number | null;
  target: number | null;
  normalised: number | null;
  effectiveWeight: number;
  missing: MissingReason | null;
}

export interface ContributionV1 {
  indicator: string;
  pillar: string;
  /** Points this indicator added to the change: to.points − from.points. */
  contribution: number;
  /** The part due to its own normalised value moving, at the average of its two weights. */
  valueEffect: number;
  /** The part due to re-weighting (something else, or it, appearing or going missing). */
  weightEffect: number;
  from: ContributionSideV1;
  to: ContributionSideV1;
}

/** GET /api/v1/index/:id/why?area=&from=&to=: contributions, largest |contribution| first. */
export interface WhyV1 {
  id: string;
  area: string;
  from: { period: string; score: number | null };
  to: { period: string; score: number | null };
  /** to.score − from.score; null when either is null (nothing to compare). */
  change: number | null;
  contributions: ContributionV1[];
}

/**
 * Whether a target value is plausible for the indicator: within the range its reported figures are checked
 * against, except for a sum above the level it is reported at (the province's total can exceed any district's).
 */
export function plausibleTarget(indicator: Pick<Indicator, 'range' | 'level' | 'spatial'>, areaKind: string, value: number): boolean {
  if (indicator.spatial.kind === 'sum' && areaKind !== indicator.level) return value >= indicator.range.min;
  return value >= indicator.range.min && value <= indicator.range.max;
}

// ---------------------------------------------------------------------------------------------
// Which target applies, and progress towards it
// ---------------------------------------------------------------------------------------------

type TargetLike = Pick<TargetV1, 'indicator' | 'area' | 'kind' | 'start' | 'end'>;
const SPECIFICITY: Record<PeriodKind, number> = { month: 0, quarter: 1, year: 2 };

/**
 * The target in force for an indicator in an area at an instant. The area's own targets come before the
 * root's (a district without its own target is held to the province's), and within those a month's target
 * before its quarter's, before its year's.
 */
export function targetFor<T extends TargetLike>(
  targets: readonly T[],
  q: { indicator: string; area: string; root: string; at: number },
): T | undefined {
  let best: T | undefined;
  let bestRank = Infinity;
  for (const t of targets) {
    if (t.indicator !== q.indicator) continue;
    const own = t.area === q.area;
    if (!own && t.area !== q.root) continue;
    if (q.at < Date.parse(t.start) || q.at >= Date.parse(t.end)) continue;
    const rank = (own ? 0 : 3) + SPECIFICITY[t.kind];
    if (rank < bestRank) {
      best = t;
      bestRank = rank;
    }
  }
  return best;
}

export interface Progress {
  met: boolean;
  /** 0–1: how far from the indicator's floor (range.min) towards the target; 1 once met. */
  progress: number;
  /** How far ahead of the target, in the indicator's unit; negative when behind. */
  gap: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Progress towards a target, measured from the indicator's floor (`range.min`, 0 for shares and counts).
 * Higher is better: (value − floor) / (target − floor); 40% against ≥ 50% is 0.8.
 * Lower is better: (target − floor) / (value − floor); 8 open dossiers against ≤ 4 is 0.5.
 */
export function targetProgress(direction: Indicator['direction'], floor: number, value: number, target: number): Progress {
  const gap = direction === 'higher' ? value - target : target - value;
  const met = gap >= 0;
  if (met) return { met, progress: 1, gap };
  const progress = direction === 'higher' ? (target > floor ? (value - floor) / (target - floor) : 0) : (target - floor) / (value - floor);
  return { met, progress: clamp01(progress), gap };
}
