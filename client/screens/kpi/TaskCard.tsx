/** One roadmap task: title, unit, due date, status, its progress notes and the KPIs it is meant to move. */
import { memo, useState } from 'react';
import type { Indicator } from '../../../shared/catalog';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import type { TargetV1, TaskV1 } from '../../../shared/plan';
import { fromLocal, localParts } from '../../../shared/time';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { formatNumber } from '../../features/live/format';
import { judge } from './kpiModel';
import { roadmapText } from './text';
import { routeHash } from './useKpiRoute';

export interface TaskCardProps {
  task: TaskV1;
  index: CatalogIndex;
  points: ReadonlyMap<string, PointV1>;
  targets: readonly TargetV1[];
  now: number;
  lang: Lang;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** "31/12/2022" from "2022-12-31": a due date is a local calendar day already. */
const localDate = (d: string) => d.split('-').reverse().join('/');
const DAY = 86_400_000;

/** The local day a note was written. */
function noteDate(iso: string): string {
  const p = localParts(new Date(iso));
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** Calendar days past the due day, local time: due 31 December, on 1 January it is 1 day late. */
function daysLate(due: string, now: number): number {
  const [y, m, d] = due.split('-').map(Number) as [number, number, number];
  return Math.max(0, Math.floor((now - fromLocal(y, m, d).getTime()) / DAY));
}

export const TaskCard = memo(function TaskCard({ task, index, points, targets, now, lang }: TaskCardProps) {
  const t = roadmapText(lang);
  const [expanded, setExpanded] = useState(false);
  const unit = index.catalog.units.find((u) => u.code === task.unit);
  const root = index.catalog.pack.root;
  const indicators = task.indicators.flatMap((k) => index.catalog.indicators.find((i) => i.key === k) ?? []);
  const notes = expanded ? task.notes : task.notes.slice(-1);
  const state = task.overdue ? 'overdue' : task.status;
  return (
    <article className={`kpi-task kpi-task--${state}`} data-testid={`task-${task.id}`} data-status={task.status} data-overdue={task.overdue}>
      <header className="kpi-task__head">
        <h3>{pick(task.title, lang)}</h3>
        <span className={`kpi-task__status kpi-task__status--${task.status}`}>{t[task.status]}</span>
      </header>
      <p className="kpi-task__meta">
        <span>{unit ? pick(unit.name, lang) : task.unit}</span>
        <span className={task.overdue ? 'kpi-task__due kpi-task__due--late' : 'kpi-task__due'}>
          {t.due} {localDate(task.due)}
          {task.overdue && ` — ${t.daysLate.replace('{n}', formatNumber(daysLate(task.due, now), 0, lang))}`}
        </span>
      </p>
      {task.notes.length > 0 && (
        <div className="kpi-task__notes">
          <ul>
            {notes.map((n, i) => (
              <li key={`${n.at}-${i}`}>
                <time dateTime={n.at}>{noteDate(n.at)}</time> {n.text}
              </li>
            ))}
          </ul>
          {task.notes.length > 1 && (
            <button type="button" className="kpi-link-button" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
              {expanded ? t.fewerNotes : t.moreNotes.replace('{n}', String(task.notes.length - 1))}
            </button>
          )}
        </div>
      )}
      {indicators.length > 0 && (
        <div className="kpi-task__kpis" aria-label={t.kpis}>
          {indicators.map((ind: Indicator) => {
            const point = points.get(seriesKey({ indicator: ind.key, area: root }));
            const j = judge(ind, point, targets, root, root, now);
            return (
              <a key={ind.key} className={`kpi-task__kpi kpi-task__kpi--${j.status}`} href={routeHash({ view: 'indicator', indicator: ind.key, area: null })}>
                <span className="kpi-dot" aria-hidden="true" />
                {pick(ind.name, lang)}
                {point && <strong>{` ${formatNumber(point.value, ind.decimals, lang)} ${pick(ind.unit, lang)}`}</strong>}
              </a>
            );
          })}
        </div>
      )}
    </article>
  );
});
