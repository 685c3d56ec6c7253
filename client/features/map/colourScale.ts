/**
 * How the map colours districts for one indicator: bands from its thresholds, or for an indicator without
 * thresholds, a sequential ramp over round numbers that cover the values shown. The legend reads the same
 * scale, ordered so that "better" is always on top.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Indicator } from '../../../shared/catalog';
import { RAMP_COLOURS, STATUS_COLOURS, type AreaStatus } from './palette';

export type ColourScale =
  | { kind: 'bands'; direction: Indicator['direction']; amber: number; red: number }
  | { kind: 'ramp'; direction: Indicator['direction']; breaks: number[] };

/** 1, 2, 2.5 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Four inner breaks for the five ramp colours. They move only when the values outgrow a round number, so
 * colours do not shift with every update.
 */
export function rampBreaks(values: readonly number[], range: Indicator['range']): number[] {
  const finite = values.filter(Number.isFinite);
  const low = Math.min(0, ...finite, range.min > 0 ? range.min : 0);
  const high = finite.length > 0 ? Math.max(...finite) : range.max;
  const step = niceStep((Math.max(high, low + 1e-9) - low) / RAMP_COLOURS.length);
  const start = Math.floor(low / step) * step;
  return [1, 2, 3, 4].map((i) => Number((start + i * step).toPrecision(12)));
}

export function colourScaleFor(indicator: Indicator, values: readonly number[]): ColourScale {
  const t = indicator.thresholds;
  if (t) return { kind: 'bands', direction: indicator.direction, amber: t.amber, red: t.red };
  return { kind: 'ramp', direction: indicator.direction, breaks: rampBreaks(values, indicator.range) };
}

export function rampColour(value: number, breaks: readonly number[]): string {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]!) i++;
  return RAMP_COLOURS[i]!;
}

/** The colour a legend, a ranking bar or a tile uses for an area in this status and value. */
export function colourOf(status: AreaStatus, value: number | undefined, scale: ColourScale): string {
  if (status === 'none' && scale.kind === 'ramp' && value !== undefined) return rampColour(value, scale.breaks);
  return STATUS_COLOURS[status];
}

/**
 * `fill-color` for the district layer, driven by feature state: `status` picks the band (the statuses are
 * computed once, in `shared/status.ts`, with staleness), and `value` places an unjudged figure on the ramp.
 */
export function fillColourExpression(scale: ColourScale): ExpressionSpecification {
  const ramp: unknown =
    scale.kind === 'ramp'
      ? ['step', ['to-number', ['feature-state', 'value'], 0], RAMP_COLOURS[0], ...scale.breaks.flatMap((b, i) => [b, RAMP_COLOURS[i + 1]])]
      : STATUS_COLOURS.none;
  return [
    'match',
    ['to-string', ['coalesce', ['feature-state', 'status'], 'empty']],
    'red', STATUS_COLOURS.red,
    'amber', STATUS_COLOURS.amber,
    'green', STATUS_COLOURS.green,
    'grey', STATUS_COLOURS.grey,
    'na', STATUS_COLOURS.na,
    'none', ramp,
    STATUS_COLOURS.empty,
  ] as ExpressionSpecification;
}

export interface LegendEntry {
  colour: string;
  /** [lower bound inclusive, upper bound exclusive]; undefined on an open end. */
  from?: number;
  to?: number;
}

/** Classes from best to worst (bands) or from the "better" end of the ramp. */
export function legendEntries(scale: ColourScale): LegendEntry[] {
  if (scale.kind === 'bands') {
    const { amber, red } = scale;
    return scale.direction === 'higher'
      ? [
          { colour: STATUS_COLOURS.green, from: amber },
          { colour: STATUS_COLOURS.amber, from: red, to: amber },
          { colour: STATUS_COLOURS.red, to: red },
        ]
      : [
          { colour: STATUS_COLOURS.green, to: amber },
          { colour: STATUS_COLOURS.amber, from: amber, to: red },
          { colour: STATUS_COLOURS.red, from: red },
        ];
  }
  const { breaks } = scale;
  const entries = RAMP_COLOURS.map((colour, i) => ({ colour, from: breaks[i - 1], to: breaks[i] }));
  return scale.direction === 'higher' ? entries.reverse() : entries;
}
