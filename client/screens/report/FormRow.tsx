/** One figure to enter: the field, what was read from it, the previous period beside it, and the source. */
import { memo } from 'react';
import type { Indicator } from '../../../shared/catalog';
import type { ObligationV1 } from '../../../shared/report';
import type { Lang } from '../../features/i18n/i18n';
import { fill } from '../../features/session/text';
import { checkEntry, showValue } from './formValue';
import type { ReportNames } from './names';
import { problemText } from './problemText';
import { fieldLabel, reportText } from './text';

export interface FormRowProps {
  rowKey: string;
  obligation: ObligationV1;
  indicator: Indicator;
  names: ReportNames;
  text: string;
  source: string;
  sourceOptions: readonly { key: string; label: string }[];
  /** The unit's usual source, marked under the picker when chosen. */
  defaultSource: string;
  /** What the server said about this row on the last submit. */
  serverProblems: readonly { field: string; reason: string; message: string }[];
  lang: Lang;
  onTextChange(rowKey: string, text: string): void;
  onSourceChange(rowKey: string, source: string): void;
}

export const FormRow = memo(function FormRow(props: FormRowProps) {
  const { rowKey, obligation: o, indicator, names, text, source, sourceOptions, serverProblems, lang } = props;
  const t = reportText(lang);
  const entry = checkEntry(text, indicator, lang);
  const id = `${o.indicator}-${o.area}`;
  const messageId = `input-msg-${id}`;
  const invalid = entry.state === 'error' || serverProblems.some((p) => p.field === 'value');
  const range = fill(t.validRange, {
    min: showValue(indicator.range.min, lang),
    max: showValue(indicator.range.max, lang),
    unit: indicator.unit[lang],
  });

  return (
    <tr data-testid={`form-row-${id}`}>
      <th scope="row">
        <span className="form-indicator">{indicator.name[lang]}</span>
        <small className="muted">
          {names.areaName(o.area)} · {range}
        </small>
      </th>
      <td className="nowrap">{names.period(o.indicator, o.period)}</td>
      <td className="form-input-cell">
        <span className="form-input-line">
          <input
            className="input form-input"
            id={`input-${id}`}
            aria-label={`${indicator.name[lang]} — ${names.period(o.indicator, o.period)}`}
            aria-invalid={invalid || undefined}
            aria-describedby={messageId}
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            value={text}
            onChange={(e) => props.onTextChange(rowKey, e.target.value)}
            data-testid={`input-${id}`}
          />
          <span className="form-unit">{indicator.unit[lang]}</span>
        </span>
        <div id={messageId} data-testid={`input-msg-${id}`} aria-live="polite">
          {entry.state === 'error' && <span className="error-text">{entry.message}</span>}
          {entry.state === 'ok' && entry.readAs && <span className="muted">{entry.readAs}</span>}
          {serverProblems.map((p, i) => (
            <span key={i} className="error-text" data-testid={`server-problem-${id}`} title={p.message}>
              {fieldLabel(p.field, lang)}: {problemText(p, { indicator: o.indicator, area: o.area, value: entry.state === 'ok' ? entry.value : null }, names, lang)}
            </span>
          ))}
        </div>
      </td>
      <td className="form-previous">
        {o.previous ? fill(t.previousValue, { value: names.value(o.indicator, o.previous.value) }) : t.noPrevious}
        {o.value !== null && <small>{fill(t.alreadySent, { value: names.value(o.indicator, o.value) })}</small>}
      </td>
      <td>
        <select
          className="select form-source"
          aria-label={`${t.source} — ${indicator.name[lang]}`}
          value={source}
          title={names.sourceName(source)}
          onChange={(e) => props.onSourceChange(rowKey, e.target.value)}
          data-testid={`source-${id}`}
        >
          {sourceOptions.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
        {source === props.defaultSource && <small className="muted form-source-hint">{t.defaultSource}</small>}
      </td>
    </tr>
  );
});
