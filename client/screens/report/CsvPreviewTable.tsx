/** The rows of an uploaded CSV as the server read them, every problem of every row next to it. */
import { useState } from 'react';
import type { CsvPreviewV1, CsvRowV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import { fill } from '../../features/session/text';
import { showValue } from './formValue';
import type { ReportNames } from './names';
import { problemText } from './problemText';
import { fieldLabel, noteLabel, reasonLabel, reportText } from './text';

/** Valid rows shown at most; rows with problems are always all shown. */
const MAX_VALID_ROWS = 300;

export function CsvPreviewTable({ preview, names, lang }: { preview: CsvPreviewV1; names: ReportNames; lang: Lang }) {
  const t = reportText(lang);
  const [onlyProblems, setOnlyProblems] = useState(!preview.ok);
  const withProblems = preview.rows.filter((r) => r.problems.length > 0);
  let validShown = 0;
  const shown = preview.rows.filter((r) => {
    if (r.problems.length > 0) return true;
    if (onlyProblems) return false;
    return ++validShown <= MAX_VALID_ROWS;
  });
  const hiddenValid = onlyProblems ? 0 : preview.rows.length - withProblems.length - Math.min(validShown, MAX_VALID_ROWS);

  return (
    <div className="csv-preview">
      {withProblems.length > 0 && withProblems.length < preview.rows.length && (
        <label className="csv-preview__filter">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} data-testid="csv-only-problems" />{' '}
          {t.onlyProblems}
        </label>
      )}
      <div className="table-wrap csv-preview__scroll">
        <table className="data-table" data-testid="csv-preview">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t.line}
              </th>
              <th scope="col">{t.indicator}</th>
              <th scope="col">{t.area}</th>
              <th scope="col">{t.period}</th>
              <th scope="col" className="num">
                {t.value}
              </th>
              <th scope="col">{t.source}</th>
              <th scope="col">{t.problems}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <PreviewRow key={r.line} row={r} names={names} lang={lang} />
            ))}
          </tbody>
        </table>
      </div>
      {hiddenValid > 0 && <p className="muted">{fill(t.moreRows, { n: hiddenValid })}</p>}
    </div>
  );
}

function ProblemList({ row, names, lang }: { row: CsvRowV1; names: ReportNames; lang: Lang }) {
  return (
    <ul className="csv-problems">
      {row.problems.map((p, i) => {
        const text = problemText(p, row, names, lang);
        return (
          <li key={i} data-testid="csv-problem" data-field={p.field} data-reason={p.reason} title={text === p.message ? undefined : p.message}>
            <strong>{fieldLabel(p.field, lang)}</strong> <span className="badge badge--bad">{reasonLabel(p.reason, lang)}</span> {text}
          </li>
        );
      })}
    </ul>
  );
}

/** What the reporter should know about a valid row: the period is still running, or the value is shown rounded. */
function NoteList({ row, names, lang }: { row: CsvRowV1; names: ReportNames; lang: Lang }) {
  const t = reportText(lang);
  const ind = row.indicator ? names.indicator(row.indicator) : undefined;
  return (
    <ul className="csv-problems">
      {(row.notes ?? []).map((n, i) => {
        let text = n.message;
        if (n.reason === 'more-decimals' && ind && row.value !== null) {
          text = fill(t.noteDecimals, { value: showValue(row.value, lang), shown: names.value(ind.key, row.value), decimals: ind.decimals });
        } else if (n.reason === 'in-progress' && ind && row.ts) {
          text = fill(t.noteInProgress, { period: names.period(ind.key, row.ts) });
        }
        return (
          <li key={i} data-testid="csv-note" data-field={n.field} data-reason={n.reason} title={text === n.message ? undefined : n.message}>
            <strong>{fieldLabel(n.field, lang)}</strong> <span className="badge badge--warn">{noteLabel(n.reason, lang)}</span> {text}
          </li>
        );
      })}
    </ul>
  );
}

function PreviewRow({ row: r, names, lang }: { row: CsvRowV1; names: ReportNames; lang: Lang }) {
  const t = reportText(lang);
  const bad = r.problems.length > 0;
  // A value with more decimals than its indicator keeps is shown as it will be stored, not rounded.
  const exact = r.notes?.some((n) => n.reason === 'more-decimals') ?? false;
  // Line 1 is the header: a problem there is about the whole file (encoding, a missing column).
  if (r.line === 1) {
    return (
      <tr className="csv-row csv-row--bad" data-testid="csv-row-1">
        <td className="num">{t.wholeFile}</td>
        <td colSpan={6}>
          <ProblemList row={r} names={names} lang={lang} />
        </td>
      </tr>
    );
  }
  return (
    <tr className={`csv-row ${bad ? 'csv-row--bad' : ''}`} data-testid={`csv-row-${r.line}`} data-ok={!bad}>
      <td className="num">{r.line}</td>
      <td>{r.indicator ? names.indicatorName(r.indicator) : '—'}</td>
      <td>{r.area ? names.areaName(r.area) : '—'}</td>
      <td className="nowrap">{r.indicator && r.ts ? names.period(r.indicator, r.ts) : '—'}</td>
      <td className="num">{r.value === null ? '—' : r.indicator && !exact ? names.value(r.indicator, r.value) : showValue(r.value, lang)}</td>
      <td>{r.source ? names.sourceName(r.source) : <span className="muted">{t.defaultSource}</span>}</td>
      <td>
        {bad ? <ProblemList row={r} names={names} lang={lang} /> : <span className="badge badge--ok">{t.noProblem}</span>}
        {r.notes && r.notes.length > 0 && <NoteList row={r} names={names} lang={lang} />}
      </td>
    </tr>
  );
}
