-- Monthly expenses and their allowances (DOMAIN 4.5), and the IRS collection standards they are
-- checked against (3.14).

-- Loaded from the IRS publications for each period; nothing is seeded here because no figure
-- has been verified yet. Until rows exist, lines that need a standard the interview does not
-- supply are allowed at their actual amount with assumption `standard_missing`.
-- Categories read by Gold: food, housekeeping, apparel, personal_care, misc (national, by
-- household size); health_out_of_pocket_under_65, health_out_of_pocket_65_and_over (per
-- person); housing_utilities (by state, county and household size); vehicle_ownership (per
-- vehicle); vehicle_operating (by state); public_transportation.
CREATE TABLE irs_collection_standards (
    effective_from date NOT NULL,
    effective_to   date,  -- exclusive; null while in effect
    category       text NOT NULL,
    household_size int CHECK (household_size > 0),  -- null where the figure does not vary by it
    state          text,  -- null for national figures
    county         text,
    amount         numeric(14,2) NOT NULL CHECK (amount >= 0),
    CHECK (effective_to IS NULL OR effective_to > effective_from),
    UNIQUE NULLS NOT DISTINCT (effective_from, category, household_size, state, county)
);

CREATE TABLE monthly_expenses (
    case_id              text NOT NULL REFERENCES cases (case_id),
    expense_category     text NOT NULL,
    expense_subcategory  text NOT NULL,  -- the category itself for a line without one
    actual_amount        numeric(14,2),
    frequency            text NOT NULL REFERENCES pay_frequency_factors (frequency),
    monthly_amount       numeric(14,2),
    irs_standard_amount  numeric(14,2),
    standard_kind        text NOT NULL CHECK (standard_kind IN ('national', 'local', 'none')),
    allowed_amount       numeric(14,2),
    excess_over_standard numeric(14,2) CHECK (excess_over_standard >= 0),
    -- Lines an analyst must justify or review: whole-life premiums, "other" entries, and
    -- actuals above a national standard.
    needs_review         boolean NOT NULL,
    source_bronze_ids    uuid[] NOT NULL,
    computed_at          timestamptz NOT NULL DEFAULT now(),
    as_of_date           date NOT NULL,
    assumptions          text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, expense_category, expense_subcategory)
);
