-- CSED tolling events (DOMAIN 3.6): one row per assessment and per paired tolling interval of an
-- AT module, rebuilt with the rest of Silver; plus analysts' manual intervals, kept across rebuilds
-- and copied in at each promotion.

-- Innocent-spouse claims, military service, an analyst's correction: no transcript code says them.
CREATE TABLE csed_manual_events (
    manual_event_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id               text    NOT NULL,
    tax_year              integer NOT NULL,
    owner                 text    NOT NULL CHECK (owner IN ('TP', 'S')),
    event_type            text    NOT NULL,
    start_code            text,
    start_date            date    NOT NULL,
    start_line_no         integer,
    end_code              text,
    end_date              date,
    end_line_no           integer,
    is_open               boolean NOT NULL,
    interval_days         integer,
    additional_toll_days  integer NOT NULL DEFAULT 0,
    total_toll_days       integer,
    entered_by            text        NOT NULL,
    entered_at            timestamptz NOT NULL DEFAULT now(),
    notes                 text,
    CHECK (is_open = (end_date IS NULL))
);
CREATE INDEX csed_manual_events_case ON csed_manual_events (case_id);

CREATE TABLE csed_tolling_events (
    case_id               text    NOT NULL,
    tax_year              integer NOT NULL,
    owner                 text    NOT NULL CHECK (owner IN ('TP', 'S')),
    origin                text    NOT NULL CHECK (origin IN ('transcript', 'manual')),
    -- Position among the module's events of one origin: assessments, then intervals by start.
    event_no              integer NOT NULL CHECK (event_no >= 0),
    event_type            text    NOT NULL,
    -- The csed_calculation_rules row that closed the interval (null while open, and for manual rows).
    rule_id               text,
    start_code            text,
    start_date            date,
    start_line_no         integer,
    end_code              text,
    end_date              date,
    end_line_no           integer,
    is_open               boolean NOT NULL,
    interval_days         integer,
    additional_toll_days  integer,
    total_toll_days       integer,
    -- Only for event_type 'assessment' (150, 290, 300 with a non-zero amount).
    assessed_amount       numeric(14,2),
    manual_event_id       bigint,
    -- The start transaction (the end one for an end without a start); null for manual rows.
    bronze_id             uuid,
    source_path           text    NOT NULL,
    rules_version         text    NOT NULL,
    PRIMARY KEY (case_id, tax_year, owner, origin, event_no),
    CHECK ((origin = 'manual') = (bronze_id IS NULL)),
    CHECK (is_open OR event_type = 'assessment' OR end_date IS NOT NULL),
    CHECK (total_toll_days IS NULL OR total_toll_days = interval_days + additional_toll_days)
);
