/**
 * One figure on the start screen: the province's value against its target with a progress bar, its status,
 * a trend sparkline, when it was last updated, and whether its sources disagree. The whole card is a link
 * to the indicator's detail, a large touch target.
 */
import { memo, useMemo } from 'react';
import type { SeriesV1 } from '../../../shared/api';
import type { Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import type { DiscrepancyV1 } from '../../../shared/report';
import { isStale } from '../../../shared/status';
import { seriesSpan, withLatest } from '../../features/charts/seriesSpan';
import { pick, type Lang } from '../../features/i18n/i18n';
import { Sparkline } from '../../features/kpis/Sparkline';
import { formatDateTime, formatNumber, formatPeriod } from '../../features/live/format';
import type { Judgement } from './kpiModel';
import { ProgressBar, StatusChip, gapText, targetText, unitText } from './TargetParts';
import { kpiPageText } from './text';
import { routeHash } from './useKpiRoute';

export interface KpiCardProps {
  indicator: Indicator;
  point: PointV1 | undefined;
  judgement: Judgement;
  series: SeriesV1 | null;
  /** Open discrepancies behind this figure: its own, or its districts' for the same period. */
  disputes: readonly DiscrepancyV1[];
  /** The value shown came on the live feed while the page was open (not with the snapshot): it flashes once. */
  arrivedLive: boolean;
  now: number;
  lang: Lang;
}

const SPARK_COLOUR: Record<Judgement['status'], string> = {
  green: '#15803d',
  amber: '#b45309',
  red: '#b91c1c',
  grey: '#6b7280',
  none: '#1d4ed8',
};

export const KpiCard = memo(function KpiCard({ indicator, point, judgement, series, disputes, arrivedLive, now, lang }: KpiCardProps) {
  const t = kpiPageText(lang);
  const { bucket } = seriesSpan(indicator.frequency);
  const buckets = series?.buckets;
  const values = useMemo(() => withLatest(buckets ?? [], point, bucket).map((b) => b.v), [buckets, point, bucket]);
  const target = targetText(indicator, judgement, lang);
  const gap = gapText(indicator, judgement, lang);
  const name = pick(indicator.name, lang);
  return (
    <a
      className={`kpi-card kpi-card--${judgement.status}`}
      href={routeHash({ view: 'indicator', indicator: indicator.key, area: null })}
      data-testid={`kpi-card-${indicator.key}`}
      data-status={judgement.status}
      aria-label={`${name} — ${t.open}`}
    >
      <div className="kpi-card__head">
        <h3 className="kpi-card__name">{name}</h3>
        <StatusChip judgement={judgement} stale={point !== undefined && isStale(indicator, point, now)} lang={lang} />
      </div>
      <p className="kpi-card__figure">
        <span
          key={point?.version ?? 'none'}
          className={arrivedLive ? 'kpi-card__value kpi-card__value--flash' : 'kpi-card__value'}
          data-testid={`kpi-card-value-${indicator.key}`}
        >
          {point ? formatNumber(point.value, indicator.decimals, lang) : '—'}
        </span>
        {point && <span className="kpi-card__unit">{unitText(indicator, lang)}</span>}
        {point && <span className="kpi-card__period">{formatPeriod(point.ts, indicator.frequency, lang)}</span>}
      </p>
      <p className="kpi-card__target">{target ? `${t.target} ${target}` : t.noTarget}</p>
      <ProgressBar judgement={judgement} label={`${t.target} ${target ?? ''}`} />
      <p className="kpi-card__gap">{gap ?? '\u00a0'}</p>
      <div className="kpi-card__foot">
        <span className="kpi-card__updated">{point ? `${t.updated} ${formatDateTime(Date.parse(point.receivedAt), lang)}` : ''}</span>
        <Sparkline values={values} colour={SPARK_COLOUR[judgement.status]} />
      </div>
      {disputes.length > 0 && (
        <p className="kpi-card__disputed" data-testid={`kpi-disputed-${indicator.key}`}>
          <span aria-hidden="true">⚠</span> {t.disputed}
        </p>
      )}
    </a>
  );
});
