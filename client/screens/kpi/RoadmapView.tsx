/**
 * The year's roadmap: how many tasks each unit has in each state (a row filters to that unit), then the
 * tasks, overdue first, each with its notes and the KPIs it moves.
 */
import { useMemo, useState } from 'react';
import type { PointV1 } from '../../../shared/observations';
import { type RoadmapV1, type TargetV1, type TaskV1 } from '../../../shared/plan';
import { commonText, pick, type Lang } from '../../features/i18n/i18n';
import type { CatalogIndex } from '../../features/live/catalogIndex';
import { TaskCard } from './TaskCard';
import { kpiPageText, roadmapText } from './text';
import { useResource } from './useResource';
import './KpiRoadmap.css';

export interface RoadmapViewProps {
  index: CatalogIndex;
  points: ReadonlyMap<string, PointV1>;
  targets: readonly TargetV1[];
  reloadKey: number;
  now: number;
  lang: Lang;
}

type Filter = 'all' | 'overdue' | TaskV1['status'];
/** Counts per unit, most urgent first; an overdue task is counted as overdue, not under its status. */
const BADGES = ['overdue', 'blocked', 'in-progress', 'not-started', 'done'] as const;
const countOf = (tasks: readonly TaskV1[], b: (typeof BADGES)[number]) =>
  tasks.filter((x) => (b === 'overdue' ? x.overdue : !x.overdue && x.status === b)).length;
const FILTERS: Filter[] = ['all', 'overdue', 'in-progress', 'blocked', 'not-started', 'done'];
const matches = (task: TaskV1, f: Filter) => f === 'all' || (f === 'overdue' ? task.overdue : task.status === f);

export function RoadmapView({ index, points, targets, reloadKey, now, lang }: RoadmapViewProps) {
  const t = roadmapText(lang);
  const roadmap = useResource<RoadmapV1>('/api/v1/roadmap', reloadKey);
  const [unit, setUnit] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const tasks = useMemo(() => roadmap.data?.tasks ?? [], [roadmap.data]);
  const byUnit = useMemo(() => {
    const rows = new Map<string, TaskV1[]>();
    for (const task of tasks) rows.set(task.unit, [...(rows.get(task.unit) ?? []), task]);
    // Units with overdue work first, then the busiest.
    return [...rows].sort(([, a], [, b]) => b.filter((x) => x.overdue).length - a.filter((x) => x.overdue).length || b.length - a.length);
  }, [tasks]);

  if (!roadmap.data) return <p className="kpi-notice">{roadmap.error ? `${kpiPageText(lang).loadFailed}: ${roadmap.error}` : commonText(lang).loading}</p>;
  if (tasks.length === 0) return <p className="kpi-notice">{t.noRoadmap}</p>;
  const unitName = (code: string) => {
    const u = index.catalog.units.find((x) => x.code === code);
    return u ? pick(u.name, lang) : code;
  };
  const inUnit = tasks.filter((x) => unit === null || x.unit === unit);
  const shown = inUnit.filter((x) => matches(x, filter));
  return (
    <div className="kpi-roadmap" data-testid="roadmap-view">
      <header className="kpi-roadmap__head">
        <h2>{roadmap.data.title ? pick(roadmap.data.title, lang) : ''}</h2>
        <p>
          {tasks.length} {t.tasks} · {tasks.filter((x) => x.overdue).length} {t.overdue.toLowerCase()} · {tasks.filter((x) => x.status === 'done').length}{' '}
          {t.done.toLowerCase()}
        </p>
      </header>
      <div className="kpi-roadmap__grid">
        <section className="kpi-panel kpi-units">
          <h3>{t.byUnit}</h3>
          <p className="kpi-units__legend">
            {BADGES.map((b) => (
              <span key={b} className={`kpi-badge kpi-badge--${b}`}>
                {t[b]}
              </span>
            ))}
          </p>
          <ul>
            <UnitRow label={t.allUnits} tasks={tasks} selected={unit === null} lang={lang} onSelect={() => setUnit(null)} />
            {byUnit.map(([code, list]) => (
              <UnitRow key={code} code={code} label={unitName(code)} tasks={list} selected={unit === code} lang={lang} onSelect={() => setUnit(code)} />
            ))}
          </ul>
        </section>
        <section className="kpi-tasks">
          <div className="kpi-chips" role="group">
            {FILTERS.map((f) => (
              <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`roadmap-filter-${f}`}>
                {f === 'all' ? t.all : t[f]} <span>{inUnit.filter((x) => matches(x, f)).length}</span>
              </button>
            ))}
          </div>
          {shown.length === 0 && <p className="kpi-notice">{t.none}</p>}
          {shown.map((task) => (
            <TaskCard key={task.id} task={task} index={index} points={points} targets={targets} now={now} lang={lang} />
          ))}
        </section>
      </div>
    </div>
  );
}

interface UnitRowProps {
  code?: string;
  label: string;
  tasks: readonly TaskV1[];
  selected: boolean;
  lang: Lang;
  onSelect(): void;
}

/** A unit and its tasks by state, as a button that filters the list to that unit. */
function UnitRow({ code, label, tasks, selected, lang, onSelect }: UnitRowProps) {
  const t = roadmapText(lang);
  return (
    <li>
      <button type="button" className="kpi-unit" aria-pressed={selected} onClick={onSelect} data-testid={code ? `roadmap-unit-${code}` : 'roadmap-unit-all'}>
        <span className="kpi-unit__name">{label}</span>
        <span className="kpi-unit__counts">
          {BADGES.map((b) => {
            const n = countOf(tasks, b);
            return n > 0 ? (
              <span key={b} className={`kpi-badge kpi-badge--${b}`} title={t[b]}>
                {n}
              </span>
            ) : null;
          })}
        </span>
      </button>
    </li>
  );
}
