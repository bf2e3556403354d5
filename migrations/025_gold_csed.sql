-- Collection statute expiration dates (DOMAIN 4.8): one CSED per assessment (TC 150, 290 or 300
-- with a non-zero amount), and per tax year the earliest and the controlling (latest) one.
-- `adjusted_csed` = `base_csed` + `toll_days`, null while a tolling interval is open.

CREATE TABLE csed_by_assessment (
    case_id           text NOT NULL REFERENCES cases (case_id),
    tax_year          int NOT NULL,
    owner             text NOT NULL CHECK (owner IN ('TP', 'S')),
    -- Position among the module's assessments, by assessment date then transcript line.
    assessment_no     int NOT NULL CHECK (assessment_no >= 0),
    assessment_date   date,
    assessment_code   text,
    assessed_amount   numeric(14,2),
    base_csed         date,
    toll_days         int CHECK (toll_days >= 0),
    open_tolling      boolean NOT NULL,
    adjusted_csed     date,
    days_remaining    int,
    csed_status       text NOT NULL
                      CHECK (csed_status IN ('OPEN', 'UNKNOWN', 'EXPIRED', 'EXPIRING_SOON', 'ACTIVE')),
    source_bronze_ids uuid[] NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    as_of_date        date NOT NULL,
    assumptions       text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, tax_year, owner, assessment_no),
    CHECK (NOT open_tolling OR adjusted_csed IS NULL)
);

-- One row per Silver `tax_years` row. `latest_csed` controls the remaining balance; it is null
-- while any assessment of the year has open tolling, and `csed_status` is then OPEN.
CREATE TABLE csed_by_year (
    case_id                  text NOT NULL REFERENCES cases (case_id),
    tax_year                 int NOT NULL,
    owner                    text NOT NULL CHECK (owner IN ('TP', 'S')),
    assessment_count         int NOT NULL CHECK (assessment_count >= 0),
    earliest_csed            date,
    latest_csed              date,
    csed_status              text NOT NULL
                             CHECK (csed_status IN ('OPEN', 'UNKNOWN', 'EXPIRED', 'EXPIRING_SOON', 'ACTIVE')),
    -- The toll days of the assessment giving `latest_csed`.
    total_toll_days          int CHECK (total_toll_days >= 0),
    months_until_latest_csed int,
    source_bronze_ids        uuid[] NOT NULL,
    computed_at              timestamptz NOT NULL DEFAULT now(),
    as_of_date               date NOT NULL,
    assumptions              text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, tax_year, owner)
);
