/** One roadmap task; opened, it shows every progress note and a form for a new status and/or note. */
import { useState, type FormEvent } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import { TASK_STATUSES, type NoteV1, type PutTaskV1, type TaskStatus, type TaskV1 } from '../../../shared/plan';
import { fromLocal } from '../../../shared/time';
import { pick, type Lang } from '../../features/i18n/i18n';
import { formatDateTime, formatNumber, formatPeriod } from '../../features/live/format';
import { ApiError } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { describeError } from '../../features/session/useSession';
import { TASK_STATUS, adminText } from './text';

export interface TaskRowProps {
  task: TaskV1;
  catalog: CatalogV1;
  open: boolean;
  lang: Lang;
  onToggle(): void;
  /** Rejects with the server's error; the row says what went wrong. */
  onSave(body: PutTaskV1): Promise<void>;
}

const NOTE_MAX = 2000;
const DAY = 86_400_000;

/** "2022-12-31" as the instant that local day starts. */
const dayStart = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fromLocal(y, m, d);
};

/** Whole days since the end of the due day, local time: due 31 December, on 1 January it is 1 day late. */
const daysLate = (due: string) => Math.max(1, Math.floor((Date.now() - dayStart(due).getTime()) / DAY));

const statusBadge = (status: TaskStatus, lang: Lang) => {
  const s = TASK_STATUS[status];
  return <span className={s.tone === 'none' ? 'badge' : `badge badge--${s.tone}`}>{s[lang]}</span>;
};

export function TaskRow({ task, catalog, open, lang, onToggle, onSave }: TaskRowProps) {
  const t = adminText(lang);
  const unit = catalog.units.find((u) => u.code === task.unit);
  const latest = task.notes[task.notes.length - 1];
  const detailId = `task-detail-${task.id}`;
  return (
    <>
      <tr className={open ? 'task-row is-open' : 'task-row'} data-testid={`task-${task.id}`} data-status={task.status} data-overdue={task.overdue}>
        <td className="task-row__title">{pick(task.title, lang)}</td>
        <td>{unit ? pick(unit.name, lang) : task.unit}</td>
        <td className="nowrap">
          {formatPeriod(dayStart(task.due).toISOString(), 'P1D', lang)}
          {task.overdue && <small className="task-late">{fill(t.overdueDays, { n: formatNumber(daysLate(task.due), 0, lang) })}</small>}
        </td>
        <td data-testid="task-status">{statusBadge(task.status, lang)}</td>
        <td className="task-row__note">{latest ? <NoteText note={latest} lang={lang} /> : <span className="muted">—</span>}</td>
        <td>
          <button type="button" className="button button--small button--quiet" aria-expanded={open} aria-controls={detailId} onClick={onToggle} data-testid="task-toggle">
            {open ? t.close : t.update}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="task-detail" id={detailId}>
          <td colSpan={6}>
            <div className="task-detail__grid">
              <TaskForm task={task} lang={lang} onSave={onSave} />
              <div>
                <h4>
                  {t.notesHistory} ({task.notes.length})
                </h4>
                {task.notes.length === 0 ? (
                  <p className="muted">{t.noNotes}</p>
                ) : (
                  // Newest first, like the audit log.
                  <ol className="task-notes" data-testid="task-notes">
                    {[...task.notes].reverse().map((n, i) => (
                      <li key={`${n.at}-${i}`}>
                        <NoteText note={n} lang={lang} withAuthor />
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function NoteText({ note, lang, withAuthor }: { note: NoteV1; lang: Lang; withAuthor?: boolean }) {
  const t = adminText(lang);
  // Notes from the pack carry a date only; an administrator's carry the moment it was written.
  const when = note.origin === 'pack' ? formatPeriod(note.at, 'P1D', lang) : formatDateTime(Date.parse(note.at), lang);
  return (
    <>
      <time className="task-note__at" dateTime={note.at}>
        {when}
      </time>{' '}
      <span className="task-note__text">{note.text}</span>
      {withAuthor && <small className="muted task-note__by"> — {note.origin === 'pack' ? t.fromPlan : (note.author?.replace(/^user:/, '') ?? '—')}</small>}
    </>
  );
}

function TaskForm({ task, lang, onSave }: { task: TaskV1; lang: Lang; onSave(body: PutTaskV1): Promise<void> }) {
  const t = adminText(lang);
  const [status, setStatus] = useState<TaskStatus>(task.status);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body: PutTaskV1 = {};
    if (status !== task.status) body.status = status;
    if (note.trim()) body.note = note.trim();
    if (!body.status && !body.note) return setOutcome({ kind: 'error', text: t.nothingToSave });
    setBusy(true);
    setOutcome(null);
    try {
      await onSave(body);
      setNote('');
      setOutcome({ kind: 'ok', text: t.taskSaved });
    } catch (err) {
      // A refused body names its fields (400); the server's words follow the summary.
      const details = err instanceof ApiError && Array.isArray(err.details) ? (err.details as { message?: string }[]).map((d) => d.message).join('; ') : '';
      setOutcome({ kind: 'error', text: details ? `${describeError(err, lang)} (${details})` : describeError(err, lang) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="task-form" onSubmit={onSubmit} noValidate>
      <label className="field">
        <span>{t.newStatus}</span>
        <select className="select" value={status} onChange={(e) => setStatus(e.target.value as TaskStatus)} data-testid="task-status-select">
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {TASK_STATUS[s][lang]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.note}</span>
        <textarea className="input task-form__note" rows={3} maxLength={NOTE_MAX} value={note} placeholder={t.notePlaceholder} onChange={(e) => setNote(e.target.value)} data-testid="task-note" />
      </label>
      <div className="form-row">
        <button type="submit" className="button" disabled={busy} data-testid="task-save">
          {busy ? t.saving : t.save}
        </button>
      </div>
      {outcome && (
        <p className={`notice notice--${outcome.kind === 'ok' ? 'ok' : 'error'}`} role={outcome.kind === 'ok' ? 'status' : 'alert'} data-testid="task-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
