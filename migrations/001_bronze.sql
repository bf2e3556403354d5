-- Case registry and the Bronze layer (DOMAIN sections 1.4, 2, 3.2).
-- Bronze rows are immutable: nothing in the product updates or deletes them.

CREATE TABLE cases (
    case_id         text PRIMARY KEY CHECK (case_id ~ '^[0-9]{1,12}$'),
    case_number     text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    client_name     text,
    business_status text NOT NULL DEFAULT 'NEW'
);

CREATE TABLE bronze_payloads (
    bronze_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id          text NOT NULL REFERENCES cases (case_id),
    source           text NOT NULL,
    source_system    text NOT NULL CHECK (source_system IN ('tiparser', 'casehelper')),
    request_method   text,
    request_url      text NOT NULL,
    http_status      int NOT NULL,
    content_type     text,
    payload_kind     text NOT NULL CHECK (payload_kind IN ('json', 'empty', 'non_json')),
    raw_payload      jsonb,
    raw_text         text,
    payload_sha256   char(64) NOT NULL,
    payload_bytes    int NOT NULL,
    wrapper_variant  text,
    fetched_at       timestamptz NOT NULL,
    ingestion_run_id text NOT NULL,
    workflow_id      text NOT NULL,
    activity_attempt int NOT NULL,
    UNIQUE (case_id, source, payload_sha256),
    CHECK ((payload_kind = 'non_json') = (raw_payload IS NULL))
);
CREATE INDEX bronze_payloads_case_source_fetched
    ON bronze_payloads (case_id, source, fetched_at DESC);

-- One row per fetch attempt, successful or not (DOMAIN 2.3).
CREATE TABLE bronze_fetch_attempts (
    attempt_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          text NOT NULL REFERENCES cases (case_id),
    source           text NOT NULL,
    ingestion_run_id text NOT NULL,
    activity_attempt int NOT NULL,
    request_url      text,
    started_at       timestamptz NOT NULL,
    duration_ms      int NOT NULL,
    http_status      int,
    outcome          text NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'empty', 'absent',
                         'auth_error', 'transient_error', 'contract_error', 'cancelled')),
    error_message    text,
    bronze_id        uuid REFERENCES bronze_payloads (bronze_id)
);
CREATE INDEX bronze_fetch_attempts_case_source_started
    ON bronze_fetch_attempts (case_id, source, started_at DESC);

-- PDF audit copies (DOMAIN 2.4); content lives in object storage.
CREATE TABLE bronze_documents (
    document_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id            text NOT NULL REFERENCES cases (case_id),
    document_type      text NOT NULL CHECK (document_type IN ('AT', 'WI', 'TRT', 'Interview', 'Other')),
    tax_year           int,
    file_suffix        text,
    owner              text,
    file_names         text[] NOT NULL,
    source_system      text NOT NULL CHECK (source_system IN ('casehelper', 'tiparser', 'manual_upload')),
    source_document_id text,
    content_sha256     char(64) NOT NULL,
    size_bytes         bigint,
    mime_type          text,
    storage_uri        text NOT NULL,
    fetched_at         timestamptz NOT NULL,
    ingestion_run_id   text,
    UNIQUE (case_id, content_sha256)
);

-- The current payload of a source: the one the latest fetch attempt stored or matched
-- (the fetch log decides, not fetched_at: a payload that comes back becomes current again).
CREATE VIEW bronze_current AS
SELECT DISTINCT ON (a.case_id, a.source)
       a.case_id, a.source, p.bronze_id, p.payload_kind, p.raw_payload, p.wrapper_variant,
       p.fetched_at, p.http_status
  FROM bronze_fetch_attempts a
  JOIN bronze_payloads p ON p.bronze_id = a.bronze_id
 WHERE p.payload_kind IN ('json', 'empty')
 ORDER BY a.case_id, a.source, a.started_at DESC, a.attempt_id DESC;
