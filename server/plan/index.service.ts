/**
 * The composite index as pure functions: normalise each indicator, weight the available ones, rank the
 * districts, and explain a change between two periods. No I/O: plan.service.ts feeds it figures.
 *
 * Re-weighting. A missing indicator (no figure in time, or no target to measure it against) is left out,
 * never counted as zero: the weights of the indicators still available in its pillar are scaled up to fill
 * the pillar, and a pillar with nothing available is left out the same way among the pillars. With W the
 * pillar weights and w the indicator weights, an available indicator i in pillar p gets
 *
 *     e_i = (W_p / Σ W over pillars with something available) × (w_i / Σ w over available indicators in p)
 *
 * the effective weights sum to 1, and score = 100 × Σ e_i × s_i with s_i the normalised value in [0, 1].
 * `coverage` says how much of the configured weight had figures.
 *
 * Decomposition. Between two periods, indicator i contributes c_i = 100 × (e_i(to) × s_i(to) − e_i(from) ×
 * s_i(from)), a missing indicator's term being 0. The terms telescope: Σ c_i = score(to) − score(from)
 * exactly, also when the set of available indicators differs, because each score is the sum of its terms.
 * Each c_i splits exactly into a value effect 100 × ē_i × Δs_i and a weight effect 100 × s̄_i × Δe_i (bars
 * are the averages of the two periods); for an indicator missing in one period its s is taken from the
 * other, so appearing or going missing shows as weight effect only.
 */
import type { Indicator } from '../../shared/catalog';
import type {
  AreaScoreV1,
  ContributionV1,
  IndexConfig,
  IndicatorScoreV1,
  MissingReason,
  Normalise,
  PillarScoreV1,
} from '../../shared/plan';
import { targetProgress } from '../../shared/plan';

export interface IndicatorInput {
  value: number | null;
  /** Start of the period the value stands for (ISO). */
  valueTs?: string | null;
  target: number | null;
}

export type Judged = Pick<Indicator, 'direction' | 'range'>;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** A score in [0, 1], or why there is none. */
export function normalise(
  rule: Normalise,
  indicator: Judged,
  input: IndicatorInput,
): { normalised: number; missing: null } | { normalised: null; missing: MissingReason } {
  if (input.value === null) return { normalised: null, missing: 'no-data' };
  if (rule.kind === 'target') {
    if (input.target === null) return { normalised: null, missing: 'no-target' };
    return { normalised: targetProgress(indicator.direction, indicator.range.min, input.value, input.target).progress, missing: null };
  }
  const share = (input.value - rule.min) / (rule.max - rule.min);
  return { normalised: clamp01(indicator.direction === 'higher' ? share : 1 - share), missing: null };
}

/**
 * One area's score for one period. `inputs` has the figure and target per indicator key; `indicators`
 * the catalogue entries (direction and floor). An indicator absent from either is missing ("no-data").
 */
export function scoreArea(
  area: string,
  config: IndexConfig,
  indicators: ReadonlyMap<string, Judged>,
  inputs: ReadonlyMap<string, IndicatorInput>,
): AreaScoreV1 {
  const pillarWeightTotal = config.pillars.reduce((s, p) => s + p.weight, 0);
  const drafts = config.pillars.map((pillar) => {
    const scored = pillar.indicators.map((entry) => {
      const ind = indicators.get(entry.key);
      const input = inputs.get(entry.key) ?? { value: null, target: null };
      const n = ind ? normalise(entry.normalise, ind, input) : { normalised: null, missing: 'no-data' as const };
      return { entry, input, ...n };
    });
    const availableWeight = scored.reduce((s, x) => s + (x.normalised === null ? 0 : x.entry.weight), 0);
    const configuredWeight = pillar.indicators.reduce((s, x) => s + x.weight, 0);
    return { pillar, scored, availableWeight, configuredWeight };
  });
  const livePillarWeight = drafts.reduce((s, d) => s + (d.availableWeight > 0 ? d.pillar.weight : 0), 0);

  let score = 0;
  let coverage = 0;
  const pillars: PillarScoreV1[] = drafts.map(({ pillar, scored, availableWeight, configuredWeight }) => {
    const pillarShare = availableWeight > 0 ? pillar.weight / livePillarWeight : 0;
    let pillarScore = 0;
    const inds: IndicatorScoreV1[] = scored.map(({ entry, input, normalised, missing }) => {
      const withinPillar = normalised === null ? 0 : entry.weight / availableWeight;
      const effectiveWeight = pillarShare * withinPillar;
      const points = normalised === null ? 0 : 100 * effectiveWeight * normalised;
      if (normalised !== null) {
        pillarScore += 100 * withinPillar * normalised;
        coverage += (pillar.weight / pillarWeightTotal) * (entry.weight / configuredWeight);
      }
      score += points;
      return {
        key: entry.key,
        weight: entry.weight,
        value: input.value,
        valueTs: input.valueTs ?? null,
        target: input.target,
        normalised,
        effectiveWeight,
        points,
        missing,
      };
    });
    return {
      key: pillar.key,
      name: pillar.name,
      weight: pillar.weight,
      score: availableWeight > 0 ? pillarScore : null,
      effectiveWeight: pillarShare,
      points: inds.reduce((s, i) => s + i.points, 0),
      indicators: inds,
    };
  });
  return { area, score: livePillarWeight > 0 ? score : null, rank: null, coverage, pillars };
}

/** Competition ranking ("1, 2, 2, 4"), best score first; areas without a score get none. */
export function rankScores(scores: ReadonlyArray<{ area: string; score: number | null }>): Map<string, number> {
  const ranked = scores.filter((s): s is { area: string; score: number } => s.score !== null).sort((a, b) => b.score - a.score);
  const ranks = new Map<string, number>();
  ranked.forEach((s, i) => {
    const previous = ranked[i - 1];
    // Scores equal to display precision are a tie; a float's last bit is not a difference between districts.
    const tied = previous && Math.abs(previous.score - s.score) < 1e-9;
    ranks.set(s.area, tied ? ranks.get(previous.area)! : i + 1);
  });
  return ranks;
}

const flatten = (a: AreaScoreV1) => new Map(a.pillars.flatMap((p) => p.indicators.map((i) => [i.key, { pillar: p.key, ...i }] as const)));

/**
 * Each indicator's share of the change from `from` to `to` (the same area and configuration), largest
 * |contribution| first. The contributions sum to to.score − from.score (see the module comment).
 */
export function decompose(from: AreaScoreV1, to: AreaScoreV1): ContributionV1[] {
  const a = flatten(from);
  const b = flatten(to);
  const out: ContributionV1[] = [];
  for (const [key, x] of b) {
    const y = a.get(key);
    if (!y) continue;
    const s1 = y.normalised ?? x.normalised ?? 0;
    const s2 = x.normalised ?? y.normalised ?? 0;
    const e1 = y.effectiveWeight;
    const e2 = x.effectiveWeight;
    out.push({
      indicator: key,
      pillar: x.pillar,
      contribution: x.points - y.points,
      valueEffect: 100 * ((e1 + e2) / 2) * (s2 - s1),
      weightEffect: 100 * ((s1 + s2) / 2) * (e2 - e1),
      from: { value: y.value, target: y.target, normalised: y.normalised, effectiveWeight: e1, missing: y.missing },
      to: { value: x.value, target: x.target, normalised: x.normalised, effectiveWeight: e2, missing: x.missing },
    });
  }
  return out.sort((p, q) => Math.abs(q.contribution) - Math.abs(p.contribution) || p.indicator.localeCompare(q.indicator));
}
