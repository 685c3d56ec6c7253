/** One target in the list; its value becomes an input in place when the administrator edits it. */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Indicator } from '../../../shared/catalog';
import type { TargetV1 } from '../../../shared/plan';
import { formatVnNumber } from '../../../shared/vnNumber';
import { pick, type Lang } from '../../features/i18n/i18n';
import { formatDateTime } from '../../features/live/format';
import { fill } from '../../features/session/text';
import { checkTargetValue, formatTargetPeriod, formatTargetValue, targetKey, type FieldProblems } from './targetModel';
import { adminText } from './text';

export interface TargetRowProps {
  target: TargetV1;
  indicator: Indicator;
  areaName: string;
  areaKind: string;
  editing: boolean;
  busy: boolean;
  /** The server's refusal of the last save, by field. */
  problems: FieldProblems;
  lang: Lang;
  onEdit(): void;
  onCancel(): void;
  onSave(value: number): void;
  onRestore(): void;
}

export function TargetRow(props: TargetRowProps) {
  const { target, indicator, areaName, areaKind, editing, busy, problems, lang } = props;
  const t = adminText(lang);
  const id = targetKey(target).replace(/[^a-zA-Z0-9_-]/g, '-');
  return (
    <tr data-testid={`target-${targetKey(target)}`} data-origin={target.origin}>
      <td>{pick(indicator.name, lang)}</td>
      <td>{areaName}</td>
      <td className="nowrap">{formatTargetPeriod(target, lang)}</td>
      {editing ? (
        <td className="target-edit-cell">
          <ValueEditor id={id} target={target} indicator={indicator} areaKind={areaKind} busy={busy} problems={problems} lang={lang} onCancel={props.onCancel} onSave={props.onSave} />
        </td>
      ) : (
        <td className="num">
          <Comparison target={target} lang={lang} /> <span data-testid="target-value">{formatTargetValue(target.value, indicator, lang)}</span>
        </td>
      )}
      <td>
        <span className={`badge badge--${target.origin === 'admin' ? 'warn' : 'info'}`} data-testid="target-origin">
          {target.origin === 'admin' ? t.originAdmin : t.originPack}
        </span>
        {target.origin === 'admin' && (
          <small className="muted target-by">{fill(t.setBy, { who: target.updatedBy?.replace(/^user:/, '') ?? '—', time: formatDateTime(Date.parse(target.updatedAt), lang) })}</small>
        )}
      </td>
      <td>
        {/* The flex box goes inside the cell: a flex <td> stops being a table cell and loses the row's height. */}
        <div className="admin-actions">
          {!editing && (
            <button type="button" className="button button--small button--quiet" onClick={props.onEdit} disabled={busy} data-testid="target-edit">
              {t.edit}
            </button>
          )}
          {!editing && target.origin === 'admin' && (
            <button type="button" className="button button--small button--quiet" onClick={props.onRestore} disabled={busy} data-testid="target-restore">
              {t.restore}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

/** "≥" or "≤", from the indicator's direction; said in words for a screen reader and on hover. */
function Comparison({ target, lang }: { target: TargetV1; lang: Lang }) {
  const t = adminText(lang);
  const words = target.comparison === '>=' ? t.atLeast : t.atMost;
  return (
    <span className="target-cmp" title={words} data-testid="target-comparison">
      <span aria-hidden="true">{target.comparison === '>=' ? '≥' : '≤'}</span>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}

interface ValueEditorProps {
  id: string;
  target: TargetV1;
  indicator: Indicator;
  areaKind: string;
  busy: boolean;
  problems: FieldProblems;
  lang: Lang;
  onCancel(): void;
  onSave(value: number): void;
}

function ValueEditor({ id, target, indicator, areaKind, busy, problems, lang, onCancel, onSave }: ValueEditorProps) {
  const t = adminText(lang);
  const [text, setText] = useState(() => formatVnNumber(target.value));
  // Checked as the administrator types; the server's refusal shows until the text changes again.
  const [touched, setTouched] = useState(false);
  const check = checkTargetValue(text, indicator, areaKind, lang);
  const serverProblem = touched ? undefined : [problems.value, problems.period, problems.other].filter(Boolean).join('; ') || undefined;
  const message = !check.ok && touched ? check.message : serverProblem;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!check.ok) return;
    setTouched(false);
    onSave(check.value);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !busy) onCancel();
  };

  return (
    <form className="target-edit" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <span className="target-edit__input">
        <Comparison target={target} lang={lang} />
        <input
          className="input"
          inputMode="decimal"
          value={text}
          autoFocus
          aria-label={`${t.value} (${pick(indicator.unit, lang)})`}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setTouched(true);
          }}
          data-testid="target-value-input"
        />
        <span className="muted">{pick(indicator.unit, lang)}</span>
      </span>
      <span className="target-edit__buttons">
        <button type="submit" className="button button--small" disabled={busy} data-testid="target-save">
          {busy ? t.saving : t.save}
        </button>
        <button type="button" className="button button--small button--quiet" disabled={busy} onClick={onCancel} data-testid="target-cancel">
          {t.cancel}
        </button>
      </span>
      {message && (
        <small id={`${id}-error`} className="error-text" role="alert" data-testid="target-value-error">
          {message}
        </small>
      )}
    </form>
  );
}
