/**
 * Targets per indicator, area and period: filtered on the server, edited in place, added with a form, and
 * an administrator's value taken back so the region pack's applies again.
 */
import { useState } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import { PERIOD_KINDS, type PutTargetResultV1, type PutTargetV1, type TargetV1, type TargetsV1 } from '../../../shared/plan';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { useApiGet } from '../../features/session/useApiGet';
import { describeError } from '../../features/session/useSession';
import { ConfirmDialog } from './ConfirmDialog';
import { TargetForm } from './TargetForm';
import { TargetRow } from './TargetRow';
import { formatTargetPeriod, formatTargetValue, problemsOf, targetAreas, targetKey, type FieldProblems } from './targetModel';
import { adminText } from './text';
import { ResourceState } from '../../features/session/ResourceState';

/** The pack holds close to a thousand targets; a page of them at a time keeps the table usable. */
const PAGE = 50;

type Filter = { indicator: string; area: string; kind: string };

export function TargetsSection({ api, catalog, lang }: { api: Api; catalog: CatalogV1; lang: Lang }) {
  const t = adminText(lang);
  const [filter, setFilter] = useState<Filter>({ indicator: '', area: '', kind: '' });
  const [limit, setLimit] = useState(PAGE);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();
  const targets = useApiGet<TargetsV1>(api, `/api/v1/targets${query ? `?${query}` : ''}`, lang);
  const [editing, setEditing] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [restoring, setRestoring] = useState<TargetV1 | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const indicators = new Map(catalog.indicators.map((i) => [i.key, i]));
  const areas = targetAreas(catalog);
  const areaOf = (code: string) => catalog.areas.find((a) => a.code === code);
  const describe = (x: Pick<TargetV1, 'indicator' | 'area' | 'kind' | 'start'>) => {
    const ind = indicators.get(x.indicator);
    const area = areaOf(x.area);
    return `${ind ? pick(ind.name, lang) : x.indicator} — ${area ? pick(area.name, lang) : x.area}, ${formatTargetPeriod(x, lang)}`;
  };
  const valueText = (x: TargetV1) => {
    const ind = indicators.get(x.indicator);
    return ind ? formatTargetValue(x.value, ind, lang) : String(x.value);
  };

  const onFilter = (field: keyof Filter, value: string) => {
    setFilter((f) => ({ ...f, [field]: value }));
    setLimit(PAGE);
    setEditing(null);
  };

  const put = (body: PutTargetV1) => api.send<PutTargetResultV1>('PUT', '/api/v1/targets', body);
  const bodyOf = (x: TargetV1, value: number | null): PutTargetV1 => ({ indicator: x.indicator, area: x.area, kind: x.kind, period: x.period, value });

  const onSave = async (target: TargetV1, value: number) => {
    setBusy(true);
    setProblems({});
    setOutcome(null);
    try {
      const result = await put(bodyOf(target, value));
      setEditing(null);
      if (result.target) setOutcome({ kind: 'ok', text: fill(t.targetSaved, { what: describe(result.target), value: valueText(result.target) }) });
      targets.reload();
    } catch (err) {
      const byField = problemsOf(err, lang);
      if (byField) setProblems(byField);
      else setOutcome({ kind: 'error', text: describeError(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  const onRestore = async () => {
    if (!restoring) return;
    setBusy(true);
    setDialogError(null);
    try {
      const result = await put(bodyOf(restoring, null));
      setOutcome({
        kind: 'ok',
        text: result.target ? fill(t.restored, { what: describe(result.target), value: valueText(result.target) }) : fill(t.removed, { what: describe(restoring) }),
      });
      setRestoring(null);
      targets.reload();
    } catch (err) {
      setDialogError(describeError(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const onAdded = (result: PutTargetResultV1, body: PutTargetV1) => {
    if (result.target) setOutcome({ kind: 'ok', text: fill(t.targetSaved, { what: describe(result.target), value: valueText(result.target) }) });
    // Show the indicator and area just set, so the new row is in view.
    setFilter({ indicator: body.indicator, area: body.area, kind: '' });
    setLimit(PAGE);
    setEditing(null);
    targets.reload();
  };

  const rows = targets.data?.targets ?? [];
  return (
    <section className="panel" aria-labelledby="targets-title" data-testid="targets" aria-busy={targets.loading}>
      <header>
        <h2 id="targets-title">{t.tabTargets}</h2>
        <p className="panel__hint">{t.targetsHint}</p>
      </header>
      <TargetForm api={api} catalog={catalog} initial={filter} lang={lang} onSaved={onAdded} />
      <h3>{t.targetList}</h3>
      <div className="form-row admin-filters">
        <label className="field admin-create__grow">
          <span>{t.indicator}</span>
          <select className="select" value={filter.indicator} onChange={(e) => onFilter('indicator', e.target.value)} data-testid="targets-indicator">
            <option value="">{t.allIndicators}</option>
            {catalog.indicators.map((i) => (
              <option key={i.key} value={i.key}>
                {pick(i.name, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t.area}</span>
          <select className="select" value={filter.area} onChange={(e) => onFilter('area', e.target.value)} data-testid="targets-area">
            <option value="">{t.allAreas}</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {pick(a.name, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t.periodKind}</span>
          <select className="select" value={filter.kind} onChange={(e) => onFilter('kind', e.target.value)} data-testid="targets-kind">
            <option value="">{t.allKinds}</option>
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t[k]}
              </option>
            ))}
          </select>
        </label>
        {targets.data && (
          <span className="muted admin-filters__count" data-testid="targets-count">
            {fill(t.targetCount, { shown: Math.min(limit, rows.length), total: rows.length })}
          </span>
        )}
      </div>
      {outcome && (
        <p className={`notice notice--${outcome.kind === 'ok' ? 'ok' : 'error'}`} role={outcome.kind === 'ok' ? 'status' : 'alert'} data-testid="target-outcome">
          {outcome.text}
        </p>
      )}
      <ResourceState resource={targets} lang={lang} empty={rows.length === 0} emptyText={t.noTargets} />
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="data-table targets-table">
            <thead>
              <tr>
                <th scope="col">{t.indicator}</th>
                <th scope="col">{t.area}</th>
                <th scope="col">{t.period}</th>
                <th scope="col" className="num">
                  {t.value}
                </th>
                <th scope="col">{t.origin}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, limit).map((x) => {
                const ind = indicators.get(x.indicator);
                const area = areaOf(x.area);
                if (!ind) return null;
                const key = targetKey(x);
                return (
                  <TargetRow
                    key={key}
                    target={x}
                    indicator={ind}
                    areaName={area ? pick(area.name, lang) : x.area}
                    areaKind={area?.kind ?? ''}
                    editing={editing === key}
                    busy={busy}
                    problems={editing === key ? problems : {}}
                    lang={lang}
                    onEdit={() => {
                      setProblems({});
                      setEditing(key);
                    }}
                    onCancel={() => setEditing(null)}
                    onSave={(value) => void onSave(x, value)}
                    onRestore={() => {
                      setDialogError(null);
                      setRestoring(x);
                    }}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > limit && (
        <button type="button" className="button button--small button--quiet admin-more" onClick={() => setLimit((n) => n + PAGE)} data-testid="targets-more">
          {t.showMore}
        </button>
      )}
      {restoring && (
        <ConfirmDialog
          title={fill(t.restoreTitle, { what: describe(restoring) })}
          confirmLabel={t.restoreConfirm}
          cancelLabel={t.cancel}
          busy={busy}
          error={dialogError}
          onConfirm={onRestore}
          onCancel={() => setRestoring(null)}
        >
          <p>{fill(t.restoreBody, { value: valueText(restoring) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
