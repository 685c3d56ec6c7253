/**
 * The figures owed this period, one field each, sent together with the session's CSRF token as one batch
 * to POST /api/v1/observations: all written or, with a 422, none, and every problem shown on its row.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Unit } from '../../../shared/catalog';
import type { IngestProblem, IngestResultV1, ObservationInput } from '../../../shared/observations';
import type { ObligationV1 } from '../../../shared/report';
import { toLocalIso } from '../../../shared/time';
import type { Lang } from '../../features/i18n/i18n';
import { formatTime } from '../../features/live/format';
import { ApiError, type Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { describeError } from '../../features/session/useSession';
import { FormRow } from './FormRow';
import { checkEntry } from './formValue';
import type { ReportNames } from './names';
import { reportText } from './text';
import type { UseDraft } from './useDraft';

export interface ReportFormProps {
  obligations: readonly ObligationV1[];
  unit: Unit;
  names: ReportNames;
  api: Api;
  draft: UseDraft & { values: Record<string, string> };
  lang: Lang;
  onSubmitted(): void;
}

/** The draft's key for a field: "indicator|area", as DraftV1 says. */
const rowKeyOf = (o: { indicator: string; area: string }) => `${o.indicator}|${o.area}`;

/** Figures CityOps derives or computes itself are never a unit's to send. */
const RESERVED_SOURCES = new Set(['derived', 'cityops']);

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; text: string } | null;

export function ReportForm({ obligations, unit, names, api, draft, lang, onSubmitted }: ReportFormProps) {
  const t = reportText(lang);
  const [values, setValues] = useState<Record<string, string>>(() => draft.values);
  const [sources, setSources] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, ServerProblem[]>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The restored draft is already saved; only what the person changes goes back to the server.
  const [edited, setEdited] = useState(false);
  const { onChange: onDraftChange } = draft;

  useEffect(() => {
    if (edited) onDraftChange(values);
  }, [edited, values, onDraftChange]);

  const rows = useMemo(
    () => obligations.flatMap((o) => (names.indicator(o.indicator) ? [{ o, key: rowKeyOf(o), indicator: names.indicator(o.indicator)! }] : [])),
    [obligations, names],
  );

  /** The unit's usual source first, then the ones this indicator is checked against, then the rest. */
  const sourceOptions = useMemo(() => {
    const byIndicator = new Map<string, { key: string; label: string }[]>();
    for (const { indicator } of rows) {
      const first = [unit.defaultSource, ...(indicator.agreement?.sources ?? []), ...indicator.preferredSources];
      const keys = [...new Set([...first, ...names.catalog.sources.map((s) => s.key)])].filter((k) => !RESERVED_SOURCES.has(k));
      byIndicator.set(
        indicator.key,
        keys.map((k) => ({ key: k, label: names.sourceName(k) })),
      );
    }
    return byIndicator;
  }, [rows, unit.defaultSource, names]);

  const onTextChange = useCallback((key: string, text: string) => {
    setValues((prev) => ({ ...prev, [key]: text }));
    setEdited(true);
    setProblems((prev) => (prev[key] ? { ...prev, [key]: [] } : prev));
  }, []);
  const onSourceChange = useCallback((key: string, source: string) => setSources((prev) => ({ ...prev, [key]: source })), []);

  const onClear = () => {
    setValues({});
    setEdited(true);
    setProblems({});
    setOutcome(null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const filled = rows.filter((r) => (values[r.key] ?? '').trim() !== '');
    if (filled.length === 0) return setOutcome({ kind: 'error', text: t.nothingToSubmit });
    const observations: ObservationInput[] = [];
    for (const r of filled) {
      const entry = checkEntry(values[r.key]!, r.indicator, lang);
      if (entry.state !== 'ok') {
        document.getElementById(`input-${r.o.indicator}-${r.o.area}`)?.focus();
        return setOutcome({ kind: 'error', text: t.fixFirst });
      }
      observations.push({
        indicator: r.o.indicator,
        area: r.o.area,
        // The period owed, as its local start: what a person in the province means by "May 2022".
        ts: toLocalIso(new Date(r.o.period)),
        value: entry.value,
        source: sources[r.key] ?? unit.defaultSource,
      });
    }
    setBusy(true);
    setOutcome(null);
    setProblems({});
    try {
      const result = await api.send<IngestResultV1>('POST', '/api/v1/observations', { observations });
      const sent = new Set(filled.map((r) => r.key));
      const remaining = Object.fromEntries(Object.entries(values).filter(([k]) => !sent.has(k)));
      setValues(remaining);
      setEdited(true);
      setOutcome({ kind: 'ok', text: fill(t.submitted, { accepted: result.accepted, written: result.written, unchanged: result.unchanged }) });
      onSubmitted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && Array.isArray(err.details)) {
        const byRow: Record<string, ServerProblem[]> = {};
        for (const p of err.details as IngestProblem[]) {
          const row = filled[p.index];
          if (row) (byRow[row.key] ??= []).push({ field: p.field, reason: p.reason, message: p.message });
        }
        setProblems(byRow);
        setOutcome({ kind: 'error', text: t.rejected });
      } else setOutcome({ kind: 'error', text: describeError(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  const status = draft.status;
  return (
    <section className="panel" aria-labelledby="form-title" data-testid="report-form">
      <header>
        <h2 id="form-title">{t.formTitle}</h2>
        <p className="panel__hint">{t.formHint}</p>
      </header>
      {draft.restored && <p className="notice">{t.draftRestored}</p>}
      {rows.length === 0 ? (
        <p className="muted">{t.noObligations}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <div className="table-wrap">
            <table className="data-table form-table">
              <thead>
                <tr>
                  <th scope="col">{t.indicator}</th>
                  <th scope="col">{t.period}</th>
                  <th scope="col">{t.newValue}</th>
                  <th scope="col">{t.previous}</th>
                  <th scope="col">{t.source}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <FormRow
                    key={r.key}
                    rowKey={r.key}
                    obligation={r.o}
                    indicator={r.indicator}
                    names={names}
                    text={values[r.key] ?? ''}
                    source={sources[r.key] ?? unit.defaultSource}
                    defaultSource={unit.defaultSource}
                    sourceOptions={sourceOptions.get(r.indicator.key) ?? []}
                    serverProblems={problems[r.key] ?? NO_PROBLEMS}
                    lang={lang}
                    onTextChange={onTextChange}
                    onSourceChange={onSourceChange}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy} data-testid="form-submit">
              {busy ? t.submitting : t.submit}
            </button>
            <button type="button" className="button button--quiet" onClick={onClear} disabled={busy}>
              {t.clearForm}
            </button>
            <span className="muted form-draft" data-testid="draft-status" data-state={status.kind}>
              {status.kind === 'saving' && t.draftSaving}
              {status.kind === 'saved' && fill(t.draftSaved, { time: formatTime(status.at, lang) })}
              {status.kind === 'failed' && fill(t.draftFailed, { error: status.error })}
            </span>
          </div>
          {outcome && (
            <p className={`notice notice--${outcome.kind === 'ok' ? 'ok' : 'error'}`} role={outcome.kind === 'ok' ? 'status' : 'alert'} data-testid="form-outcome">
              {outcome.text}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

type ServerProblem = { field: string; reason: string; message: string };
const NO_PROBLEMS: readonly ServerProblem[] = [];
