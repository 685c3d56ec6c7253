/**
 * The benchmark's points: districts reporting hourly dossier counts, each batch a run of new hours for one
 * district, so every point is a new row and every batch recomputes the province for its hours.
 */
import { fromLocal, toLocalIso } from '../shared/time';

export const INDICATOR = 'dossiers_received';
export const DISTRICTS = Array.from({ length: 15 }, (_, i) => String(794 + i));
export const BATCH = 500;

export interface BenchPoint {
  indicator: string;
  area: string;
  ts: string;
  value: number;
}

/** Batch `n` of sender `s`: 500 consecutive hours for one district, disjoint from every other batch. */
export function batchFor(sender: number, n: number, senders: number): { area: string; points: BenchPoint[] } {
  const area = DISTRICTS[(sender + n * senders) % DISTRICTS.length]!;
  // Each (district, block) pair gets its own run of hours, far back in time so that nothing is in the future.
  const block = Math.floor((sender + n * senders) / DISTRICTS.length);
  const start = fromLocal(2000, 1, 1).getTime() + block * BATCH * 3_600_000;
  const points = Array.from({ length: BATCH }, (_, i) => ({
    indicator: INDICATOR,
    area,
    ts: toLocalIso(new Date(start + i * 3_600_000)),
    value: (i * 7 + n) % 50,
  }));
  return { area, points };
}
