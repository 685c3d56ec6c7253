/** A small index for the unit tests, small enough to compute by hand. */
import type { IndexConfig } from '../../shared/plan';
import type { IndicatorInput, Judged } from '../../server/plan/index.service';

const higher: Judged = { direction: 'higher', range: { min: 0, max: 100 } };
const lower: Judged = { direction: 'lower', range: { min: 0, max: 5000 } };

/** Pillar A (60): i1 (weight 2, target), i2 (weight 1, range 0–100). Pillar B (40): i3 (lower, target). */
export const CONFIG: IndexConfig = {
  id: 'test',
  name: { vi: 'Thử', en: 'Test' },
  pillars: [
    {
      key: 'a',
      name: { vi: 'A', en: 'A' },
      weight: 60,
      indicators: [
        { key: 'i1', weight: 2, normalise: { kind: 'target' } },
        { key: 'i2', weight: 1, normalise: { kind: 'range', min: 0, max: 100 } },
      ],
    },
    { key: 'b', name: { vi: 'B', en: 'B' }, weight: 40, indicators: [{ key: 'i3', weight: 1, normalise: { kind: 'target' } }] },
  ],
};
export const INDICATORS = new Map<string, Judged>([
  ['i1', higher],
  ['i2', higher],
  ['i3', lower],
]);
export const inputs = (i1: IndicatorInput, i2: IndicatorInput, i3: IndicatorInput) =>
  new Map<string, IndicatorInput>([
    ['i1', i1],
    ['i2', i2],
    ['i3', i3],
  ]);

