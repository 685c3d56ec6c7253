/** The map's key: the bands of the indicator on screen, best first, then "overdue" and "no data". */
import { memo } from 'react';
import type { Indicator } from '../../../shared/catalog';
import { pick, type Lang } from '../i18n/i18n';
import { formatNumber } from '../live/format';
import { legendEntries, type ColourScale } from './colourScale';
import { STATUS_COLOURS } from './palette';
import { mapText } from './text';

export interface MapLegendProps {
  indicator: Indicator;
  scale: ColourScale;
  /** Whether some district cannot hold the indicator (it has no station): only then is that explained. */
  showNotApplicable: boolean;
  lang: Lang;
}

/** Thresholds keep their own precision: 1.4 m stays "1,4", 95 % stays "95". */
function formatBound(value: number, lang: Lang): string {
  const decimals = Number.isInteger(value) ? 0 : Math.min(3, String(value).split('.')[1]?.length ?? 0);
  return formatNumber(value, decimals, lang);
}

export const MapLegend = memo(function MapLegend({ indicator, scale, showNotApplicable, lang }: MapLegendProps) {
  const t = mapText(lang);
  const rangeLabel = (from?: number, to?: number) => {
    if (from === undefined && to !== undefined) return `< ${formatBound(to, lang)}`;
    if (to === undefined && from !== undefined) return `≥ ${formatBound(from, lang)}`;
    return `${formatBound(from!, lang)} – < ${formatBound(to!, lang)}`;
  };
  const entries = legendEntries(scale);
  const bandNames = [t.good, t.warning, t.alert];
  return (
    <div className="map-legend" data-testid="map-legend" data-scale={scale.kind}>
      <p className="map-legend__title">
        {pick(indicator.unit, lang)} · {indicator.direction === 'higher' ? t.higherBetter : t.lowerBetter}
      </p>
      <ul>
        {entries.map((e, i) => (
          <li key={e.colour}>
            <span className="map-legend__swatch" style={{ background: e.colour }} />
            <span className="map-legend__range">{rangeLabel(e.from, e.to)}</span>
            {scale.kind === 'bands' && <span className="map-legend__band">{bandNames[i]}</span>}
          </li>
        ))}
        <li>
          <span className="map-legend__swatch" style={{ background: STATUS_COLOURS.grey }} />
          <span className="map-legend__range">{t.overdue}</span>
        </li>
        <li>
          <span className="map-legend__swatch map-legend__swatch--empty" style={{ background: STATUS_COLOURS.empty }} />
          <span className="map-legend__range">{t.noData}</span>
        </li>
        {showNotApplicable && (
          <li>
            <span className="map-legend__swatch map-legend__swatch--empty" style={{ background: STATUS_COLOURS.na }} />
            <span className="map-legend__range">{t.notApplicable}</span>
          </li>
        )}
      </ul>
    </div>
  );
});
