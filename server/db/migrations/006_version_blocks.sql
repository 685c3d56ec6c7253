-- Versions are now handed out a block per statement: the statement takes one number from
-- observation_version and its rows get that number × 16,384 plus their place in the statement (see
-- VERSION_BLOCK in server/ingest/ingest.repo.ts). Every new version is above every earlier one, so
-- nothing already stored changes meaning.
--
-- The derivation queue now holds the points that changed, and a pass looks their parents up. Rows queued
-- by an earlier version name the parents themselves: each becomes one of that parent's children, which
-- leads back to it.
UPDATE derivation_queue q SET areas = (
  SELECT array_agg((SELECT min(c.code) FROM areas c WHERE c.parent_code = x.code) ORDER BY x.n)
  FROM unnest(q.areas) WITH ORDINALITY AS x(code, n)
);
