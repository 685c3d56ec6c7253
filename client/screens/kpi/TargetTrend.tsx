/**
 * An area's figure month by month over two years, against the target in force at the end of each month
 * (a dashed step line). Read again when the area's live value changes.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesV1 } from '../../../shared/api';
import type { Indicator } from '../../../shared/catalog';
import { targetFor, type TargetV1 } from '../../../shared/plan';
import { fromLocal, localParts } from '../../../shared/time';
import type { Lang } from '../../features/i18n/i18n';
import { formatNumber, formatPeriod } from '../../features/live/format';
import { formatTarget } from './TargetParts';
import { detailText } from './text';
import { useResource } from './useResource';

export interface TargetTrendProps {
  indicator: Indicator;
  area: string;
  root: string;
  targets: readonly TargetV1[];
  /** The area's live value's version: a new one means the history grew. */
  version: number;
  now: number;
  lang: Lang;
}

const MONTHS = 24;

interface Row {
  t: number;
  v: number | null;
  target: number | null;
}

export const TargetTrend = memo(function TargetTrend({ indicator, area, root, targets, version, now, lang }: TargetTrendProps) {
  const t = detailText(lang);
  const p = localParts(new Date(now));
  // Whole local months, so the address (and the cached answer) only changes when the month does.
  const months = useMemo(() => Array.from({ length: MONTHS + 1 }, (_, i) => fromLocal(p.year, p.month - MONTHS + 1 + i).getTime()), [p.year, p.month]);
  const url = `/api/v1/series?${new URLSearchParams({
    indicator: indicator.key,
    area,
    bucket: 'month',
    from: new Date(months[0]!).toISOString(),
    to: new Date(months[MONTHS]!).toISOString(),
  })}`;
  const series = useResource<SeriesV1>(url, version);
  const data = useMemo<Row[]>(() => {
    const byMonth = new Map((series.data?.buckets ?? []).map((b) => [Date.parse(b.start), b.value]));
    return months.slice(0, MONTHS).map((start, i) => ({
      t: start,
      v: byMonth.get(start) ?? null,
      target: targetFor(targets, { indicator: indicator.key, area, root, at: months[i + 1]! - 1 })?.value ?? null,
    }));
  }, [series.data, months, targets, indicator.key, area, root]);
  const hasValues = data.some((d) => d.v !== null);
  const fmt = (v: number) => formatNumber(v, Math.min(indicator.decimals, 1), lang);
  return (
    <figure className="kpi-trend" data-testid="kpi-trend" data-area={area} data-points={data.filter((d) => d.v !== null).length}>
      {!hasValues ? (
        <p className="kpi-trend__empty">{series.loading && !series.data ? '…' : t.noHistory}</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e3e8ef" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(v: number) => formatPeriod(new Date(v).toISOString(), 'P1M', lang).replace(/^tháng /, '')}
              tick={{ fill: '#475467', fontSize: 13 }}
              stroke="#98a2b3"
              minTickGap={28}
            />
            <YAxis tickFormatter={fmt} tick={{ fill: '#475467', fontSize: 13 }} stroke="#98a2b3" width="auto" domain={['auto', 'auto']} />
            <Tooltip
              labelFormatter={(v) => formatPeriod(new Date(Number(v)).toISOString(), 'P1M', lang)}
              formatter={(value, name) => [
                typeof value === 'number' ? (name === t.targetLine ? formatTarget(value, indicator, lang) : fmt(value)) : '—',
                name,
              ]}
            />
            <Legend verticalAlign="top" height={28} iconType="plainline" />
            <Line
              name={t.targetLine}
              dataKey="target"
              type="stepAfter"
              stroke="#b45309"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line name={t.value} dataKey="v" type="monotone" stroke="#1d4ed8" strokeWidth={2.5} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
