/** "Kỳ này đơn vị cần báo cáo": each figure owed for the period just ended, its deadline and where it stands. */
import type { ObligationStatus, ObligationsV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import { formatDateTime, formatLongDate } from '../../features/live/format';
import { ResourceState } from '../../features/session/ResourceState';
import type { Resource } from '../../features/session/useApiGet';
import { fill } from '../../features/session/text';
import type { ReportNames } from './names';
import { STATUS_LABEL, reportText } from './text';

export interface ObligationsSectionProps {
  resource: Resource<ObligationsV1>;
  names: ReportNames;
  lang: Lang;
}

export function ObligationsSection({ resource, names, lang }: ObligationsSectionProps) {
  const t = reportText(lang);
  const { data, loading } = resource;
  const counts: Record<ObligationStatus, number> = { submitted: 0, late: 0, missing: 0, due: 0 };
  for (const o of data?.obligations ?? []) counts[o.status]++;

  return (
    <section className="panel" aria-labelledby="obligations-title" data-testid="obligations" aria-busy={loading}>
      <header>
        <h2 id="obligations-title">{t.obligationsTitle}</h2>
        {data && data.obligations.length > 0 && (
          <p className="panel__hint" data-testid="obligations-summary">
            {fill(t.summary, counts)}
          </p>
        )}
      </header>
      <ResourceState resource={resource} lang={lang} empty={data?.obligations.length === 0} emptyText={t.noObligations} />
      {data && data.obligations.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.indicator}</th>
                <th scope="col">{t.period}</th>
                <th scope="col">{t.due}</th>
                <th scope="col">{t.status}</th>
                <th scope="col" className="num">
                  {t.submittedValue}
                </th>
                <th scope="col" className="num">
                  {t.previous}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.obligations.map((o) => {
                const label = STATUS_LABEL[o.status];
                return (
                  <tr key={`${o.indicator}|${o.area}|${o.period}`} data-testid={`obligation-${o.indicator}-${o.area}`} data-status={o.status}>
                    <th scope="row">
                      {names.indicatorName(o.indicator)}
                      <small className="muted obligation-area">{names.areaName(o.area)}</small>
                    </th>
                    <td className="nowrap">{names.period(o.indicator, o.period)}</td>
                    <td className="nowrap" title={formatDateTime(Date.parse(o.dueAt), lang)}>
                      {formatLongDate(Date.parse(o.dueAt), lang)}
                    </td>
                    <td>
                      <span className={`badge badge--${label.tone}`} data-testid="obligation-status">
                        {label[lang]}
                      </span>
                      {o.disputed && (
                        <span className="badge badge--bad obligation-disputed" title={t.disputedTitle} data-testid="obligation-disputed">
                          ⚠ {t.disputed}
                        </span>
                      )}
                    </td>
                    <td className="num" data-testid="obligation-value">
                      {o.value === null ? '—' : names.value(o.indicator, o.value)}
                      {o.firstReceivedAt && <small className="muted">{fill(t.receivedAt, { time: formatDateTime(Date.parse(o.firstReceivedAt), lang) })}</small>}
                    </td>
                    <td className="num">
                      {o.previous ? names.value(o.indicator, o.previous.value) : '—'}
                      {o.previous && <small className="muted">{names.period(o.indicator, o.previous.period)}</small>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
