/**
 * One province figure, readable across the room: value and unit, change against the previous period, a
 * sparkline, and its status as colour and as a word (red, amber, green; grey when overdue).
 */
import { memo, useMemo, useState } from 'react';
import type { SeriesV1 } from '../../../shared/api';
import type { Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import { statusOf } from '../../../shared/status';
import type { Frequency } from '../../../shared/time';
import { changeAgainstPrevious, seriesSpan, withLatest } from '../charts/seriesSpan';
import { pick, type Lang } from '../i18n/i18n';
import { formatNumber, formatPeriod } from '../live/format';
import { STATUS_COLOURS } from '../map/palette';
import { Sparkline } from './Sparkline';
import { kpiText } from './text';

export interface KpiTileProps {
  indicator: Indicator;
  point: PointV1 | undefined;
  series: SeriesV1 | null;
  now: number;
  lang: Lang;
}

/** Readings are compared hour by hour (the series' bucket); reports by their own period. */
const comparedAs = (f: Frequency): Frequency => (f === 'PT15M' ? 'PT1H' : f);

export const KpiTile = memo(function KpiTile({ indicator, point, series, now, lang }: KpiTileProps) {
  const t = kpiText(lang);
  const status = statusOf(indicator, point, now);
  const { bucket } = seriesSpan(indicator.frequency);
  const buckets = series?.buckets;
  const values = useMemo(() => withLatest(buckets ?? [], point, bucket).map((b) => b.v), [buckets, point, bucket]);
  const change = point && buckets ? changeAgainstPrevious(point.value, point.ts, buckets, bucket) : null;
  // Flash values that arrive while the tile is on screen, not the first one it shows (the snapshot's).
  const [firstVersion, setFirstVersion] = useState(point?.version);
  if (firstVersion === undefined && point) setFirstVersion(point.version);
  const flash = point !== undefined && firstVersion !== undefined && point.version !== firstVersion;
  const unit = pick(indicator.unit, lang);

  let changeText = point ? t.noPrevious : '';
  let changeClass = 'kpi-tile__change';
  if (point && change) {
    const since = formatPeriod(change.previousStart, comparedAs(indicator.frequency), lang);
    const size = formatNumber(Math.abs(change.delta), indicator.decimals, lang);
    if (size === formatNumber(0, indicator.decimals, lang)) changeText = `= ${t.unchanged} ${since}`;
    else {
      const better = (change.delta > 0) === (indicator.direction === 'higher');
      changeText = `${change.delta > 0 ? '▲' : '▼'} ${size} ${t.vsPrevious} ${since}`;
      changeClass += better ? ' kpi-tile__change--better' : ' kpi-tile__change--worse';
    }
  }

  return (
    <article className={`kpi-tile kpi-tile--${status}`} data-testid={`kpi-${indicator.key}`} data-status={status}>
      <header className="kpi-tile__head">
        <h3 className="kpi-tile__name">{pick(indicator.name, lang)}</h3>
        {status !== 'none' && <span className="kpi-tile__status">{point ? t[status] : t.noData}</span>}
      </header>
      <p className="kpi-tile__figure">
        <span key={point?.version ?? 'none'} className={flash ? 'kpi-tile__value kpi-tile__value--flash' : 'kpi-tile__value'} data-testid={`kpi-value-${indicator.key}`}>
          {point ? formatNumber(point.value, indicator.decimals, lang) : '—'}
        </span>
        <span className="kpi-tile__unit">{unit}</span>
      </p>
      <p className={changeClass}>{changeText}</p>
      <footer className="kpi-tile__foot">
        <span className="kpi-tile__period">{point ? formatPeriod(point.ts, indicator.frequency, lang) : ''}</span>
        <Sparkline values={values} colour={status === 'grey' ? STATUS_COLOURS.grey : '#8fbaff'} />
      </footer>
    </article>
  );
});
