/** The audit log, newest first, fifty at a time; "older" follows the server's cursor, "newer" goes back. */
import { useState } from 'react';
import type { AuditPageV1 } from '../../../shared/admin';
import { commonText, type Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import type { Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { useApiGet } from '../../features/session/useApiGet';
import { OUTCOME, adminText } from './text';
import { ResourceState } from '../../features/session/ResourceState';

const PAGE = 50;

/** A short, one-line rendering of the entry's detail; the whole of it is in the tooltip. */
function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
  return text === '{}' ? '' : text;
}

export function AuditSection({ api, lang }: { api: Api; lang: Lang }) {
  const t = adminText(lang);
  // The `before` cursor of each page opened so far; the last one is on screen.
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const before = cursors[cursors.length - 1] ?? null;
  const page = useApiGet<AuditPageV1>(api, `/api/v1/admin/audit?limit=${PAGE}${before === null ? '' : `&before=${before}`}`, lang);
  const entries = page.data?.entries ?? [];

  return (
    <section className="panel" aria-labelledby="audit-title" data-testid="audit" aria-busy={page.loading}>
      <header>
        <h2 id="audit-title">{t.tabAudit}</h2>
        <p className="panel__hint">{t.auditHint}</p>
      </header>
      <div className="form-row audit-paging">
        <button type="button" className="button button--small button--quiet" disabled={cursors.length === 1} onClick={() => setCursors([null])} data-testid="audit-newest">
          {t.newest}
        </button>
        <button type="button" className="button button--small button--quiet" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="audit-newer">
          {t.newer}
        </button>
        <span className="muted" data-testid="audit-page">
          {fill(t.page, { n: cursors.length })}
        </span>
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={!page.data || page.data.next === null || page.loading}
          onClick={() => page.data?.next != null && setCursors((c) => [...c, page.data!.next])}
          data-testid="audit-older"
        >
          {t.older}
        </button>
        <button type="button" className="button button--small button--quiet" onClick={page.reload} disabled={page.loading}>
          ⟳
          <span className="visually-hidden">{commonText(lang).retry}</span>
        </button>
      </div>
      <ResourceState resource={page} lang={lang} empty={entries.length === 0} emptyText={t.noAudit} />
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="data-table audit-table">
            <thead>
              <tr>
                <th scope="col">{t.at}</th>
                <th scope="col">{t.actor}</th>
                <th scope="col">{t.action}</th>
                <th scope="col">{t.target}</th>
                <th scope="col">{t.outcome}</th>
                <th scope="col">{t.ip}</th>
                <th scope="col">{t.detail}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const outcome = OUTCOME[e.outcome];
                const detail = detailText(e.detail);
                return (
                  <tr key={e.id} data-testid={`audit-${e.id}`}>
                    <td className="nowrap">{formatDateTime(Date.parse(e.at), lang)}</td>
                    <td>
                      <code>{e.actor}</code>
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.target ?? '—'}</td>
                    <td>
                      <span className={`badge badge--${outcome.tone}`}>{outcome[lang]}</span>
                    </td>
                    <td className="nowrap">{e.ip ?? '—'}</td>
                    <td className="audit-detail" title={detail}>
                      {detail}
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
