-- Parent values waiting to be recomputed. Written in the same transaction as the points that changed
-- them, so a crash between the commit and the recomputation loses nothing: the next start drains it.
-- No uniqueness: concurrent batches for the same period must not wait on each other here; the worker
-- removes duplicates when it takes the rows.
CREATE TABLE derivation_queue (
  id             bigserial PRIMARY KEY,
  indicator_key  text NOT NULL,
  area_code      text NOT NULL,
  ts             timestamptz NOT NULL
);
