/** The map indicator's province figure over time: 24 hours, 30 days or two years depending on its frequency. */
import { memo, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { SeriesV1 } from '../../../shared/api';
import type { Indicator } from '../../../shared/catalog';
import { localParts, type Bucket } from '../../../shared/time';
import { STATUS_COLOURS } from '../map/palette';
import { pick, type Lang } from '../i18n/i18n';
import { formatNumber, formatTime } from '../live/format';
import { seriesSpan } from './seriesSpan';
import { chartText } from './text';
import './TrendChart.css';

export interface TrendChartProps {
  indicator: Indicator;
  series: SeriesV1 | null;
  lang: Lang;
}

const pad = (n: number) => String(n).padStart(2, '0');

function tickLabel(t: number, bucket: Bucket, lang: Lang): string {
  if (bucket === 'hour') return formatTime(t, lang);
  const p = localParts(new Date(t));
  if (bucket === 'day') return `${pad(p.day)}/${pad(p.month)}`;
  return lang === 'vi' ? `${p.month}/${p.year}` : `${pad(p.month)}/${p.year}`;
}

/** The wall's size against 1920×1080 (its CSS scales the same way): recharts' margins are in pixels. */
const wallScale = () => Math.max(1, Math.min(innerWidth / 1920, innerHeight / 1080));

export const TrendChart = memo(function TrendChart({ indicator, series, lang }: TrendChartProps) {
  const t = chartText(lang);
  const k = wallScale();
  const { bucket } = seriesSpan(indicator.frequency);
  const data = useMemo(() => (series?.buckets ?? []).map((b) => ({ t: Date.parse(b.start), v: b.value })), [series]);
  const periodLabel = { hour: t.last24h, day: t.last30d, month: indicator.frequency === 'P1Y' ? t.last8y : t.last24m }[bucket];
  const fmt = (v: number) => formatNumber(v, Number.isInteger(v) ? 0 : indicator.decimals, lang);
  return (
    <figure className="trend-chart" data-testid="trend-chart" data-indicator={indicator.key} data-points={data.length}>
      <figcaption>
        <span className="trend-chart__name">{pick(indicator.name, lang)}</span>
        <span className="trend-chart__window">
          {t.province} · {periodLabel} · {pick(indicator.unit, lang)}
        </span>
      </figcaption>
      {data.length === 0 ? (
        <p className="trend-chart__empty">{series ? t.noHistory : t.loading}</p>
      ) : (
        <div className="trend-chart__plot">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={{ top: 8 * k, right: 16 * k, bottom: 0, left: 0 }}>
              <defs>
                <linearGradient id="trend-fill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="#6aa8ff" stopOpacity={0.45} />
                  <stop offset="100%" stopColor="#6aa8ff" stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid stroke="#223047" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(v: number) => tickLabel(v, bucket, lang)}
                tick={{ fill: '#9fb0c7' }}
                stroke="#3a4a62"
                minTickGap={24}
                padding={{ left: 14 * k, right: 14 * k }}
              />
              <YAxis tickFormatter={fmt} tick={{ fill: '#9fb0c7' }} stroke="#3a4a62" width="auto" domain={['auto', 'auto']} />
              {indicator.thresholds && (
                <>
                  <ReferenceLine y={indicator.thresholds.amber} stroke={STATUS_COLOURS.amber} strokeDasharray="6 4" ifOverflow="extendDomain" />
                  <ReferenceLine y={indicator.thresholds.red} stroke={STATUS_COLOURS.red} strokeDasharray="6 4" ifOverflow="extendDomain" />
                </>
              )}
              <Area dataKey="v" type="monotone" stroke="#6aa8ff" fill="url(#trend-fill)" isAnimationActive={false} dot={false} />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
});
