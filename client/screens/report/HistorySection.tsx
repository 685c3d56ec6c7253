/** What the unit sent, newest first: every revision, who sent it and when; replaced revisions struck through. */
import type { HistoryV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import { ResourceState } from '../../features/session/ResourceState';
import type { Resource } from '../../features/session/useApiGet';
import { fill } from '../../features/session/text';
import type { ReportNames } from './names';
import { reportText } from './text';

/** "user:lan" → "lan", "key:3f2a…" → "khóa API 3f2a…", "system" → "hệ thống". */
export function submitterName(by: string | null, lang: Lang): string {
  const t = reportText(lang);
  if (!by) return '—';
  if (by === 'system') return t.bySystem;
  const [kind, ...rest] = by.split(':');
  const id = rest.join(':');
  if (kind === 'user') return id;
  if (kind === 'key') return fill(t.byKey, { id });
  return by;
}

export function HistorySection({ resource, names, lang }: { resource: Resource<HistoryV1>; names: ReportNames; lang: Lang }) {
  const t = reportText(lang);
  const { data, loading } = resource;
  return (
    <section className="panel" aria-labelledby="history-title" data-testid="history" aria-busy={loading}>
      <header>
        <h2 id="history-title">{t.historyTitle}</h2>
        <p className="panel__hint">{t.historyHint}</p>
      </header>
      <ResourceState resource={resource} lang={lang} empty={data?.revisions.length === 0} emptyText={t.noHistory} />
      {data && data.revisions.length > 0 && (
        <div className="table-wrap history-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.received}</th>
                <th scope="col">{t.indicator}</th>
                <th scope="col">{t.area}</th>
                <th scope="col">{t.period}</th>
                <th scope="col" className="num">
                  {t.value}
                </th>
                <th scope="col">{t.source}</th>
                <th scope="col" className="num">
                  {t.revision}
                </th>
                <th scope="col">{t.submittedBy}</th>
              </tr>
            </thead>
            <tbody>
              {data.revisions.map((r) => (
                <tr
                  key={`${r.indicator}|${r.area}|${r.ts}|${r.source}|${r.revision}`}
                  className={r.superseded ? 'is-superseded' : undefined}
                  title={r.superseded ? t.superseded : undefined}
                  data-testid={`history-${r.indicator}-${r.area}`}
                  data-superseded={r.superseded}
                >
                  <td className="nowrap">{formatDateTime(Date.parse(r.receivedAt), lang)}</td>
                  <td>{names.indicatorName(r.indicator)}</td>
                  <td>{names.areaName(r.area)}</td>
                  <td className="nowrap">{names.period(r.indicator, r.ts)}</td>
                  <td className="num" data-testid="history-value">
                    {r.superseded ? (
                      <s>
                        <span className="visually-hidden">{t.superseded}: </span>
                        {names.value(r.indicator, r.value)}
                      </s>
                    ) : (
                      names.value(r.indicator, r.value)
                    )}
                  </td>
                  <td>{names.sourceName(r.source)}</td>
                  <td className="num">{r.revision}</td>
                  <td>{submitterName(r.submittedBy, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
