-- requires: timescaledb
-- Observations as a hypertable, continuous aggregates by hour, day and month bucketed in
-- Asia/Ho_Chi_Minh, compression and retention. Applied only where the extension is installed; every
-- statement is idempotent because continuous aggregates cannot be created inside a transaction.

SELECT create_hypertable('observations', by_range('ts', INTERVAL '30 days'), if_not_exists => true, migrate_data => true);

SELECT create_hypertable('observation_history', by_range('ts', INTERVAL '90 days'), if_not_exists => true, migrate_data => true);

CREATE MATERIALIZED VIEW IF NOT EXISTS observations_hourly
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT indicator_key, area_code, source,
         time_bucket(INTERVAL '1 hour', ts, 'Asia/Ho_Chi_Minh') AS bucket,
         sum(value) AS total, count(*) AS n, min(value) AS low, max(value) AS high,
         last(value, ts) AS latest, max(version) AS max_version
  FROM observations
  GROUP BY indicator_key, area_code, source, bucket
  WITH NO DATA;

CREATE MATERIALIZED VIEW IF NOT EXISTS observations_daily
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT indicator_key, area_code, source,
         time_bucket(INTERVAL '1 day', ts, 'Asia/Ho_Chi_Minh') AS bucket,
         sum(value) AS total, count(*) AS n, min(value) AS low, max(value) AS high,
         last(value, ts) AS latest, max(version) AS max_version
  FROM observations
  GROUP BY indicator_key, area_code, source, bucket
  WITH NO DATA;

CREATE MATERIALIZED VIEW IF NOT EXISTS observations_monthly
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT indicator_key, area_code, source,
         time_bucket(INTERVAL '1 month', ts, 'Asia/Ho_Chi_Minh') AS bucket,
         sum(value) AS total, count(*) AS n, min(value) AS low, max(value) AS high,
         last(value, ts) AS latest, max(version) AS max_version
  FROM observations
  GROUP BY indicator_key, area_code, source, bucket
  WITH NO DATA;

SELECT add_continuous_aggregate_policy('observations_hourly',
  start_offset => INTERVAL '7 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '5 minutes',
  if_not_exists => true);

SELECT add_continuous_aggregate_policy('observations_daily',
  start_offset => INTERVAL '60 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes',
  if_not_exists => true);

SELECT add_continuous_aggregate_policy('observations_monthly',
  start_offset => INTERVAL '3 years', end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '6 hours',
  if_not_exists => true);

ALTER TABLE observations SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'indicator_key, area_code',
  timescaledb.compress_orderby = 'source, ts DESC'
);

SELECT add_compression_policy('observations', INTERVAL '90 days', if_not_exists => true);

-- Raw observations are the province's record and are kept; the fine-grained hourly rollup is not
-- needed beyond two years, the daily and monthly ones are kept.
SELECT add_retention_policy('observations_hourly', INTERVAL '2 years', if_not_exists => true);
