/** Districts ordered best first by the map's indicator, each with a bar in its status colour. */
import { memo } from 'react';
import { pick, type Lang } from '../../features/i18n/i18n';
import { shortName } from '../../features/live/catalogIndex';
import { formatNumber } from '../../features/live/format';
import { colourOf } from '../../features/map/colourScale';
import { rankDistricts, type MapReadings } from '../../features/map/readings';
import { wallText } from './text';

export const DistrictRanking = memo(function DistrictRanking({ readings, lang }: { readings: MapReadings; lang: Lang }) {
  const t = wallText(lang);
  const { indicator, scale } = readings;
  const ranked = rankDistricts(readings).filter((r) => r.status !== 'na');
  const withoutStation = readings.districts.length - ranked.length;
  const values = ranked.flatMap((r) => (r.point ? [r.point.value] : []));
  // Percentages are drawn against 100 %, other figures against the largest shown.
  const low = Math.min(0, ...values);
  const high = indicator.unit.en === '%' ? indicator.range.max : Math.max(low + 1e-9, ...values);
  let position = 0;
  return (
    <section className="ranking" data-testid="ranking" data-indicator={indicator.key}>
      <h2 className="wall-panel__title">
        {t.ranking}
        <span className="ranking__unit"> · {pick(indicator.unit, lang)}</span>
      </h2>
      <ol className="ranking__list" style={{ gridTemplateRows: `repeat(${Math.max(ranked.length, 8)}, minmax(0, 1fr))` }}>
        {ranked.map((r) => {
          const value = r.point?.value;
          const width = value === undefined ? 0 : Math.max(1.5, ((value - low) / (high - low)) * 100);
          return (
            <li key={r.area.code} className="ranking__row" data-testid={`rank-${r.area.code}`} data-status={r.status} data-value={value ?? ''}>
              <span className="ranking__pos">{value === undefined ? '' : ++position}</span>
              <span className="ranking__name">{shortName(r.area, lang)}</span>
              <span className="ranking__bar">
                <span style={{ width: `${Math.min(100, width)}%`, background: colourOf(r.status, value, scale) }} />
              </span>
              <span className="ranking__value">{value === undefined ? '—' : formatNumber(value, indicator.decimals, lang)}</span>
            </li>
          );
        })}
      </ol>
      {withoutStation > 0 && (
        <p className="ranking__note">
          {withoutStation} {t.districtsWithout}
        </p>
      )}
    </section>
  );
});
