-- The plan: targets, the roadmap's tasks and their progress notes. The pack's rows are reloaded at every
-- start; an administrator's edits (origin 'admin') are kept across restarts and pack reloads.

CREATE TABLE plan_targets (
  indicator_key  text NOT NULL,
  area_code      text NOT NULL,
  period_kind    text NOT NULL CHECK (period_kind IN ('year', 'quarter', 'month')),
  -- The label as written ("2022", "2022-Q4", "2022-12") and the period as instants, local time.
  period         text NOT NULL,
  period_start   timestamptz NOT NULL,
  period_end     timestamptz NOT NULL,
  value          double precision NOT NULL,
  origin         text NOT NULL CHECK (origin IN ('pack', 'admin')),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  PRIMARY KEY (indicator_key, area_code, period_kind, period)
);

CREATE TABLE plan_tasks (
  id             text PRIMARY KEY,
  -- Title, theme, owner unit, due date and indicators as the pack wrote them.
  def            jsonb NOT NULL,
  due            date NOT NULL,
  status         text NOT NULL CHECK (status IN ('not-started', 'in-progress', 'done', 'blocked')),
  status_origin  text NOT NULL CHECK (status_origin IN ('pack', 'admin')),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text
);

CREATE TABLE plan_task_notes (
  id       bigserial PRIMARY KEY,
  task_id  text NOT NULL REFERENCES plan_tasks (id) ON DELETE CASCADE,
  at       timestamptz NOT NULL,
  text     text NOT NULL,
  origin   text NOT NULL CHECK (origin IN ('pack', 'admin')),
  author   text
);
CREATE INDEX plan_task_notes_task_idx ON plan_task_notes (task_id, at);
