/**
 * Colours of the wall: one per status, shared by the map, the legend, the tiles and the ranking so a red
 * district and a red tile are the same red. Chosen for a dark room: saturated, and far apart in lightness
 * as well as hue, so they stay distinct for colour-blind operators and on a washed-out projector.
 */
import type { Status } from '../../../shared/status';

/** `empty`: can hold a value but none has arrived; `na`: cannot hold one (a district without a station). */
export type AreaStatus = Status | 'empty' | 'na';

export const STATUS_COLOURS: Record<AreaStatus, string> = {
  red: '#e5484d',
  amber: '#f5b026',
  green: '#2fa86a',
  grey: '#6b7280',
  none: '#3b82f6',
  empty: '#1f2a3a',
  na: '#121a26',
};

/** Sequential scale for indicators without thresholds, low to high. */
export const RAMP_COLOURS = ['#1e3a6e', '#1f5bb8', '#3b82f6', '#6aa8ff', '#a9cdff'] as const;
