-- One row per workflow run, written by the workflow's own activities at start and at its end,
-- so the status of a closed run is read from Postgres, never by replaying its history.
CREATE TABLE ingestion_runs (
    run_id       text PRIMARY KEY,
    workflow_id  text NOT NULL,
    case_id      text NOT NULL REFERENCES cases (case_id),
    started_at   timestamptz NOT NULL,
    closed_at    timestamptz,
    stage        text NOT NULL,
    outcome      jsonb
);
CREATE INDEX ingestion_runs_case_started ON ingestion_runs (case_id, started_at DESC);
