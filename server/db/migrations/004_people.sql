-- People, sessions, the audit log, provenance of each figure, reporting drafts and discrepancies.

CREATE TABLE users (
  id             text PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'operator', 'leader', 'reporter', 'viewer')),
  unit_code      text,
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  disabled_at    timestamptz,
  CHECK ((role = 'reporter') = (unit_code IS NOT NULL))
);

-- Only a SHA-256 of the session token is kept: a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed sign-ins, for rate limiting across every server instance.
CREATE TABLE login_failures (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  ip        text,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_idx ON login_failures (username, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

-- Who did what, when, from where. Append-only: the triggers below refuse any change or deletion.
CREATE TABLE audit_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,
  action   text NOT NULL,
  target   text,
  outcome  text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  ip       text,
  detail   jsonb
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

ALTER TABLE api_keys ADD COLUMN rotated_from text;

-- Provenance: who sent each revision ("user:<name>", "key:<id>", "cityops").
ALTER TABLE observations ADD COLUMN submitted_by text;
ALTER TABLE observation_history ADD COLUMN submitted_by text;

CREATE OR REPLACE FUNCTION observations_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO observation_history
    (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage, submitted_by)
  VALUES
    (OLD.indicator_key, OLD.area_code, OLD.source, OLD.ts, OLD.value, OLD.unit_code, OLD.received_at,
     OLD.revision, OLD.version, OLD.coverage, OLD.submitted_by);
  RETURN NEW;
END;
$$;

-- Values a reporter typed but has not submitted, one draft per unit.
CREATE TABLE report_drafts (
  unit_code   text PRIMARY KEY,
  payload     jsonb NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Declared source pairs that disagree beyond their tolerance; a row stays, with cleared_at, once they agree.
CREATE SEQUENCE discrepancy_version;
CREATE TABLE discrepancies (
  indicator_key  text NOT NULL,
  area_code      text NOT NULL,
  ts             timestamptz NOT NULL,
  sources        text[] NOT NULL,
  vals           double precision[] NOT NULL,
  difference     double precision NOT NULL,
  allowed        double precision NOT NULL,
  opened_at      timestamptz NOT NULL DEFAULT now(),
  cleared_at     timestamptz,
  version        bigint NOT NULL,
  PRIMARY KEY (indicator_key, ts, area_code)
);
CREATE INDEX discrepancies_open_idx ON discrepancies (cleared_at) WHERE cleared_at IS NULL;
