-- Substitute-for-return, underreporter (AUR) and examination flags per tax year (DOMAIN 4.9).

-- Transaction codes that show an automated underreporter review. 922 is the underreporter review
-- code; to be verified by the tax specialist with the 3.5 seed. 420/424/430, inherited as AUR
-- codes, are examination and estimated-tax codes and are not listed.
CREATE TABLE aur_codes (
    code   text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
    notes  text NOT NULL
);

INSERT INTO aur_codes (code, notes) VALUES
    ('922', 'Review of unreported income (underreporter); verify against IRS Document 6209.');

-- One row per Silver `tax_years` row.
CREATE TABLE tax_year_flags (
    case_id              text NOT NULL REFERENCES cases (case_id),
    tax_year             int NOT NULL,
    owner                text NOT NULL CHECK (owner IN ('TP', 'S')),
    sfr_indicator        boolean NOT NULL,
    sfr_date             date,  -- the earliest SFR TC 150
    -- Base CSED of the first non-zero 290/300 on or after sfr_date, else sfr_date + 10 years
    -- with assumption `sfr_csed_from_150`.
    sfr_csed             date,
    -- Null when an AUR code is present but the return filing or the balance is unknown.
    aur_indicator        boolean,
    aur_projected_amount numeric(14,2),
    exam_indicator       boolean NOT NULL,
    source_bronze_ids    uuid[] NOT NULL,
    computed_at          timestamptz NOT NULL DEFAULT now(),
    as_of_date           date NOT NULL,
    assumptions          text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, tax_year, owner),
    CHECK (sfr_indicator = (sfr_date IS NOT NULL))
);
