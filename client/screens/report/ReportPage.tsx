/**
 * The reporting console: what a unit owes this period, a form and a CSV upload to send it, what it sent,
 * and where its sources disagree. A reporter works on their own unit; an admin or a leader picks one
 * (`?unit=`). Only a reporter writes: the server refuses figures from anyone else's session.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionV1 } from '../../../shared/auth';
import type { CatalogV1, Unit } from '../../../shared/catalog';
import type { DiscrepanciesV1, HistoryV1, ObligationsV1 } from '../../../shared/report';
import { commonText, type Lang } from '../../features/i18n/i18n';
import { useCatalog } from '../../features/live/useCatalog';
import type { Api } from '../../features/session/api';
import { ConsoleHeader } from '../../features/session/ConsoleHeader';
import { SessionGate } from '../../features/session/SessionGate';
import { fill } from '../../features/session/text';
import { useApiGet } from '../../features/session/useApiGet';
import { useSession } from '../../features/session/useSession';
import { CsvUpload } from './CsvUpload';
import { DiscrepanciesSection } from './DiscrepanciesSection';
import { HistorySection } from './HistorySection';
import { ObligationsSection } from './ObligationsSection';
import { ReportForm } from './ReportForm';
import { reportNames } from './names';
import { reportText } from './text';
import { useDraft } from './useDraft';
import './ReportPage.css';

export function ReportPage({ lang }: { lang: Lang }) {
  const session = useSession(lang);
  return (
    <div className="console-page report-page">
      <SessionGate lang={lang} session={session} roles={['reporter', 'admin', 'leader']}>
        {(s, api) => <ReportConsole session={s} api={api} lang={lang} onSignOut={session.onSignOut} />}
      </SessionGate>
    </div>
  );
}

interface ReportConsoleProps {
  session: SessionV1;
  api: Api;
  lang: Lang;
  onSignOut(): Promise<void>;
}

function ReportConsole({ session, api, lang, onSignOut }: ReportConsoleProps) {
  const t = reportText(lang);
  const { user } = session;
  const { state: catalogState, onRetry } = useCatalog();
  const catalog = catalogState.catalog;
  const bound = user.role === 'reporter';
  const [picked, setPicked] = useState(() => new URLSearchParams(location.search).get('unit'));
  const unitCode = bound ? user.unit : picked;
  const unit = catalog && unitCode ? catalog.units.find((u) => u.code === unitCode) : undefined;

  useEffect(() => {
    document.title = unit ? `${t.pageTitle} — ${unit.name[lang]}` : t.pageTitle;
  }, [unit, lang, t.pageTitle]);

  const onPick = (code: string) => {
    setPicked(code || null);
    // The address names the unit, so a reload or a shared link opens the same one.
    const params = new URLSearchParams(location.search);
    if (code) params.set('unit', code);
    else params.delete('unit');
    history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
  };

  return (
    <>
      <ConsoleHeader title={t.pageTitle} subtitle={unit?.name[lang]} user={user} lang={lang} active="report" onSignOut={onSignOut} />
      <main className="console-main">
        {catalogState.status === 'loading' && <p className="muted">{t.loadingCatalog}</p>}
        {catalogState.status === 'error' && (
          <div className="notice notice--error" role="alert">
            <p>{catalogState.error}</p>
            <button type="button" className="button button--small button--quiet" onClick={onRetry}>
              {commonText(lang).retry}
            </button>
          </div>
        )}
        {catalog && !bound && <UnitPicker catalog={catalog} value={picked ?? ''} lang={lang} onPick={onPick} />}
        {catalog && bound && !user.unit && <p className="notice notice--warn">{t.noUnit}</p>}
        {catalog && unitCode && !unit && <p className="notice notice--error">{fill(t.unknownUnit, { unit: unitCode })}</p>}
        {catalog && unit && <UnitConsole key={unit.code} catalog={catalog} unit={unit} canWrite={bound} api={api} lang={lang} />}
      </main>
    </>
  );
}

function UnitPicker({ catalog, value, lang, onPick }: { catalog: CatalogV1; value: string; lang: Lang; onPick(code: string): void }) {
  const t = reportText(lang);
  return (
    <section className="panel unit-picker">
      <label className="field">
        <span>{t.unit}</span>
        <select className="select" value={value} onChange={(e) => onPick(e.target.value)} data-testid="unit-picker">
          <option value="">{t.chooseUnit}…</option>
          {catalog.units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name[lang]}
            </option>
          ))}
        </select>
      </label>
      {!value && <p className="panel__hint">{t.chooseUnitHint}</p>}
    </section>
  );
}

interface UnitConsoleProps {
  catalog: CatalogV1;
  unit: Unit;
  canWrite: boolean;
  api: Api;
  lang: Lang;
}

function UnitConsole({ catalog, unit, canWrite, api, lang }: UnitConsoleProps) {
  const names = useMemo(() => reportNames(catalog, lang), [catalog, lang]);
  const q = encodeURIComponent(unit.code);
  const obligations = useApiGet<ObligationsV1>(api, `/api/v1/report/obligations?unit=${q}`, lang);
  const history = useApiGet<HistoryV1>(api, `/api/v1/report/history?unit=${q}&limit=50`, lang);
  const discrepancies = useApiGet<DiscrepanciesV1>(api, `/api/v1/discrepancies?unit=${q}&status=open`, lang);
  const { reload: reloadObligations } = obligations;
  const { reload: reloadHistory } = history;
  const { reload: reloadDiscrepancies } = discrepancies;
  const onWritten = useCallback(() => {
    reloadObligations();
    reloadHistory();
    reloadDiscrepancies();
  }, [reloadObligations, reloadHistory, reloadDiscrepancies]);
  const owed = obligations.data?.obligations ?? [];

  return (
    <>
      <ObligationsSection resource={obligations} names={names} lang={lang} />
      {canWrite && obligations.data && <DraftedForm unit={unit} obligations={owed} names={names} api={api} lang={lang} onSubmitted={onWritten} />}
      {canWrite && <CsvUpload unit={unit} obligations={owed} names={names} api={api} lang={lang} onCommitted={onWritten} />}
      <HistorySection resource={history} names={names} lang={lang} />
      <DiscrepanciesSection resource={discrepancies} names={names} lang={lang} />
    </>
  );
}

/** The form, once its saved draft has been read, so that the draft fills it from the start. */
function DraftedForm(props: { unit: Unit; obligations: ObligationsV1['obligations']; names: ReturnType<typeof reportNames>; api: Api; lang: Lang; onSubmitted(): void }) {
  const draft = useDraft(props.api, props.unit.code, props.lang);
  if (draft.values === null) {
    return (
      <section className="panel">
        <p className="muted">{commonText(props.lang).loading}</p>
      </section>
    );
  }
  return <ReportForm {...props} draft={{ ...draft, values: draft.values }} />;
}
