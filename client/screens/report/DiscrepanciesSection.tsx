/** Figures of this unit where two sources that must agree do not: both values and the difference allowed. */
import type { DiscrepanciesV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import { ResourceState } from '../../features/session/ResourceState';
import type { Resource } from '../../features/session/useApiGet';
import type { ReportNames } from './names';
import { reportText } from './text';

export function DiscrepanciesSection({ resource, names, lang }: { resource: Resource<DiscrepanciesV1>; names: ReportNames; lang: Lang }) {
  const t = reportText(lang);
  const { data, loading } = resource;
  return (
    <section className="panel" aria-labelledby="disc-title" data-testid="discrepancies" aria-busy={loading}>
      <header>
        <h2 id="disc-title">{t.discTitle}</h2>
        <p className="panel__hint">{t.discHint}</p>
      </header>
      <ResourceState resource={resource} lang={lang} empty={data?.discrepancies.length === 0} emptyText={t.noDisc} />
      {data && data.discrepancies.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.indicator}</th>
                <th scope="col">{t.area}</th>
                <th scope="col">{t.period}</th>
                <th scope="col">{t.discValues}</th>
                <th scope="col" className="num">
                  {t.difference}
                </th>
                <th scope="col" className="num">
                  {t.allowed}
                </th>
                <th scope="col">{t.opened}</th>
              </tr>
            </thead>
            <tbody>
              {data.discrepancies.map((d) => (
                <tr key={`${d.indicator}|${d.area}|${d.ts}`} data-testid={`discrepancy-${d.indicator}-${d.area}`}>
                  <td>{names.indicatorName(d.indicator)}</td>
                  <td>{names.areaName(d.area)}</td>
                  <td className="nowrap">{names.period(d.indicator, d.ts)}</td>
                  <td>
                    <ul className="disc-values">
                      {d.values.map((v) => (
                        <li key={v.source}>
                          {names.sourceName(v.source)}: <strong>{names.value(d.indicator, v.value)}</strong>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="num disc-over">{names.value(d.indicator, d.difference)}</td>
                  <td className="num">{names.value(d.indicator, d.allowed)}</td>
                  <td className="nowrap">{formatDateTime(Date.parse(d.openedAt), lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
