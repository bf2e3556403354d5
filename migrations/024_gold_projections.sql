-- Tax projections from WI forms (DOMAIN 4.10): one row per year and scope (`joint` for MFJ,
-- else `TP` / `S`). A figure whose reference row is missing is null, with assumption
-- `missing_reference_year`; the row is still stored. Gold never writes Silver `tax_years`:
-- `year_balances.projected_balance` carries the projection to the year.

CREATE TABLE tax_projections (
    case_id                  text NOT NULL REFERENCES cases (case_id),
    tax_year                 int NOT NULL,
    scope                    text NOT NULL CHECK (scope IN ('joint', 'TP', 'S')),
    tax_period               text NOT NULL,  -- YYYY for joint, YYYY-TP / YYYY-S otherwise
    filing_status            text NOT NULL CHECK (filing_status IN ('SINGLE', 'MFJ', 'MFS', 'HOH', 'QSS')),
    tp_income                numeric(14,2),  -- null when the taxpayer is outside the scope
    spouse_income            numeric(14,2),
    tp_withholding           numeric(14,2),
    spouse_withholding       numeric(14,2),
    combined_income          numeric(14,2) NOT NULL,
    combined_withholding     numeric(14,2) NOT NULL,
    tp_se_income             numeric(14,2),
    spouse_se_income         numeric(14,2),
    se_income                numeric(14,2) NOT NULL,
    se_taxable_earnings      numeric(14,2) NOT NULL,
    se_social_security       numeric(14,2),
    se_medicare              numeric(14,2) NOT NULL,
    se_tax                   numeric(14,2),
    early_withdrawal_penalty numeric(14,2) NOT NULL,
    se_deduction             numeric(14,2),
    estimated_agi            numeric(14,2),
    standard_deduction       numeric(14,2),
    taxable_income           numeric(14,2),
    income_tax               numeric(14,2),
    total_tax                numeric(14,2),
    projected_balance        numeric(14,2),  -- positive = owed, negative = refund
    source_bronze_ids        uuid[] NOT NULL,
    computed_at              timestamptz NOT NULL DEFAULT now(),
    as_of_date               date NOT NULL,
    assumptions              text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, tax_year, scope)
);
