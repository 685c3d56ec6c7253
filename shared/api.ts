/** Read API payloads. */
import type { PointV1 } from './observations';
import type { DiscrepancyV1 } from './report';
import type { Bucket } from './time';

/** GET /api/v1/snapshot */
export interface SnapshotV1 {
  v: 1;
  origin: string;
  /** The sending server's live sequence when the snapshot was read: batches up to it are included. */
  seq: number;
  generatedAt: string;
  points: PointV1[];
  /** Open discrepancies: a point whose indicator, area and period appear here is disputed. */
  discrepancies: DiscrepancyV1[];
}

export interface SeriesBucketV1 {
  /** Start of the bucket in local time, as an instant (ISO 8601 UTC). */
  start: string;
  value: number;
  /** Points that fell in the bucket (of the source chosen for it). */
  count: number;
  source: string;
}

/** GET /api/v1/series */
export interface SeriesV1 {
  indicator: string;
  area: string;
  bucket: Bucket;
  from: string;
  to: string;
  timeZone: string;
  buckets: SeriesBucketV1[];
}
