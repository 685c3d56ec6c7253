/** "Why it moved": contributions per indicator, worked by hand, and summing to the change whatever goes missing. */
import { describe, expect, it } from 'vitest';
import type { IndexConfig } from '../../shared/plan';
import { decompose, scoreArea, type IndicatorInput, type Judged } from '../../server/plan/index.service';
import { CONFIG, INDICATORS, inputs } from './index-fixture';

describe('why the score moved', () => {
  it('splits a change into contributions that sum to it, largest first', () => {
    // From 66 (s = 0.8, 0.7, 0.5) to 86: i1 rises to 0.9, i2 goes missing, i3 improves to 0.8.
    const from = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 40, target: 50 }, { value: 70, target: null }, { value: 8, target: 4 }));
    const to = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 45, target: 50 }, { value: null, target: null }, { value: 5, target: 4 }));
    expect(from.score).toBeCloseTo(66, 10);
    expect(to.score).toBeCloseTo(86, 10);
    const c = decompose(from, to);
    expect(c.map((x) => x.indicator)).toEqual(['i1', 'i2', 'i3']);
    // i1: 100 × (0.6·0.9 − 0.4·0.8) = 22; i2: 100 × (0 − 0.2·0.7) = −14; i3: 100 × 0.4 × (0.8 − 0.5) = 12.
    expect(c.map((x) => x.contribution)).toEqual([expect.closeTo(22, 10), expect.closeTo(-14, 10), expect.closeTo(12, 10)]);
    expect(c.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(to.score! - from.score!, 12);

    // i1 moved by itself (0.1 at an average weight of 0.5: 5 points) and took over i2's weight (17 points).
    expect(c[0]!.valueEffect).toBeCloseTo(5, 10);
    expect(c[0]!.weightEffect).toBeCloseTo(17, 10);
    // i2 going missing is a weight effect only: its value did not "fall to zero".
    expect(c[1]).toMatchObject({ valueEffect: 0, from: { value: 70, missing: null }, to: { value: null, missing: 'no-data', effectiveWeight: 0 } });
    expect(c[1]!.weightEffect).toBeCloseTo(-14, 10);
    expect(c[2]!.valueEffect).toBeCloseTo(12, 10);
    expect(c[2]!.weightEffect).toBeCloseTo(0, 12);
    for (const x of c) expect(x.valueEffect + x.weightEffect).toBeCloseTo(x.contribution, 12);
  });

  it('gives nothing to an indicator missing in both periods', () => {
    const none = { value: null, target: null };
    const a = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 40, target: 50 }, none, none));
    const b = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 50, target: 50 }, none, none));
    const c = decompose(a, b);
    expect(c.find((x) => x.indicator === 'i3')).toMatchObject({ contribution: 0, valueEffect: 0, weightEffect: 0 });
    expect(c.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(20, 12);
  });

  it('sums exactly to the change for random configurations, figures and gaps', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const keys = Array.from({ length: 2 + Math.floor(rnd() * 8) }, (_, i) => `k${i}`);
      const judged = new Map<string, Judged>(keys.map((k) => [k, { direction: rnd() < 0.5 ? 'higher' : 'lower', range: { min: 0, max: 100 } }]));
      const pillars: IndexConfig['pillars'] = [];
      keys.forEach((k, i) => {
        if (i === 0 || rnd() < 0.4) pillars.push({ key: `p${i}`, name: { vi: 'p', en: 'p' }, weight: 1 + rnd() * 30, indicators: [] });
        pillars[pillars.length - 1]!.indicators.push({
          key: k,
          weight: 0.5 + rnd() * 3,
          normalise: rnd() < 0.5 ? { kind: 'target' } : { kind: 'range', min: 10, max: 90 },
        });
      });
      const config: IndexConfig = { id: 'r', name: { vi: 'r', en: 'r' }, pillars };
      const draw = () =>
        new Map<string, IndicatorInput>(
          keys.map((k) => [k, { value: rnd() < 0.25 ? null : rnd() * 100, target: rnd() < 0.15 ? null : 1 + rnd() * 99 }]),
        );
      const a = scoreArea('x', config, judged, draw());
      const b = scoreArea('x', config, judged, draw());
      if (a.score === null || b.score === null) continue;
      const c = decompose(a, b);
      expect(c).toHaveLength(keys.length);
      expect(Math.abs(c.reduce((s, x) => s + x.contribution, 0) - (b.score - a.score))).toBeLessThan(1e-9);
      for (let i = 1; i < c.length; i++) expect(Math.abs(c[i - 1]!.contribution)).toBeGreaterThanOrEqual(Math.abs(c[i]!.contribution));
    }
  });
});
