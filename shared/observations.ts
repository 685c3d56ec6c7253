/** Observations as they are submitted, stored, and sent out. */
import { z } from 'zod';

export const MAX_BATCH_POINTS = 10_000;
/** A timestamp further ahead than this is refused: a clock is wrong somewhere. */
export const MAX_FUTURE_MS = 10 * 60_000;

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const observationFields = {
  indicator: z.string().min(1).max(64),
  area: z.string().min(1).max(32),
  ts: z.string().regex(isoWithOffset, 'ISO 8601 with a UTC offset, e.g. 2022-05-01T00:00:00+07:00'),
  value: z.number().finite(),
  source: z.string().min(1).max(64).optional(),
};
export const OBSERVATION_FIELDS = Object.keys(observationFields);

/** One point as a unit sends it. Unknown fields are refused, so a client cannot set what it must not. */
export const ObservationInput = z.object(observationFields).strict();
/** The same fields, ignoring unknown ones: lets validation report an unknown field and the other mistakes together. */
export const ObservationFields = z.object(observationFields);
export type ObservationInput = z.infer<typeof ObservationInput>;

export const IngestBatchV1 = z
  .object({
    observations: z.array(z.unknown()).min(1, 'at least one observation').max(MAX_BATCH_POINTS, `at most ${MAX_BATCH_POINTS} observations`),
  })
  .strict();

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
  'out-of-scope',
  'duplicate-in-batch',
] as const;
export type IngestReason = (typeof INGEST_REASONS)[number];

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
