import { memo } from 'react';
import type { Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import { commonText, type Lang } from '../../features/i18n/i18n';
import { formatNumber } from '../../features/live/format';
import { liveText } from './text';

export interface ValueCellProps {
  indicator: Indicator;
  area: string;
  point: PointV1 | undefined;
  /** Whether this series can hold a value at all (a province-only figure has none per district). */
  applicable: boolean;
  /** The point arrived live since the page loaded: flash it once. */
  justChanged: boolean;
  lang: Lang;
  title?: string;
  /** Set when two sources declared to agree on this figure do not: what each says, for the marker's tooltip. */
  dispute?: string;
  /** Cells repeated in the details row leave the test id to the main cell. */
  withTestId?: boolean;
  className?: string;
}

export const ValueCell = memo(function ValueCell(props: ValueCellProps) {
  const { indicator, area, point, applicable, justChanged, lang, title, dispute, withTestId = true, className = '' } = props;
  const t = commonText(lang);
  const testId = withTestId ? `value-${indicator.key}-${area}` : undefined;
  if (!applicable) {
    return (
      <td className={`value value--na ${className}`} title={t.notApplicable}>
        —
      </td>
    );
  }
  if (!point) {
    return (
      <td className={`value value--empty ${className}`} data-testid={testId} title={title}>
        {t.noData}
      </td>
    );
  }
  return (
    <td className={`value ${dispute ? 'value--disputed' : ''} ${className}`} data-testid={testId} title={title}>
      {/* A new key remounts the span, which restarts the highlight for each new version. */}
      <span key={point.version} className={justChanged ? 'value__flash' : undefined}>
        {formatNumber(point.value, indicator.decimals, lang)}
      </span>
      {dispute && (
        <span className="value__dispute" title={dispute} data-testid={withTestId ? `dispute-${indicator.key}-${area}` : undefined}>
          <span aria-hidden="true">⚠</span> {liveText(lang).disputed}
        </span>
      )}
    </td>
  );
});
