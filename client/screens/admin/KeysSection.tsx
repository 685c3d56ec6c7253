/** Unit keys: list, create, rotate with a grace period, revoke. A secret is shown once, right after it is made. */
import { useState, type FormEvent } from 'react';
import type { KeyV1, NewKeyV1 } from '../../../shared/admin';
import type { CatalogV1 } from '../../../shared/catalog';
import type { Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import type { Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { useApiGet } from '../../features/session/useApiGet';
import { describeError } from '../../features/session/useSession';
import { ConfirmDialog } from './ConfirmDialog';
import { NewSecret } from './NewSecret';
import { KEY_STATUS, adminText } from './text';
import { ResourceState } from '../../features/session/ResourceState';

type Pending = { kind: 'rotate' | 'revoke'; key: KeyV1 } | null;
const DEFAULT_GRACE_HOURS = 72;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

export function KeysSection({ api, catalog, lang }: { api: Api; catalog: CatalogV1; lang: Lang }) {
  const t = adminText(lang);
  const keys = useApiGet<KeyV1[]>(api, '/api/v1/admin/keys', lang);
  const unitName = (code: string) => catalog.units.find((u) => u.code === code)?.name[lang] ?? code;
  const [unit, setUnit] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ created: NewKeyV1; replaced: { id: string; until: string | null } | null } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [grace, setGrace] = useState(String(DEFAULT_GRACE_HOURS));
  const [dialogError, setDialogError] = useState<string | null>(null);

  const onCreate = async (e: FormEvent) => {
    e.preventDefault();
    if (!unit) return setError(t.chooseUnit);
    setBusy(true);
    setError(null);
    try {
      const created = await api.send<NewKeyV1>('POST', '/api/v1/admin/keys', { unit, label: label.trim() || null });
      setSecret({ created, replaced: null });
      setLabel('');
      keys.reload();
    } catch (err) {
      setError(describeError(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const graceHours = Number(grace);
  const graceValid = /^\d+$/.test(grace.trim()) && graceHours >= 0 && graceHours <= 24 * 90;

  const onConfirm = async () => {
    if (!pending) return;
    setBusy(true);
    setDialogError(null);
    const path = `/api/v1/admin/keys/${encodeURIComponent(pending.key.id)}`;
    try {
      if (pending.kind === 'rotate') {
        if (!graceValid) throw new Error(t.graceHint);
        const created = await api.send<NewKeyV1>('POST', `${path}/rotate`, { graceHours });
        // The old key's expiry arrives with the reloaded list; until then, now + grace is what the server set.
        setSecret({ created, replaced: { id: pending.key.id, until: hoursFromNow(graceHours) } });
      } else {
        await api.send<KeyV1>('POST', `${path}/revoke`, {});
      }
      setPending(null);
      keys.reload();
    } catch (err) {
      setDialogError(describeError(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="keys-title" data-testid="keys">
      <header>
        <h2 id="keys-title">{t.tabKeys}</h2>
        <p className="panel__hint">{t.keysHint}</p>
      </header>
      {secret && (
        <NewSecret
          created={secret.created}
          unitName={unitName(secret.created.key.unit)}
          replaced={secret.replaced && { id: secret.replaced.id, until: keys.data?.find((k) => k.id === secret.replaced!.id)?.expiresAt ?? secret.replaced.until }}
          lang={lang}
          onDone={() => setSecret(null)}
        />
      )}
      <form className="form-row admin-create" onSubmit={onCreate} noValidate>
        <label className="field">
          <span>{t.unit}</span>
          <select className="select" value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="key-unit">
            <option value="">{t.chooseUnit}</option>
            {catalog.units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name[lang]}
              </option>
            ))}
          </select>
        </label>
        <label className="field admin-create__grow">
          <span>{t.keyLabel}</span>
          <input className="input" value={label} maxLength={100} placeholder={t.keyLabelPlaceholder} onChange={(e) => setLabel(e.target.value)} data-testid="key-label" />
        </label>
        <button type="submit" className="button" disabled={busy} data-testid="key-create">
          {busy && !pending ? t.creating : t.createKey}
        </button>
      </form>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <ResourceState resource={keys} lang={lang} empty={keys.data?.length === 0} emptyText={t.noKeys} />
      {keys.data && keys.data.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.keyId}</th>
                <th scope="col">{t.unit}</th>
                <th scope="col">{t.keyLabel}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.expires}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => {
                const status = KEY_STATUS[k.status];
                const usable = k.status === 'active' || k.status === 'expiring';
                return (
                  <tr key={k.id} data-testid={`key-${k.id}`} data-status={k.status}>
                    <td>
                      <code>{k.id}</code>
                      {k.rotatedFrom && (
                        <small className="muted key-from">
                          {t.rotatedFrom} <code>{k.rotatedFrom}</code>
                        </small>
                      )}
                    </td>
                    <td>{unitName(k.unit)}</td>
                    <td>{k.label ?? '—'}</td>
                    <td className="nowrap">{formatDateTime(Date.parse(k.createdAt), lang)}</td>
                    <td className="nowrap">{k.expiresAt ? formatDateTime(Date.parse(k.expiresAt), lang) : '—'}</td>
                    <td>
                      <span className={`badge badge--${status.tone}`}>{status[lang]}</span>
                    </td>
                    <td className="admin-actions">
                      {k.status === 'active' && (
                        <button
                          type="button"
                          className="button button--small button--quiet"
                          onClick={() => {
                            setGrace(String(DEFAULT_GRACE_HOURS));
                            setDialogError(null);
                            setPending({ kind: 'rotate', key: k });
                          }}
                          data-testid="key-rotate"
                        >
                          {t.rotate}
                        </button>
                      )}
                      {usable && (
                        <button
                          type="button"
                          className="button button--small button--quiet admin-danger"
                          onClick={() => {
                            setDialogError(null);
                            setPending({ kind: 'revoke', key: k });
                          }}
                          data-testid="key-revoke"
                        >
                          {t.revoke}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pending && (
        <ConfirmDialog
          title={fill(pending.kind === 'rotate' ? t.rotateTitle : t.revokeTitle, { id: pending.key.id })}
          confirmLabel={pending.kind === 'rotate' ? t.rotateConfirm : t.revokeConfirm}
          cancelLabel={t.cancel}
          danger={pending.kind === 'revoke'}
          busy={busy}
          error={dialogError}
          onConfirm={onConfirm}
          onCancel={() => setPending(null)}
        >
          <p>{fill(pending.kind === 'rotate' ? t.rotateBody : t.revokeBody, { unit: unitName(pending.key.unit) })}</p>
          {pending.kind === 'rotate' && (
            <label className="field">
              <span>{t.graceHours}</span>
              <input
                className="input"
                inputMode="numeric"
                value={grace}
                onChange={(e) => setGrace(e.target.value)}
                aria-invalid={!graceValid || undefined}
                aria-describedby="grace-hint"
                data-testid="rotate-grace"
              />
              <small id="grace-hint" className={graceValid ? 'muted' : 'error-text'}>
                {t.graceHint}
              </small>
            </label>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
