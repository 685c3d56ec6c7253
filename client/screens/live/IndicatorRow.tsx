import type { Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import { discrepancyKey, type DiscrepancyV1 } from '../../../shared/report';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatDateTime, formatNumber, formatPeriod } from '../../features/live/format';
import { latest } from '../../features/live/useLive';
import { fill } from '../../features/session/text';
import { liveText } from './text';
import { ValueCell } from './ValueCell';

export interface IndicatorRowProps {
  indicator: Indicator;
  index: CatalogIndex;
  points: ReadonlyMap<string, PointV1>;
  /** Open discrepancies by `indicator|area|ts`: the figures shown for those periods are disputed. */
  discrepancies: ReadonlyMap<string, DiscrepancyV1>;
  justChanged: ReadonlySet<PointV1>;
  expanded: boolean;
  lang: Lang;
  onToggle(key: string): void;
}

/** One indicator: the province figure with its period and source, then one column per district. */
export function IndicatorRow({ indicator, index, points, discrepancies, justChanged, expanded, lang, onToggle }: IndicatorRowProps) {
  const t = liveText(lang);
  const root = index.catalog.pack.root;
  const areas = index.seriesAreas.get(indicator.key) ?? new Set<string>();
  const provincePoint = latest(points, indicator.key, root);
  const unit = pick(indicator.unit, lang);
  const describe = (point: PointV1 | undefined, areaName: string) =>
    point
      ? `${areaName}: ${formatNumber(point.value, indicator.decimals, lang)} ${unit} · ${formatPeriod(point.ts, indicator.frequency, lang)} · ${sourceLabel(point)}`
      : areaName;
  const sourceLabel = (point: PointV1) => {
    const name = index.sourceName(point, lang);
    return point.coverage === null ? name : `${name} (${point.coverage}/${index.childCount(indicator.key, point.area)})`;
  };
  const sourceTitle = (point: PointV1) =>
    point.coverage === null ? undefined : `${point.coverage}/${index.childCount(indicator.key, point.area)} ${t.coverage}`;
  /** The marker's tooltip when the period shown is disputed: each source's value, the gap and what is allowed. */
  const disputeOf = (point: PointV1 | undefined): string | undefined => {
    const d = point && discrepancies.get(discrepancyKey(point));
    if (!d) return undefined;
    const number = (v: number) => formatNumber(v, indicator.decimals, lang);
    const values = d.values.map((v) => `${index.catalog.sources.find((s) => s.key === v.source)?.name[lang] ?? v.source} ${number(v.value)} ${unit}`).join('; ');
    return fill(t.disputeTitle, { values, difference: `${number(d.difference)} ${unit}`, allowed: `${number(d.allowed)} ${unit}` });
  };
  const details = expanded ? index.areasBelowRoot(indicator.key) : [];
  const districtCodes = new Set(index.districts.map((d) => d.code));

  return (
    <>
      <tr className={expanded ? 'indicator-row indicator-row--open' : 'indicator-row'}>
        <th scope="row" className="indicator-row__name">
          <button type="button" className="expander" aria-expanded={expanded} title={expanded ? t.hideDetails : t.showDetails} onClick={() => onToggle(indicator.key)}>
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
            {pick(indicator.name, lang)}
          </button>
          {indicator.framework && <span className="indicator-row__framework">{indicator.framework}</span>}
        </th>
        <td className="unit">{unit}</td>
        <ValueCell
          indicator={indicator}
          area={root}
          point={provincePoint}
          applicable={areas.has(root)}
          justChanged={provincePoint !== undefined && justChanged.has(provincePoint)}
          lang={lang}
          dispute={disputeOf(provincePoint)}
          className="value--province"
        />
        <td className="period">{provincePoint ? formatPeriod(provincePoint.ts, indicator.frequency, lang) : '—'}</td>
        <td className="source" title={provincePoint && sourceTitle(provincePoint)}>
          {provincePoint ? sourceLabel(provincePoint) : '—'}
        </td>
        {index.districts.map((d) => {
          const point = latest(points, indicator.key, d.code);
          return (
            <ValueCell
              key={d.code}
              indicator={indicator}
              area={d.code}
              point={point}
              applicable={areas.has(d.code)}
              justChanged={point !== undefined && justChanged.has(point)}
              lang={lang}
              title={describe(point, pick(d.name, lang))}
              dispute={disputeOf(point)}
            />
          );
        })}
      </tr>
      {expanded && (
        <tr className="details-row">
          <td colSpan={5 + index.districts.length}>
            <table className="details">
              <thead>
                <tr>
                  <th scope="col">{t.area}</th>
                  <th scope="col">{t.value} ({unit})</th>
                  <th scope="col">{t.period}</th>
                  <th scope="col">{t.source}</th>
                  <th scope="col">{t.received}</th>
                </tr>
              </thead>
              <tbody>
                {details.map((area) => {
                  const point = latest(points, indicator.key, area.code);
                  return (
                    <tr key={area.code}>
                      <th scope="row" className={area.kind === 'station' ? 'details__station' : undefined}>
                        {pick(area.name, lang)}
                      </th>
                      <ValueCell
                        indicator={indicator}
                        area={area.code}
                        point={point}
                        applicable
                        justChanged={point !== undefined && justChanged.has(point)}
                        lang={lang}
                        dispute={disputeOf(point)}
                        withTestId={!districtCodes.has(area.code)}
                      />
                      <td>{point ? formatPeriod(point.ts, indicator.frequency, lang) : '—'}</td>
                      <td title={point && sourceTitle(point)}>{point ? sourceLabel(point) : '—'}</td>
                      <td>{point ? formatDateTime(Date.parse(point.receivedAt), lang) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </>
  );
}
