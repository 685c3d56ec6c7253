/**
 * Upload a CSV: the server reads it and answers with every row and its problems (preview); only a file
 * without problems can be written (commit), all of it or nothing. After fixing the file in Excel, the
 * reporter chooses it again and it is read afresh.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { Unit } from '../../../shared/catalog';
import type { CsvCommitV1, CsvPreviewV1, ObligationV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import { ApiError, type Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { describeError } from '../../features/session/useSession';
import { CsvPreviewTable } from './CsvPreviewTable';
import { csvTemplate } from './csvTemplate';
import type { ReportNames } from './names';
import { reportText } from './text';

export interface CsvUploadProps {
  unit: Unit;
  obligations: readonly ObligationV1[];
  names: ReportNames;
  api: Api;
  lang: Lang;
  onCommitted(): void;
}

type Phase = 'idle' | 'reading' | 'previewed' | 'committing' | 'committed';

const isPreview = (x: unknown): x is CsvPreviewV1 => typeof x === 'object' && x !== null && Array.isArray((x as CsvPreviewV1).rows);

export function CsvUpload({ unit, obligations, names, api, lang, onCommitted }: CsvUploadProps) {
  const t = reportText(lang);
  const [phase, setPhase] = useState<Phase>('idle');
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [preview, setPreview] = useState<CsvPreviewV1 | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const query = `?unit=${encodeURIComponent(unit.code)}${lang === 'en' ? '&lang=en' : ''}`;

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    // Cleared so that choosing the same file again, once fixed, reads it again.
    e.target.value = '';
    if (!chosen) return;
    setPhase('reading');
    setFile({ name: chosen.name, bytes: new ArrayBuffer(0) });
    setPreview(null);
    setMessage(null);
    try {
      const bytes = await chosen.arrayBuffer();
      setFile({ name: chosen.name, bytes });
      const answer = await api.upload<CsvPreviewV1>(`/api/v1/report/csv/preview${query}`, bytes, 'text/csv');
      setPreview(answer);
      setPhase('previewed');
    } catch (err) {
      if (err instanceof ApiError && isPreview(err.details)) {
        setPreview(err.details);
        setPhase('previewed');
      } else {
        setMessage({ kind: 'error', text: describeError(err, lang) });
        setPhase('idle');
      }
    }
  };

  const onCommit = async () => {
    if (!file || !preview?.ok) return;
    setPhase('committing');
    setMessage(null);
    try {
      const answer = await api.upload<CsvCommitV1>(`/api/v1/report/csv/commit${query}`, file.bytes, 'text/csv');
      const r = answer.result;
      setPreview(answer.preview);
      setMessage({ kind: 'ok', text: fill(t.committed, { accepted: r.accepted, written: r.written, unchanged: r.unchanged }) });
      setPhase('committed');
      onCommitted();
    } catch (err) {
      // The server checks again when writing (another upload may have come in between): show what it found.
      if (err instanceof ApiError && isPreview(err.details)) setPreview(err.details);
      setMessage({ kind: 'error', text: `${t.commitRefused} ${describeError(err, lang)}` });
      setPhase('previewed');
    }
  };

  const onTemplate = () => {
    const blob = csvTemplate(unit, obligations, (key) => names.indicator(key)?.frequency);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `bao-cao-${unit.code}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const dataRows = preview ? preview.rows.filter((r) => r.line !== 1) : [];
  const bad = preview ? preview.rows.filter((r) => r.problems.length > 0).length : 0;
  const delimiter = preview ? { ',': t.comma, ';': t.semicolon, '\t': t.tab }[preview.delimiter] : '';

  return (
    <section className="panel" aria-labelledby="csv-title" data-testid="csv-upload">
      <header>
        <h2 id="csv-title">{t.csvTitle}</h2>
        <p className="panel__hint">{t.csvHint}</p>
      </header>
      <div className="form-row">
        <input
          ref={inputRef}
          id="csv-file"
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          className="visually-hidden"
          onChange={onFile}
          disabled={phase === 'reading' || phase === 'committing'}
          data-testid="csv-file-input"
        />
        <button type="button" className="button" onClick={() => inputRef.current?.click()} disabled={phase === 'reading' || phase === 'committing'}>
          {t.chooseFile}
        </button>
        <button type="button" className="button button--quiet" onClick={onTemplate} disabled={obligations.length === 0}>
          {t.template}
        </button>
        {preview && phase !== 'committed' && (
          <button type="button" className="button" onClick={onCommit} disabled={!preview.ok || phase === 'committing'} data-testid="csv-commit">
            {phase === 'committing' ? t.committing : t.commit}
          </button>
        )}
      </div>
      {phase === 'reading' && file && (
        <p className="muted" role="status">
          {fill(t.reading, { name: file.name })}
        </p>
      )}
      {preview && file && (
        <div className="csv-result">
          <p className="muted" data-testid="csv-summary">
            {fill(t.fileSummary, { name: file.name, rows: dataRows.length, bad, delimiter, bom: preview.hadBom ? t.bom : '' })}
          </p>
          {phase !== 'committed' && (
            <p className={`notice ${preview.ok ? 'notice--ok' : 'notice--warn'}`} role="status" data-testid="csv-verdict" data-ok={preview.ok}>
              {preview.ok ? fill(t.previewOk, { rows: dataRows.length }) : t.previewBad}
            </p>
          )}
          <CsvPreviewTable key={`${file.name}:${file.bytes.byteLength}:${phase}`} preview={preview} names={names} lang={lang} />
        </div>
      )}
      {message && (
        <p className={`notice notice--${message.kind === 'ok' ? 'ok' : 'error'}`} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="csv-outcome">
          {message.text}
        </p>
      )}
    </section>
  );
}
