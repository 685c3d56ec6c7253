/** The districts ranked by the indicator (best first), each against its own target; tapping one selects it. */
import { memo } from 'react';
import type { Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import type { TargetV1 } from '../../../shared/plan';
import { isStale } from '../../../shared/status';
import type { Lang } from '../../features/i18n/i18n';
import { shortName, type CatalogIndex } from '../../features/live/catalogIndex';
import { formatNumber } from '../../features/live/format';
import { rankDistricts, type MapReadings } from '../../features/map/readings';
import { disputeKey, judge } from './kpiModel';
import { StatusChip, targetText } from './TargetParts';
import { detailText, kpiPageText } from './text';
import type { Disputes } from './useDisputes';

export interface DistrictListProps {
  index: CatalogIndex;
  indicator: Indicator;
  readings: MapReadings;
  provincePoint: PointV1 | undefined;
  targets: readonly TargetV1[];
  selected: string;
  disputes: Disputes;
  now: number;
  lang: Lang;
  onSelect(area: string): void;
}

export const DistrictList = memo(function DistrictList(props: DistrictListProps) {
  const { index, indicator, readings, provincePoint, targets, selected, disputes, now, lang, onSelect } = props;
  const t = detailText(lang);
  const root = index.catalog.pack.root;
  const ranked = rankDistricts(readings);
  const row = (code: string, name: string, rank: number | null, point: PointV1 | undefined) => {
    const judgement = judge(indicator, point, targets, code, root, now);
    const disputed = point !== undefined && disputes.byKey.has(disputeKey(point));
    const target = targetText(indicator, judgement, lang);
    return (
      <li key={code}>
        <button
          type="button"
          className={code === selected ? 'kpi-district kpi-district--selected' : 'kpi-district'}
          onClick={() => onSelect(code)}
          aria-pressed={code === selected}
          data-testid={`kpi-district-${code}`}
        >
          <span className="kpi-district__rank">{rank ?? ''}</span>
          <span className="kpi-district__name">
            {name}
            {target && <small>{target}</small>}
          </span>
          <span className="kpi-district__value">
            {disputed && (
              <span className="kpi-district__disputed" title={kpiPageText(lang).disputed} aria-label={kpiPageText(lang).disputed}>
                ⚠
              </span>
            )}
            {point ? formatNumber(point.value, indicator.decimals, lang) : '—'}
          </span>
          <StatusChip judgement={judgement} stale={point !== undefined && isStale(indicator, point, now)} lang={lang} />
        </button>
      </li>
    );
  };
  const reported = ranked.filter((r) => r.status !== 'na');
  return (
    <ol className="kpi-districts" data-testid="kpi-district-list">
      {row(root, t.province, null, provincePoint)}
      {reported.map((r, i) => row(r.area.code, shortName(r.area, lang), r.point ? i + 1 : null, r.point))}
      {reported.length === 0 && <li className="kpi-districts__none">{t.notReported}</li>}
    </ol>
  );
});
