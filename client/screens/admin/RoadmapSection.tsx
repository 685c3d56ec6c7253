/**
 * The year's roadmap for the administrator: tasks grouped by status (overdue ones in a group of their own,
 * first) or by unit (units with overdue tasks first), each with its status, notes and an update form.
 */
import { useState } from 'react';
import type { CatalogV1 } from '../../../shared/catalog';
import type { PutTaskV1, RoadmapV1, TaskStatus, TaskV1 } from '../../../shared/plan';
import { pick, type Lang } from '../../features/i18n/i18n';
import type { Api } from '../../features/session/api';
import { fill } from '../../features/session/text';
import { useApiGet } from '../../features/session/useApiGet';
import { TaskRow } from './TaskRow';
import { TASK_STATUS, adminText } from './text';
import { ResourceState } from '../../features/session/ResourceState';

type GroupBy = 'status' | 'unit';
interface Group {
  key: string;
  title: string;
  tone: string;
  tasks: TaskV1[];
}

/** Most pressing first; done last. An overdue task is never done, so it is shown only under "overdue". */
const STATUS_ORDER: readonly TaskStatus[] = ['blocked', 'in-progress', 'not-started', 'done'];

function groupTasks(tasks: readonly TaskV1[], by: GroupBy, catalog: CatalogV1, lang: Lang): Group[] {
  const t = adminText(lang);
  // The server sends overdue tasks first, then by due date; every group keeps that order.
  if (by === 'status') {
    const overdue: Group = { key: 'overdue', title: t.overdueGroup, tone: 'bad', tasks: tasks.filter((x) => x.overdue) };
    const rest = STATUS_ORDER.map((s) => ({ key: s, title: TASK_STATUS[s][lang], tone: TASK_STATUS[s].tone, tasks: tasks.filter((x) => !x.overdue && x.status === s) }));
    return [overdue, ...rest].filter((g) => g.tasks.length > 0);
  }
  const units = new Map<string, TaskV1[]>();
  for (const x of tasks) units.set(x.unit, [...(units.get(x.unit) ?? []), x]);
  const unitName = (code: string) => {
    const unit = catalog.units.find((u) => u.code === code);
    return unit ? pick(unit.name, lang) : code;
  };
  const overdueCount = (list: TaskV1[]) => list.filter((x) => x.overdue).length;
  return [...units.entries()]
    .sort(([a, la], [b, lb]) => overdueCount(lb) - overdueCount(la) || unitName(a).localeCompare(unitName(b), lang))
    .map(([code, list]) => ({ key: code, title: unitName(code), tone: overdueCount(list) > 0 ? 'bad' : 'none', tasks: list }));
}

export function RoadmapSection({ api, catalog, lang }: { api: Api; catalog: CatalogV1; lang: Lang }) {
  const t = adminText(lang);
  const roadmap = useApiGet<RoadmapV1>(api, '/api/v1/roadmap', lang);
  const [by, setBy] = useState<GroupBy>('status');
  const [open, setOpen] = useState<string | null>(null);
  const tasks = roadmap.data?.tasks ?? [];
  const groups = groupTasks(tasks, by, catalog, lang);

  const onSave = async (id: string, body: PutTaskV1) => {
    await api.send<{ task: TaskV1 }>('PUT', `/api/v1/roadmap/${encodeURIComponent(id)}`, body);
    roadmap.reload();
  };

  return (
    <section className="panel" aria-labelledby="roadmap-title" data-testid="roadmap" aria-busy={roadmap.loading}>
      <header>
        <h2 id="roadmap-title">{t.tabRoadmap}</h2>
        <p className="panel__hint">{t.roadmapHint}</p>
      </header>
      {roadmap.data && (
        <div className="form-row roadmap-bar">
          <p className="roadmap-bar__title">
            {roadmap.data.title && <strong>{pick(roadmap.data.title, lang)}</strong>}{' '}
            <span className="muted" data-testid="roadmap-summary">
              {fill(t.taskSummary, { total: tasks.length, overdue: tasks.filter((x) => x.overdue).length, done: tasks.filter((x) => x.status === 'done').length })}
            </span>
          </p>
          <div className="segmented" role="group" aria-label={t.groupBy}>
            <span className="muted">{t.groupBy}:</span>
            {(['status', 'unit'] as const).map((k) => (
              <button key={k} type="button" className="button button--small button--quiet" aria-pressed={by === k} onClick={() => setBy(k)} data-testid={`roadmap-by-${k}`}>
                {k === 'status' ? t.byStatus : t.byUnit}
              </button>
            ))}
          </div>
        </div>
      )}
      <ResourceState resource={roadmap} lang={lang} empty={tasks.length === 0} emptyText={t.noTasks} />
      {groups.map((g) => (
        <div key={`${by}-${g.key}`} className="roadmap-group" data-testid={`roadmap-group-${g.key}`}>
          <h3>
            <span className={g.tone === 'none' ? 'badge' : `badge badge--${g.tone}`}>{g.title}</span> <span className="muted">{g.tasks.length}</span>
          </h3>
          <div className="table-wrap">
            <table className="data-table roadmap-table">
              {/* The same widths in every group, so the groups read as one list. */}
              <colgroup>
                <col className="roadmap-col--task" />
                <col className="roadmap-col--unit" />
                <col className="roadmap-col--due" />
                <col className="roadmap-col--status" />
                <col />
                <col className="roadmap-col--actions" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">{t.task}</th>
                  <th scope="col">{t.unit}</th>
                  <th scope="col">{t.due}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.lastNote}</th>
                  <th scope="col">{t.actions}</th>
                </tr>
              </thead>
              <tbody>
                {g.tasks.map((x) => (
                  <TaskRow
                    key={x.id}
                    task={x}
                    catalog={catalog}
                    open={open === x.id}
                    lang={lang}
                    onToggle={() => setOpen((o) => (o === x.id ? null : x.id))}
                    onSave={(body) => onSave(x.id, body)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
