/** Sets a target for any indicator, area and period: a new one, or a new value for one that exists. */
import { useState, type FormEvent } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import { PERIOD_KINDS, type PeriodKind, type PutTargetResultV1, type PutTargetV1 } from '../../../shared/plan';
import { localParts } from '../../../shared/time';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { Api } from '../../features/session/api';
import { describeError } from '../../features/session/useSession';
import { checkTargetValue, problemsOf, targetAreas, type FieldProblems, type TargetField } from './targetModel';
import { adminText } from './text';

export interface TargetFormProps {
  api: Api;
  catalog: CatalogV1;
  /** The list's filter, so a new target starts where the administrator is looking. */
  initial: { indicator: string; area: string };
  lang: Lang;
  onSaved(result: PutTargetResultV1, body: PutTargetV1): void;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function TargetForm({ api, catalog, initial, lang, onSaved }: TargetFormProps) {
  const t = adminText(lang);
  const now = localParts(new Date());
  const areas = targetAreas(catalog);
  const [form, setForm] = useState({
    indicator: initial.indicator,
    area: initial.area || catalog.pack.root,
    kind: 'year' as PeriodKind,
    year: String(now.year),
    quarter: String(Math.floor((now.month - 1) / 3) + 1),
    month: String(now.month),
    value: '',
  });
  const [invalid, setInvalid] = useState<FieldProblems>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const indicator = catalog.indicators.find((i) => i.key === form.indicator);
  const areaKind = catalog.areas.find((a) => a.code === form.area)?.kind ?? '';

  const set = (field: keyof typeof form, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    const slot: TargetField = field === 'indicator' || field === 'area' || field === 'value' ? field : 'period';
    setInvalid((prev) => ({ ...prev, [slot]: undefined, other: undefined }));
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: FieldProblems = {};
    if (!indicator) problems.indicator = t.indicatorRequired;
    // Only the shape of the year is checked here; which years are allowed is the server's rule, and it says so.
    if (!/^\d{4}$/.test(form.year.trim())) problems.period = t.yearFormat;
    const check = indicator ? checkTargetValue(form.value, indicator, areaKind, lang) : null;
    if (check && !check.ok) problems.value = check.message;
    setInvalid(problems);
    setError(null);
    if (Object.keys(problems).length > 0 || !check?.ok) return;
    const year = form.year.trim();
    const period = form.kind === 'year' ? year : form.kind === 'quarter' ? `${year}-Q${form.quarter}` : `${year}-${pad(Number(form.month))}`;
    const body: PutTargetV1 = { indicator: form.indicator, area: form.area, kind: form.kind, period, value: check.value };
    setBusy(true);
    try {
      const result = await api.send<PutTargetResultV1>('PUT', '/api/v1/targets', body);
      setForm((f) => ({ ...f, value: '' }));
      onSaved(result, body);
    } catch (err) {
      const byField = problemsOf(err, lang);
      if (byField) setInvalid(byField);
      else setError(describeError(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (field: TargetField) => ({
    'aria-invalid': invalid[field] ? true : undefined,
    'aria-describedby': invalid[field] ? `target-${field}-error` : undefined,
  });
  const fieldError = (field: TargetField) =>
    invalid[field] && (
      <small id={`target-${field}-error`} className="error-text" data-testid={`new-target-${field}-error`}>
        {invalid[field]}
      </small>
    );

  return (
    <form className="admin-user-form target-form" onSubmit={onSubmit} noValidate data-testid="new-target">
      <h3>{t.newTarget}</h3>
      <p className="panel__hint">{t.newTargetHint}</p>
      <div className="form-row">
        <label className="field target-form__indicator">
          <span>{t.indicator}</span>
          <select className="select" value={form.indicator} onChange={(e) => set('indicator', e.target.value)} {...fieldProps('indicator')} data-testid="new-target-indicator">
            <option value="">{t.chooseIndicator}</option>
            {catalog.indicators.map((i) => (
              <option key={i.key} value={i.key}>
                {pick(i.name, lang)}
              </option>
            ))}
          </select>
          {fieldError('indicator')}
        </label>
        <label className="field">
          <span>{t.area}</span>
          <select className="select" value={form.area} onChange={(e) => set('area', e.target.value)} {...fieldProps('area')} data-testid="new-target-area">
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {pick(a.name, lang)}
              </option>
            ))}
          </select>
          {fieldError('area')}
        </label>
        <label className="field">
          <span>{t.periodKind}</span>
          <select className="select" value={form.kind} onChange={(e) => set('kind', e.target.value)} data-testid="new-target-kind">
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t[k]}
              </option>
            ))}
          </select>
        </label>
        {form.kind === 'quarter' && (
          <label className="field">
            <span>{t.quarter}</span>
            <select className="select" value={form.quarter} onChange={(e) => set('quarter', e.target.value)} data-testid="new-target-quarter">
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.kind === 'month' && (
          <label className="field">
            <span>{t.month}</span>
            <select className="select" value={form.month} onChange={(e) => set('month', e.target.value)} data-testid="new-target-month">
              {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field target-form__year">
          <span>{t.year}</span>
          <input className="input" inputMode="numeric" maxLength={4} value={form.year} onChange={(e) => set('year', e.target.value)} {...fieldProps('period')} data-testid="new-target-year" />
          {fieldError('period')}
        </label>
        <label className="field target-form__value">
          <span>
            {t.value}
            {indicator ? ` (${pick(indicator.unit, lang)})` : ''}
          </span>
          <input className="input" inputMode="decimal" value={form.value} onChange={(e) => set('value', e.target.value)} {...fieldProps('value')} data-testid="new-target-value" />
          {fieldError('value')}
        </label>
        <button type="submit" className="button" disabled={busy} data-testid="new-target-save">
          {busy ? t.saving : t.saveTarget}
        </button>
      </div>
      {(invalid.other || error) && (
        <p className="notice notice--error" role="alert" data-testid="new-target-error">
          {invalid.other ?? error}
        </p>
      )}
    </form>
  );
}
