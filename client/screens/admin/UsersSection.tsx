/** Staff accounts: list, create (a reporter is bound to a unit), disable. */
import { useState, type FormEvent } from 'react';
import type { AdminUserV1 } from '../../../shared/admin';
import { ROLES, ROLE_NAMES, type Role } from '../../../shared/auth';
import type { CatalogV1 } from '../../../shared/catalog';
import type { Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import { ApiError, type Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { useApiGet } from '../../features/session/useApiGet';
import { describeError } from '../../features/session/useSession';
import { ConfirmDialog } from './ConfirmDialog';
import { adminText } from './text';
import { ResourceState } from '../../features/session/ResourceState';

type Field = 'username' | 'displayName' | 'unit' | 'password';
/** The same rule as CreateUserRequestV1, checked here so the form can say it in the person's language. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function UsersSection({ api, catalog, lang }: { api: Api; catalog: CatalogV1; lang: Lang }) {
  const t = adminText(lang);
  const users = useApiGet<AdminUserV1[]>(api, '/api/v1/admin/users', lang);
  const unitName = (code: string | null) => (code ? (catalog.units.find((u) => u.code === code)?.name[lang] ?? code) : '—');
  const [form, setForm] = useState({ username: '', displayName: '', role: 'reporter' as Role, unit: '', password: '' });
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [disabling, setDisabling] = useState<AdminUserV1 | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const set = (field: keyof typeof form, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setInvalid((prev) => ({ ...prev, [field]: undefined }));
  };

  const onCreate = async (e: FormEvent) => {
    e.preventDefault();
    const username = form.username.trim().toLowerCase();
    const problems: Partial<Record<Field, string>> = {};
    if (!USERNAME.test(username)) problems.username = t.usernameRule;
    if (!form.displayName.trim()) problems.displayName = t.displayNameRequired;
    if (form.role === 'reporter' && !form.unit) problems.unit = t.unitRequired;
    if (form.password.length < 12) problems.password = t.passwordShort;
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return setOutcome(null);
    setBusy(true);
    setOutcome(null);
    try {
      const body = { username, displayName: form.displayName.trim(), role: form.role, unit: form.role === 'reporter' ? form.unit : null, password: form.password };
      const created = await api.send<AdminUserV1>('POST', '/api/v1/admin/users', body);
      setOutcome({ kind: 'ok', text: fill(t.userCreated, { username: created.username }) });
      setForm({ username: '', displayName: '', role: form.role, unit: form.unit, password: '' });
      users.reload();
    } catch (err) {
      // The server names the fields it refused (a taken user name, a unit it does not know).
      if (err instanceof ApiError && Array.isArray(err.details)) {
        const byField: Partial<Record<Field, string>> = {};
        for (const d of err.details as { field?: string; message?: string }[]) {
          if (d.field && d.message) byField[d.field as Field] = d.message;
        }
        setInvalid(byField);
      }
      setOutcome({ kind: 'error', text: describeError(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  const onDisable = async () => {
    if (!disabling) return;
    setBusy(true);
    setDialogError(null);
    try {
      await api.send('POST', `/api/v1/admin/users/${encodeURIComponent(disabling.id)}/disable`, {});
      setDisabling(null);
      users.reload();
    } catch (err) {
      setDialogError(describeError(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (field: Field) => ({
    'aria-invalid': invalid[field] ? true : undefined,
    'aria-describedby': invalid[field] ? `user-${field}-error` : undefined,
  });
  const fieldError = (field: Field) =>
    invalid[field] && (
      <small id={`user-${field}-error`} className="error-text">
        {invalid[field]}
      </small>
    );

  return (
    <section className="panel" aria-labelledby="users-title" data-testid="users">
      <header>
        <h2 id="users-title">{t.tabUsers}</h2>
        <p className="panel__hint">{t.usersHint}</p>
      </header>
      <form className="admin-user-form" onSubmit={onCreate} noValidate>
        <h3>{t.newUser}</h3>
        <div className="form-row">
          <label className="field">
            <span>{t.username}</span>
            <input className="input" autoComplete="off" spellCheck={false} value={form.username} onChange={(e) => set('username', e.target.value)} {...fieldProps('username')} data-testid="user-username" />
            {fieldError('username')}
          </label>
          <label className="field admin-create__grow">
            <span>{t.displayName}</span>
            <input className="input" value={form.displayName} onChange={(e) => set('displayName', e.target.value)} {...fieldProps('displayName')} data-testid="user-display-name" />
            {fieldError('displayName')}
          </label>
          <label className="field">
            <span>{t.role}</span>
            <select className="select" value={form.role} onChange={(e) => set('role', e.target.value)} data-testid="user-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r][lang]}
                </option>
              ))}
            </select>
          </label>
          {form.role === 'reporter' && (
            <label className="field">
              <span>{t.unit}</span>
              <select className="select" value={form.unit} onChange={(e) => set('unit', e.target.value)} {...fieldProps('unit')} data-testid="user-unit">
                <option value="">{t.chooseUnit}</option>
                {catalog.units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name[lang]}
                  </option>
                ))}
              </select>
              {fieldError('unit')}
            </label>
          )}
          <label className="field">
            <span>{t.password}</span>
            <input className="input" type="password" autoComplete="new-password" value={form.password} onChange={(e) => set('password', e.target.value)} {...fieldProps('password')} data-testid="user-password" />
            {fieldError('password') ?? <small className="muted">{t.passwordHint}</small>}
          </label>
          <button type="submit" className="button" disabled={busy} data-testid="user-create">
            {t.createUser}
          </button>
        </div>
      </form>
      {outcome && (
        <p className={`notice notice--${outcome.kind === 'ok' ? 'ok' : 'error'}`} role={outcome.kind === 'ok' ? 'status' : 'alert'} data-testid="user-outcome">
          {outcome.text}
        </p>
      )}
      <ResourceState resource={users} lang={lang} empty={users.data?.length === 0} emptyText={t.noUsers} />
      {users.data && users.data.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.username}</th>
                <th scope="col">{t.displayName}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.unit}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-testid={`user-${u.username}`} className={u.disabledAt ? 'is-disabled' : undefined}>
                  <td>
                    <code>{u.username}</code>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{ROLE_NAMES[u.role][lang]}</td>
                  <td>{unitName(u.unit)}</td>
                  <td className="nowrap">{formatDateTime(Date.parse(u.createdAt), lang)}</td>
                  <td>
                    {u.disabledAt ? (
                      <span className="badge badge--bad" title={formatDateTime(Date.parse(u.disabledAt), lang)}>
                        {t.userDisabled}
                      </span>
                    ) : (
                      <span className="badge badge--ok">{t.userActive}</span>
                    )}
                  </td>
                  <td>
                    {!u.disabledAt && (
                      <button
                        type="button"
                        className="button button--small button--quiet admin-danger"
                        onClick={() => {
                          setDialogError(null);
                          setDisabling(u);
                        }}
                        data-testid="user-disable"
                      >
                        {t.disable}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {disabling && (
        <ConfirmDialog
          title={fill(t.disableTitle, { username: disabling.username })}
          confirmLabel={t.disableConfirm}
          cancelLabel={t.cancel}
          danger
          busy={busy}
          error={dialogError}
          onConfirm={onDisable}
          onCancel={() => setDisabling(null)}
        >
          <p>{fill(t.disableBody, { name: disabling.displayName })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
