/** Observations as they are submitted, stored, and sent out. */
import { z } from 'zod';

export const MAX_BATCH_POINTS = 10_000;
/** A timestamp further ahead than this is refused: a clock is wrong somewhere. */
export const MAX_FUTURE_MS = 10 * 60_000;

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const KEY_MAX = 64;
const AREA_MAX = 32;

const observationFields = {
  indicator: z.string().min(1).max(KEY_MAX),
  area: z.string().min(1).max(AREA_MAX),
  ts: z.string().regex(isoWithOffset, 'ISO 8601 with a UTC offset, e.g. 2022-05-01T00:00:00+07:00'),
  value: z.number().finite(),
  source: z.string().min(1).max(KEY_MAX).optional(),
};
export const OBSERVATION_FIELDS = Object.keys(observationFields);

/** One point as a unit sends it. Unknown fields are refused, so a client cannot set what it must not. */
export const ObservationInput = z.object(observationFields).strict();
/** The same fields, ignoring unknown ones: lets validation report an unknown field and the other mistakes together. */
export const ObservationFields = z.object(observationFields);
export type ObservationInput = z.infer<typeof ObservationInput>;

/**
 * Whether `ObservationFields` surely accepts `item`, decided without zod: ingest checks every point of every
 * batch, and nearly all are well formed. `false` only means "ask zod", which also names the mistakes: zod
 * counts a long string in code points, this check in UTF-16 units, so it may pass a point on to zod that
 * zod accepts, never the reverse. Like `ObservationFields`, it ignores unknown fields: validation names those.
 */
export function isWellFormedObservation(item: unknown): item is ObservationInput {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const { indicator, area, ts, value, source } = item as Record<string, unknown>;
  return (
    typeof indicator === 'string' && indicator.length >= 1 && indicator.length <= KEY_MAX &&
    typeof area === 'string' && area.length >= 1 && area.length <= AREA_MAX &&
    typeof ts === 'string' && isoWithOffset.test(ts) &&
    typeof value === 'number' && Number.isFinite(value) &&
    (source === undefined || (typeof source === 'string' && source.length >= 1 && source.length <= KEY_MAX))
  );
}

export const IngestBatchV1 = z
  .object({
    observations: z.array(z.unknown()).min(1, 'at least one observation').max(MAX_BATCH_POINTS, `at most ${MAX_BATCH_POINTS} observations`),
  })
  .strict();

/**
 * The points of a body (as JSON.parse gives it) that `IngestBatchV1` surely accepts, found without zod's copy
 * of the whole list; undefined means "ask zod", which names the mistake.
 */
export function wellFormedBatch(body: unknown): unknown[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const key in body) if (key !== 'observations') return undefined;
  const { observations } = body as { observations?: unknown };
  return Array.isArray(observations) && observations.length >= 1 && observations.length <= MAX_BATCH_POINTS ? observations : undefined;
}

/** Why a point was refused: one code per kind of mistake, so a sender can act on it. */
export const INGEST_REASONS = [
  'invalid',
  'unknown-field',
  'unknown-indicator',
  'unknown-area',
  'unknown-source',
  'wrong-level',
  'out-of-range',
  'future-timestamp',
  'too-old',
  'out-of-scope',
  'duplicate-in-batch',
] as const;
export type IngestReason = (typeof INGEST_REASONS)[number];

/**
 * What a sender should know about a point that was accepted: its period is still in progress (the figure is
 * provisional, a later one for the same period becomes a new revision), or it has more decimals than its
 * indicator keeps (stored as sent, shown rounded).
 */
export const INGEST_NOTES = ['in-progress', 'more-decimals'] as const;
export type IngestNoteReason = (typeof INGEST_NOTES)[number];

export interface IngestNote {
  index: number;
  field: 'ts' | 'value';
  reason: IngestNoteReason;
  message: string;
}
/** At most this many notes in an answer; a CSV preview shows every row's. */
export const MAX_NOTES = 100;

export interface IngestProblem {
  /** Position of the point in `observations`. */
  index: number;
  field: string;
  reason: IngestReason;
  message: string;
}

/**
 * 200 response of POST /api/v1/observations, sent once the points are committed. Parent areas (district
 * from stations, province from districts) are recomputed right after and pushed on the live feed.
 */
export interface IngestResultV1 {
  accepted: number;
  /** New values and changed values (new revisions). */
  written: number;
  /** Points identical to what was already stored. */
  unchanged: number;
  /** Present when some accepted points deserve a word (the first MAX_NOTES of them): see IngestNote. */
  notes?: IngestNote[];

}

/** A value as the screens show it: the resolved value for one indicator, area and period. */
export interface PointV1 {
  indicator: string;
  area: string;
  /** Start of the period, ISO 8601 UTC. */
  ts: string;
  value: number;
  source: string;
  unit: string | null;
  receivedAt: string;
  revision: number;
  /** Server-wide, monotonically increasing: a higher version replaces a lower one for the same series. */
  version: number;
  /** For derived values: how many child areas contributed. */
  coverage: number | null;
}

export const seriesKey = (p: { indicator: string; area: string }) => `${p.indicator}|${p.area}`;

/**
 * Whether `next` should replace `current` as the latest value shown for a series: a later period wins,
 * and within one period the higher version. Applying the same point twice, or out of order, is harmless.
 */
export function supersedes(next: PointV1, current: PointV1 | undefined): boolean {
  if (!current) return true;
  if (next.ts !== current.ts) return next.ts > current.ts;
  return next.version > current.version;
}
