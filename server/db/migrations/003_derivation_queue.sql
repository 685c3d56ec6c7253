-- Parent values waiting to be recomputed, one row per ingest batch. Written in the same transaction as
-- the points that changed them, so a crash between the commit and the recomputation loses nothing: the
-- next start drains it. No uniqueness, so that concurrent batches for the same period never wait on each
-- other here; the worker removes duplicates when it takes the rows.
CREATE TABLE derivation_queue (
  id          bigserial PRIMARY KEY,
  indicators  text[] NOT NULL,
  areas       text[] NOT NULL,
  periods     timestamptz[] NOT NULL
);
