/** A small line of recent values; a plain SVG path, cheap enough to redraw whenever the history changes. */
import { memo } from 'react';

export interface SparklineProps {
  values: readonly number[];
  colour: string;
}

const W = 100;
const H = 30;

export const Sparkline = memo(function Sparkline({ values, colour }: SparklineProps) {
  if (values.length < 2) return <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = W / (values.length - 1);
  const coords = values.map((v, i) => `${(i * step).toFixed(2)},${(H - 2 - ((v - min) / span) * (H - 4)).toFixed(2)}`);
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
      <polyline points={coords.join(' ')} fill="none" stroke={colour} vectorEffect="non-scaling-stroke" />
    </svg>
  );
});
