/** The reporting console's API: obligations, CSV upload, history, drafts, discrepancies, scorecard. */
import { z } from 'zod';
import type { IngestNote, IngestProblem, IngestResultV1 } from './observations';

/**
 * Where a unit stands for one indicator and area in the last closed period. "due": the period is over and
 * the due date not yet passed; "submitted": received by the due date; "late": received after it;
 * "missing": nothing received and the due date has passed.
 */
export type ObligationStatus = 'submitted' | 'late' | 'missing' | 'due';

export interface ObligationV1 {
  indicator: string;
  area: string;
  /** Start of the period owed, ISO 8601 UTC. */
  period: string;
  dueAt: string;
  status: ObligationStatus;
  /** The value for that period, when one arrived, and when it first arrived. */
  value: number | null;
  firstReceivedAt: string | null;
  /** The period before, for the form's "previous value" column. */
  previous: { period: string; value: number } | null;
  /** Whether the sources declared to agree on this figure currently disagree. */
  disputed: boolean;
}

/** GET /api/v1/report/obligations?unit= */
export interface ObligationsV1 {
  unit: string;
  generatedAt: string;
  obligations: ObligationV1[];
}

/** A CSV row as read, before any commit. `line` counts from 1 = the header. */
export interface CsvRowV1 {
  line: number;
  indicator: string | null;
  area: string | null;
  ts: string | null;
  value: number | null;
  source: string | null;
  problems: { field: string; reason: IngestProblem['reason'] | 'unreadable'; message: string }[];
  /** What the reporter should know about a valid row: its period is still in progress, or its value is shown rounded. */
  notes?: { field: IngestNote['field']; reason: IngestNote['reason']; message: string }[];
}

/** POST /api/v1/report/csv/preview and /commit (body: the file, text/csv). */
export interface CsvPreviewV1 {
  /** Detected separator and encoding facts, shown so a reporter can see how the file was read. */
  delimiter: ',' | ';' | '\t';
  hadBom: boolean;
  rows: CsvRowV1[];
  /** True when every row is valid: committing will write them all. */
  ok: boolean;
}

export type CsvCommitV1 = { committed: true; preview: CsvPreviewV1; result: IngestResultV1 };

/** One revision of one figure, for the history list. */
export interface RevisionV1 {
  indicator: string;
  area: string;
  ts: string;
  source: string;
  value: number;
  revision: number;
  receivedAt: string;
  /** "user:<username>", "key:<key id>" or "system". */
  submittedBy: string | null;
  /** Whether a later revision replaced it. */
  superseded: boolean;
}

/** GET /api/v1/report/history?unit=&limit=&before= */
export interface HistoryV1 {
  unit: string;
  revisions: RevisionV1[];
}

export const DraftV1 = z
  .object({
    /** Form values typed but not yet submitted, keyed "indicator|area". */
    values: z.record(z.string(), z.string().max(64)),
  })
  .strict();
export type DraftV1 = z.infer<typeof DraftV1>;

/** A pair of sources declared to agree that differ beyond the tolerance. */
export interface DiscrepancyV1 {
  indicator: string;
  area: string;
  ts: string;
  values: { source: string; value: number }[];
  /** |a − b| */
  difference: number;
  /** The largest difference allowed, in the indicator's unit, for these values. */
  allowed: number;
  status: 'open' | 'cleared';
  openedAt: string;
  clearedAt: string | null;
  /** Server-wide, increasing: a higher version replaces a lower one for the same key. */
  version: number;
}

export const discrepancyKey = (d: { indicator: string; area: string; ts: string }) => `${d.indicator}|${d.area}|${d.ts}`;

/** GET /api/v1/discrepancies?status=open|all&unit= */
export interface DiscrepanciesV1 {
  discrepancies: DiscrepancyV1[];
}

/** Reporting-obligation scorecard for one unit and period kind. */
export interface ScorecardRowV1 {
  unit: string;
  /** Start of the month the scorecard counts obligations for. */
  period: string;
  owed: number;
  onTime: number;
  late: number;
  missing: number;
  /** Not yet due. */
  pending: number;
  onTimePct: number | null;
  completePct: number | null;
  items: { indicator: string; area: string; period: string; status: ObligationStatus }[];
}

/** GET /api/v1/report/scorecard?month=2022-05 */
export interface ScorecardV1 {
  month: string;
  rows: ScorecardRowV1[];
}
