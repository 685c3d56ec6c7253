/**
 * One indicator, opened from its card: the selected area's figure against its target with its provenance,
 * the districts ranked, a map coloured by value, and the monthly trend against the target line.
 */
import { useCallback, useMemo } from 'react';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import type { TargetsV1 } from '../../../shared/plan';
import { isStale } from '../../../shared/status';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatNumber, formatPeriod } from '../../features/live/format';
import type { BoundaryCollection } from '../../features/map/geometry';
import { mapReadings } from '../../features/map/readings';
import { DetailMap } from './DetailMap';
import { DistrictList } from './DistrictList';
import { disputeKey, judge } from './kpiModel';
import { Provenance } from './Provenance';
import { ProgressBar, StatusChip, gapText, targetText, unitText } from './TargetParts';
import { TargetTrend } from './TargetTrend';
import { detailText, kpiPageText } from './text';
import type { Disputes } from './useDisputes';
import type { KpiRoute } from './useKpiRoute';
import { useResource } from './useResource';
import './KpiDetail.css';

export interface IndicatorDetailProps {
  index: CatalogIndex;
  indicatorKey: string;
  area: string | null;
  points: ReadonlyMap<string, PointV1>;
  disputes: Disputes;
  reloadKey: number;
  now: number;
  lang: Lang;
  onNavigate(route: KpiRoute, replace?: boolean): void;
}

export function IndicatorDetail({ index, indicatorKey, area, points, disputes, reloadKey, now, lang, onNavigate }: IndicatorDetailProps) {
  const t = detailText(lang);
  const indicator = index.catalog.indicators.find((i) => i.key === indicatorKey);
  const root = index.catalog.pack.root;
  const selected = area !== null && index.areas.has(area) ? area : root;
  const targets = useResource<TargetsV1>(`/api/v1/targets?indicator=${encodeURIComponent(indicatorKey)}`, reloadKey);
  const boundaries = useResource<BoundaryCollection>('/api/v1/boundaries');
  const list = useMemo(() => targets.data?.targets ?? [], [targets.data]);
  const readings = useMemo(() => (indicator ? mapReadings(index, indicator, points, now) : null), [index, indicator, points, now]);
  // Choosing another district replaces the history entry: "back" returns to the cards, not through every tap.
  const onSelect = useCallback(
    (code: string) => onNavigate({ view: 'indicator', indicator: indicatorKey, area: code === root ? null : code }, true),
    [onNavigate, indicatorKey, root],
  );

  if (!indicator || !readings) {
    return (
      <div className="kpi-notice">
        <p>{t.unknownIndicator}</p>
        <a className="kpi-button" href="#kpis">
          ← {t.back}
        </a>
      </div>
    );
  }
  const point = points.get(seriesKey({ indicator: indicator.key, area: selected }));
  const provincePoint = points.get(seriesKey({ indicator: indicator.key, area: root }));
  const judgement = judge(indicator, point, list, selected, root, now);
  const target = targetText(indicator, judgement, lang);
  const areaName = selected === root ? t.province : (index.areas.get(selected)?.name[lang] ?? selected);
  // The province's figure is built from the districts': a disputed district figure casts doubt on it too.
  const own = point ? disputes.byKey.get(disputeKey(point)) : undefined;
  const pointDisputes = point && selected === root ? (disputes.byPeriod.get(`${point.indicator}|${point.ts}`) ?? []) : own ? [own] : [];
  return (
    <article className="kpi-detail" data-testid="kpi-detail" data-indicator={indicator.key} data-area={selected}>
      <header className="kpi-detail__head">
        <a className="kpi-back" href="#kpis" data-testid="kpi-back">
          <span aria-hidden="true">←</span> {t.back}
        </a>
        <div>
          <h2>{pick(indicator.name, lang)}</h2>
          <p>
            {indicator.framework ? `${indicator.framework} · ` : ''}
            {indicator.direction === 'higher' ? t.higherBetter : t.lowerBetter}
          </p>
        </div>
      </header>

      <section className="kpi-detail__summary kpi-panel">
        <div className="kpi-detail__figure" data-testid="kpi-detail-figure">
          <h3>{areaName}</h3>
          <p className="kpi-detail__value">
            <span data-testid="kpi-detail-value">{point ? formatNumber(point.value, indicator.decimals, lang) : '—'}</span>
            <span className="kpi-card__unit">{unitText(indicator, lang)}</span>
            {point && <span className="kpi-card__period">{formatPeriod(point.ts, indicator.frequency, lang)}</span>}
            <StatusChip judgement={judgement} stale={point !== undefined && isStale(indicator, point, now)} lang={lang} />
          </p>
          <p className="kpi-card__target">
            {target ? `${kpiPageText(lang).target} ${target}` : kpiPageText(lang).noTarget}
            {judgement.target && judgement.target.area !== selected && ` (${kpiPageText(lang).provinceTarget})`}
          </p>
          <ProgressBar judgement={judgement} label={target ?? ''} />
          <p className="kpi-card__gap">{gapText(indicator, judgement, lang) ?? '\u00a0'}</p>
        </div>
        <Provenance index={index} indicator={indicator} point={point} disputes={pointDisputes} lang={lang} />
      </section>

      <div className="kpi-detail__grid">
        <section className="kpi-panel kpi-detail__ranking">
          <h3>{t.ranking}</h3>
          <p className="kpi-panel__hint">{t.rankingHint}</p>
          <DistrictList
            index={index}
            indicator={indicator}
            readings={readings}
            provincePoint={provincePoint}
            targets={list}
            selected={selected}
            disputes={disputes}
            now={now}
            lang={lang}
            onSelect={onSelect}
          />
        </section>
        <div className="kpi-detail__side">
          <section className="kpi-panel kpi-detail__trend">
            <h3>
              {t.trend} — {areaName}
            </h3>
            <TargetTrend indicator={indicator} area={selected} root={root} targets={list} version={point?.version ?? 0} now={now} lang={lang} />
          </section>
          <section className="kpi-panel kpi-detail__map">
            <h3>{t.map}</h3>
            <DetailMap index={index} indicator={indicator} boundaries={boundaries.data} readings={readings} targets={list} now={now} lang={lang} />
          </section>
        </div>
      </div>
    </article>
  );
}
