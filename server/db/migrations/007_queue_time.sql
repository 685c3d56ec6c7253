-- When each batch was queued: under load, a recomputation pass leaves the batches of the last moments
-- queued and does not recompute the parents they name, so that districts reporting the same hours within
-- moments of each other are taken in one pass (see `takeQueued` in server/ingest/ingest.repo.ts).
ALTER TABLE derivation_queue ADD COLUMN queued_at timestamptz NOT NULL DEFAULT now();
