-- The catalogue (loaded from the region pack), unit keys, and observations with their revision history.

CREATE TABLE packs (
  id         text PRIMARY KEY,
  name       jsonb NOT NULL,
  root       text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  key  text PRIMARY KEY,
  def  jsonb NOT NULL
);

CREATE TABLE sources (
  key  text PRIMARY KEY,
  def  jsonb NOT NULL
);

CREATE TABLE areas (
  code         text PRIMARY KEY,
  kind         text NOT NULL,
  parent_code  text,
  def          jsonb NOT NULL
);
CREATE INDEX areas_parent_idx ON areas (parent_code);

CREATE TABLE units (
  code  text PRIMARY KEY,
  def   jsonb NOT NULL
);

-- The columns the SQL aggregates by are pulled out of `def`; the rest stays as the pack wrote it.
CREATE TABLE indicators (
  key                text PRIMARY KEY,
  spatial            text NOT NULL,
  weight_key         text,
  temporal           text NOT NULL,
  preferred_sources  text[] NOT NULL DEFAULT '{}',
  def                jsonb NOT NULL
);

-- Boundaries: the pack's schematic drawing until official ones are imported, which a pack reload keeps.
CREATE TABLE area_boundaries (
  area_code    text PRIMARY KEY,
  geometry     jsonb NOT NULL,
  origin       text NOT NULL CHECK (origin IN ('schematic', 'official')),
  imported_at  timestamptz NOT NULL DEFAULT now()
);

-- Unit keys: only a SHA-256 of the secret is kept; the secret is shown once, at creation.
CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  unit_code    text NOT NULL,
  secret_hash  text NOT NULL UNIQUE,
  label        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_unit_idx ON api_keys (unit_code);

-- Every write gets a number from here: a higher version supersedes a lower one for the same series.
CREATE SEQUENCE observation_version;

-- The current value of each (indicator, area, source, period). Values the server derives for parent
-- areas are stored here too, with source 'derived' and `coverage` = the child areas that contributed.
CREATE TABLE observations (
  indicator_key  text NOT NULL,
  area_code      text NOT NULL,
  source         text NOT NULL,
  ts             timestamptz NOT NULL,
  value          double precision NOT NULL,
  unit_code      text,
  received_at    timestamptz NOT NULL,
  revision       integer NOT NULL,
  version        bigint NOT NULL,
  coverage       integer,
  -- (indicator, period) first: recomputing a province reads every district of one period in one range.
  PRIMARY KEY (indicator_key, ts, area_code, source)
);
-- A series back in time: the latest value, charts.
CREATE INDEX observations_series_idx ON observations (indicator_key, area_code, ts DESC);

-- Superseded revisions, written by the trigger below so that no code path can skip it.
CREATE TABLE observation_history (
  indicator_key  text NOT NULL,
  area_code      text NOT NULL,
  source         text NOT NULL,
  ts             timestamptz NOT NULL,
  value          double precision NOT NULL,
  unit_code      text,
  received_at    timestamptz NOT NULL,
  revision       integer NOT NULL,
  version        bigint NOT NULL,
  coverage       integer,
  superseded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_key, area_code, source, ts, revision)
);

CREATE FUNCTION observations_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO observation_history
    (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage)
  VALUES
    (OLD.indicator_key, OLD.area_code, OLD.source, OLD.ts, OLD.value, OLD.unit_code, OLD.received_at,
     OLD.revision, OLD.version, OLD.coverage);
  RETURN NEW;
END;
$$;

CREATE TRIGGER observations_history_trg
  BEFORE UPDATE ON observations
  FOR EACH ROW EXECUTE FUNCTION observations_keep_history();

CREATE FUNCTION observations_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'observations are never deleted; submit a new revision instead';
END;
$$;

CREATE TRIGGER observation_history_append_only
  BEFORE UPDATE OR DELETE ON observation_history
  FOR EACH ROW EXECUTE FUNCTION observations_no_delete();
