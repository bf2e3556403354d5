-- Each committed Gold build of a case, and the changes it found against the build before it
-- (DOMAIN §7). Both are written in the Gold promotion's transaction, so a build and its changes
-- commit together or not at all. Rows are never updated or deleted.

CREATE TABLE gold_builds (
    build_id           bigserial PRIMARY KEY,
    case_id            text NOT NULL REFERENCES cases (case_id),
    run_id             text NOT NULL,
    previous_build_id  bigint REFERENCES gold_builds (build_id),
    as_of_date         date NOT NULL,
    -- The reference-data versions the build read, by kind ({"standards:housing_utilities": 3, …}).
    reference_versions jsonb NOT NULL DEFAULT '{}',
    -- What the next build compares with: the compared columns of §7, by key.
    compared           jsonb NOT NULL,
    alert_changes      int NOT NULL DEFAULT 0 CHECK (alert_changes >= 0),
    info_changes       int NOT NULL DEFAULT 0 CHECK (info_changes >= 0),
    committed_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gold_builds_case ON gold_builds (case_id, build_id DESC);
CREATE INDEX gold_builds_run ON gold_builds (run_id);

CREATE TABLE case_changes (
    change_id          bigserial PRIMARY KEY,
    build_id           bigint NOT NULL REFERENCES gold_builds (build_id),
    case_id            text NOT NULL REFERENCES cases (case_id),
    run_id             text NOT NULL,
    previous_run_id    text NOT NULL,
    kind               text NOT NULL,
    severity           text NOT NULL CHECK (severity IN ('alert', 'info')),
    tax_year           int,  -- null for a change of the case (resolution options)
    key                jsonb NOT NULL,
    before             jsonb,
    after              jsonb,
    detected_at        timestamptz NOT NULL DEFAULT now(),
    as_of_date         date NOT NULL,
    -- The reference and rules versions of the previous build and of this one.
    previous_versions  jsonb NOT NULL DEFAULT '{}',
    versions           jsonb NOT NULL DEFAULT '{}',
    -- The writing transaction, so the feed never hands out a row while an earlier-numbered
    -- one may still commit (a cursor below the oldest open transaction is final).
    written_xid        xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX case_changes_case ON case_changes (case_id, change_id DESC);
CREATE INDEX case_changes_build ON case_changes (build_id);
