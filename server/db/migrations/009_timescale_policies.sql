-- requires: timescaledb
-- The rollups are read only where they are known to hold what the raw rows hold (see the README,
-- Storage). The rollups become materialised-only, CityOps aggregates raw rows itself everywhere else;
-- the refresh policies cover all history so that late data and revisions anywhere are materialised;
-- each rollup gets the index its query needs. Every statement is idempotent.

ALTER MATERIALIZED VIEW observations_hourly SET (timescaledb.materialized_only = true);

ALTER MATERIALIZED VIEW observations_daily SET (timescaledb.materialized_only = true);

ALTER MATERIALIZED VIEW observations_monthly SET (timescaledb.materialized_only = true);

-- No start limit: a window that starts at now() - 60 days leaves every older change unmaterialised.
-- The hourly rollup starts where its retention ends: older hours are dropped anyway.
SELECT remove_continuous_aggregate_policy('observations_hourly', if_exists => true);

SELECT add_continuous_aggregate_policy('observations_hourly',
  start_offset => INTERVAL '2 years', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '5 minutes', buckets_per_batch => 0);

SELECT remove_continuous_aggregate_policy('observations_daily', if_exists => true);

SELECT add_continuous_aggregate_policy('observations_daily',
  start_offset => NULL, end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes', buckets_per_batch => 0);

SELECT remove_continuous_aggregate_policy('observations_monthly', if_exists => true);

SELECT add_continuous_aggregate_policy('observations_monthly',
  start_offset => NULL, end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '6 hours', buckets_per_batch => 0);

-- The series query reads one (indicator, area) over a range of buckets; the rollups' own indexes lead
-- with one column each.
CREATE INDEX IF NOT EXISTS observations_hourly_series_idx ON observations_hourly (indicator_key, area_code, bucket);

CREATE INDEX IF NOT EXISTS observations_daily_series_idx ON observations_daily (indicator_key, area_code, bucket);

CREATE INDEX IF NOT EXISTS observations_monthly_series_idx ON observations_monthly (indicator_key, area_code, bucket);

-- Where a rollup may differ from its raw rows: above its watermark, in ranges written since its last
-- refresh (TimescaleDB's own invalidation logs and pending ranges, the test its planner makes before it
-- rewrites a query onto a rollup), and before the horizon of a retention policy on it. STABLE, so it
-- reads the snapshot of the query that calls it. On a catalogue it does not know it answers
-- "everywhere" (results stay correct, only slower), or raises when strict (CityOps checks at start).
CREATE OR REPLACE FUNCTION cityops_rollup_unsettled(rollup regclass, strict boolean DEFAULT false) RETURNS tstzmultirange
LANGUAGE plpgsql STABLE AS $$
DECLARE
  mat_id integer;
  raw_id integer;
  unsettled tstzmultirange;
BEGIN
  SELECT c.mat_hypertable_id, c.raw_hypertable_id INTO STRICT mat_id, raw_id
  FROM _timescaledb_catalog.continuous_agg c
  WHERE format('%I.%I', c.user_view_schema, c.user_view_name)::regclass = rollup;
  SELECT range_agg(r) INTO unsettled FROM (
    SELECT tstzrange(_timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark(mat_id)), NULL) AS r
    UNION ALL
    SELECT tstzrange(_timescaledb_functions.to_timestamp(l.lowest_modified_value), _timescaledb_functions.to_timestamp(l.greatest_modified_value), '[]')
    FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log l
    WHERE l.hypertable_id = raw_id
    UNION ALL
    SELECT tstzrange(_timescaledb_functions.to_timestamp(l.lowest_modified_value), _timescaledb_functions.to_timestamp(l.greatest_modified_value), '[]')
    FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log l
    WHERE l.materialization_id = mat_id
    UNION ALL
    SELECT tstzrange(_timescaledb_functions.to_timestamp(l.lowest_modified_value), _timescaledb_functions.to_timestamp(l.greatest_modified_value), '[]')
    FROM _timescaledb_catalog.continuous_aggs_materialization_ranges l
    WHERE l.materialization_id = mat_id
    UNION ALL
    SELECT tstzrange(NULL, now() - (j.config ->> 'drop_after')::interval)
    FROM timescaledb_information.jobs j
    WHERE j.proc_name = 'policy_retention' AND (j.config ->> 'hypertable_id')::integer = mat_id
  ) x;
  RETURN coalesce(unsettled, '{}');
EXCEPTION
  WHEN undefined_table OR undefined_column OR undefined_function OR no_data_found THEN
    IF strict THEN
      RAISE;
    END IF;
    RETURN '{(,)}';
END;
$$;
