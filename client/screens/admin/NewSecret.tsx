/** The one time a key's secret is shown: copy it now, it cannot be shown again. */
import { useState } from 'react';
import type { NewKeyV1 } from '../../../shared/admin';
import type { Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import { fill } from '../../features/session/text';
import { adminText } from './text';

export interface NewSecretProps {
  created: NewKeyV1;
  unitName: string;
  /** The key it replaced, when it came from a rotation, and until when that one still works. */
  replaced: { id: string; until: string | null } | null;
  lang: Lang;
  onDone(): void;
}

export function NewSecret({ created, unitName, replaced, lang, onDone }: NewSecretProps) {
  const t = adminText(lang);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <div className="new-secret" role="alert" data-testid="new-key">
      <h3>{fill(t.secretTitle, { unit: unitName })}</h3>
      <p className="new-secret__warn">
        <strong>{t.secretWarn}</strong>
      </p>
      <div className="new-secret__row">
        <input
          className="input new-secret__value"
          readOnly
          value={created.secret}
          aria-label={fill(t.secretTitle, { unit: unitName })}
          onFocus={(e) => e.target.select()}
          data-testid="new-key-secret"
        />
        <button type="button" className="button" onClick={onCopy} data-testid="copy-secret">
          {copy === 'copied' ? `✓ ${t.copied}` : t.copy}
        </button>
      </div>
      {copy === 'failed' && <p className="error-text">{t.copyFailed}</p>}
      {replaced && (
        <p className="muted" data-testid="rotated-note">
          {fill(t.secretRotated, { id: replaced.id, time: replaced.until ? formatDateTime(Date.parse(replaced.until), lang) : '—' })}
        </p>
      )}
      <button type="button" className="button button--quiet" onClick={onDone} data-testid="secret-done">
        {t.secretDone}
      </button>
    </div>
  );
}
