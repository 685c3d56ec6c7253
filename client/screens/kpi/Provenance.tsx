/** Where the figure shown comes from: source, reporting unit, period, when it was received, which revision. */
import type { Indicator } from '../../../shared/catalog';
import type { PointV1 } from '../../../shared/observations';
import type { DiscrepancyV1 } from '../../../shared/report';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatDateTime, formatNumber, formatPeriod } from '../../features/live/format';
import { detailText, kpiPageText } from './text';

export interface ProvenanceProps {
  index: CatalogIndex;
  indicator: Indicator;
  point: PointV1 | undefined;
  disputes: readonly DiscrepancyV1[];
  lang: Lang;
}

export function Provenance({ index, indicator, point, disputes, lang }: ProvenanceProps) {
  const t = detailText(lang);
  if (!point) return null;
  const unit = point.unit ? index.catalog.units.find((u) => u.code === point.unit) : undefined;
  const sourceName = (key: string) => index.catalog.sources.find((s) => s.key === key)?.name[lang] ?? key;
  const rows: [string, string][] = [
    [t.source, index.sourceName(point, lang)],
    [t.reportedBy, unit ? pick(unit.name, lang) : (point.unit ?? '—')],
    [t.period, formatPeriod(point.ts, indicator.frequency, lang)],
    [t.received, formatDateTime(Date.parse(point.receivedAt), lang)],
    [t.revision, point.revision <= 1 ? t.firstRevision : `${t.revisionN} ${point.revision}`],
  ];
  if (point.coverage !== null) rows.push([t.coverage, `${point.coverage}/${index.childCount(indicator.key, point.area)} ${kpiPageText(lang).districts}`]);
  return (
    <section className="kpi-provenance" data-testid="kpi-provenance">
      <h3>{t.provenance}</h3>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {disputes.map((d) => (
        <p key={`${d.area}|${d.ts}`} className="kpi-provenance__dispute" data-testid="kpi-provenance-dispute">
          <span aria-hidden="true">⚠</span> {kpiPageText(lang).disputed}
          {d.area !== point.area && ` (${index.areas.get(d.area)?.name[lang] ?? d.area})`}:{' '}
          {d.values.map((v) => `${sourceName(v.source)} ${formatNumber(v.value, indicator.decimals, lang)}`).join(' · ')}
        </p>
      ))}
    </section>
  );
}
