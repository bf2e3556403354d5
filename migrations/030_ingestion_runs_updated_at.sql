-- When a run last changed stage: the case list filters and pages by it. Open runs record each
-- stage change (record_stage); closing sets it to closed_at.
ALTER TABLE ingestion_runs ADD COLUMN updated_at timestamptz;
UPDATE ingestion_runs SET updated_at = coalesce(closed_at, started_at);
ALTER TABLE ingestion_runs ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE ingestion_runs ALTER COLUMN updated_at SET DEFAULT now();
CREATE INDEX ingestion_runs_updated ON ingestion_runs (updated_at DESC, case_id DESC);
CREATE INDEX ingestion_runs_stage_updated ON ingestion_runs (stage, updated_at DESC);
