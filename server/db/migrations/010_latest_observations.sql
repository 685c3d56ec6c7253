-- The latest period of each (indicator, area, source), kept as it is written: the snapshot reads these few
-- rows instead of descending the observations of every series (every chunk on TimescaleDB, compressed ones
-- included). The snapshot's rule (the latest period, within it the preferred source, else the most recently
-- written) is applied when reading, so a pack that changes its preferred sources needs nothing rebuilt.
CREATE TABLE latest_observations (
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
  PRIMARY KEY (indicator_key, area_code, source)
);

INSERT INTO latest_observations
  (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage)
SELECT DISTINCT ON (indicator_key, area_code, source)
  indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage
FROM observations
ORDER BY indicator_key, area_code, source, ts DESC;

-- Kept by triggers, as the history is, so that no statement writing observations can skip it: once per
-- statement, from the rows it wrote. An older period (a late point) leaves the latest alone; the latest
-- period written again (a revision) replaces it.
CREATE FUNCTION observations_keep_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO latest_observations AS l
    (indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage)
  SELECT DISTINCT ON (indicator_key, area_code, source)
    indicator_key, area_code, source, ts, value, unit_code, received_at, revision, version, coverage
  FROM written
  ORDER BY indicator_key, area_code, source, ts DESC
  ON CONFLICT (indicator_key, area_code, source) DO UPDATE
    SET ts = EXCLUDED.ts, value = EXCLUDED.value, unit_code = EXCLUDED.unit_code, received_at = EXCLUDED.received_at,
        revision = EXCLUDED.revision, version = EXCLUDED.version, coverage = EXCLUDED.coverage
    WHERE EXCLUDED.ts >= l.ts;
  RETURN NULL;
END;
$$;

CREATE TRIGGER observations_latest_inserted
  AFTER INSERT ON observations REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION observations_keep_latest();

CREATE TRIGGER observations_latest_updated
  AFTER UPDATE ON observations REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION observations_keep_latest();
