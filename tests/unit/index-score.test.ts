/**
 * The composite index with examples worked by hand: normalisation both ways, re-weighting around a
 * missing indicator (never a zero), ranking with ties.
 */
import { describe, expect, it } from 'vitest';
import { normalise, rankScores, scoreArea, type Judged } from '../../server/plan/index.service';
import { CONFIG, INDICATORS, inputs } from './index-fixture';

const higher: Judged = { direction: 'higher', range: { min: 0, max: 100 } };
const lower: Judged = { direction: 'lower', range: { min: 0, max: 5000 } };

describe('normalising one figure', () => {
  it('against a target, higher is better: the share of the way from the floor, 1 once met', () => {
    // Online filing 40% against ≥ 50%: 40 / 50.
    expect(normalise({ kind: 'target' }, higher, { value: 40, target: 50 })).toEqual({ normalised: 0.8, missing: null });
    expect(normalise({ kind: 'target' }, higher, { value: 50, target: 50 }).normalised).toBe(1);
    expect(normalise({ kind: 'target' }, higher, { value: 73, target: 50 }).normalised).toBe(1);
  });

  it('against a target, lower is better: target over value, 1 once at or under it', () => {
    // 8 open overdue dossiers against ≤ 4: half way.
    expect(normalise({ kind: 'target' }, lower, { value: 8, target: 4 }).normalised).toBe(0.5);
    expect(normalise({ kind: 'target' }, lower, { value: 4, target: 4 }).normalised).toBe(1);
    expect(normalise({ kind: 'target' }, lower, { value: 0, target: 4 }).normalised).toBe(1);
  });

  it('within a range, both directions, clamped to [0, 1]', () => {
    const range = { kind: 'range', min: 50, max: 100 } as const;
    expect(normalise(range, higher, { value: 80, target: null }).normalised).toBeCloseTo(0.6, 12);
    expect(normalise(range, higher, { value: 40, target: null }).normalised).toBe(0);
    expect(normalise(range, higher, { value: 120, target: null }).normalised).toBe(1);
    // Lower is better on 0–20: 5 is three quarters of the way to the good end.
    const salinityLike: Judged = { direction: 'lower', range: { min: 0, max: 40 } };
    expect(normalise({ kind: 'range', min: 0, max: 20 }, salinityLike, { value: 5, target: null }).normalised).toBe(0.75);
    expect(normalise({ kind: 'range', min: 0, max: 20 }, salinityLike, { value: 25, target: null }).normalised).toBe(0);
  });

  it('says why a figure cannot count rather than scoring it 0', () => {
    expect(normalise({ kind: 'target' }, higher, { value: null, target: 50 })).toEqual({ normalised: null, missing: 'no-data' });
    expect(normalise({ kind: 'target' }, higher, { value: 40, target: null })).toEqual({ normalised: null, missing: 'no-target' });
    expect(normalise({ kind: 'range', min: 0, max: 100 }, higher, { value: 40, target: null }).missing).toBeNull();
  });
});

describe('scoring an area', () => {
  it('weights pillars, then indicators within them: 100 × Σ e·s', () => {
    // s = 0.8, 0.7, 0.5; e = 0.6·2/3 = 0.4, 0.6·1/3 = 0.2, 0.4 → 100 × (0.32 + 0.14 + 0.20) = 66.
    const a = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 40, target: 50 }, { value: 70, target: null }, { value: 8, target: 4 }));
    expect(a.score).toBeCloseTo(66, 10);
    expect(a.coverage).toBeCloseTo(1, 12);
    const [pa, pb] = a.pillars;
    expect(pa!.score).toBeCloseTo(76.6667, 4); // (2·0.8 + 0.7) / 3
    expect(pa!.points).toBeCloseTo(46, 10);
    expect(pb!.score).toBeCloseTo(50, 10);
    expect(pa!.indicators.map((i) => i.effectiveWeight)).toEqual([expect.closeTo(0.4, 12), expect.closeTo(0.2, 12)]);
    expect(a.pillars.flatMap((p) => p.indicators).reduce((s, i) => s + i.points, 0)).toBeCloseTo(a.score!, 12);
  });

  it('leaves a missing indicator out and re-weights its pillar, instead of counting it as 0', () => {
    // Without i2, i1 carries all of pillar A: 100 × (0.6·0.8 + 0.4·0.5) = 68. As a zero it would have been 52.
    const a = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 40, target: 50 }, { value: null, target: null }, { value: 8, target: 4 }));
    expect(a.score).toBeCloseTo(68, 10);
    expect(a.coverage).toBeCloseTo(0.8, 12);
    const i2 = a.pillars[0]!.indicators[1]!;
    expect(i2).toMatchObject({ key: 'i2', missing: 'no-data', normalised: null, effectiveWeight: 0, points: 0 });
    expect(a.pillars[0]!.indicators[0]!.effectiveWeight).toBeCloseTo(0.6, 12);
  });

  it('re-weights the pillars when a whole pillar has nothing, and flags why', () => {
    // i3 has a figure but no target: pillar B drops out and A stands for the whole index.
    const a = scoreArea('901', CONFIG, INDICATORS, inputs({ value: 40, target: 50 }, { value: 70, target: null }, { value: 8, target: null }));
    expect(a.score).toBeCloseTo(76.6667, 4);
    expect(a.coverage).toBeCloseTo(0.6, 12);
    expect(a.pillars[1]).toMatchObject({ score: null, effectiveWeight: 0, points: 0 });
    expect(a.pillars[1]!.indicators[0]).toMatchObject({ missing: 'no-target', value: 8 });
  });

  it('has no score at all when nothing is available', () => {
    const none = { value: null, target: null };
    const a = scoreArea('901', CONFIG, INDICATORS, inputs(none, none, none));
    expect(a.score).toBeNull();
    expect(a.coverage).toBe(0);
  });

  it('treats an indicator the catalogue does not know as missing', () => {
    const a = scoreArea('901', CONFIG, new Map([['i1', higher]]), inputs({ value: 40, target: 50 }, { value: 70, target: null }, { value: 8, target: 4 }));
    expect(a.score).toBeCloseTo(80, 10);
    expect(a.pillars[0]!.indicators[1]!.missing).toBe('no-data');
  });
});

describe('ranking', () => {
  it('ranks best first, ties share a rank, and areas without a score get none', () => {
    const ranks = rankScores([
      { area: 'a', score: 70 },
      { area: 'b', score: 80 },
      { area: 'c', score: 70 },
      { area: 'd', score: null },
      { area: 'e', score: 60 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 2, e: 4 });
  });
});
