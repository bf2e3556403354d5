-- Gold: business entities derived from Silver (DOMAIN 4.2, 4.3, 4.4, 4.7).
-- Rebuilt per case in one transaction by medallion.gold.promote; nothing else writes here.
-- Every row carries its lineage (`source_bronze_ids`), the build's `as_of_date` and the
-- assumptions its values rest on. Money is numeric(14,2), rounded once when stored.

CREATE TABLE employment_information (
    case_id               text NOT NULL REFERENCES cases (case_id),
    person_type           text NOT NULL CHECK (person_type IN ('taxpayer', 'spouse')),
    employer_name         text,
    employer_address      text,
    employer_phone        text,
    occupation            text,
    employment_status     text,
    employment_start_date date,
    pay_frequency         text REFERENCES pay_frequency_factors (frequency),
    gross_annual_income   numeric(14,2),
    net_annual_income     numeric(14,2),
    gross_monthly_income  numeric(14,2),
    net_monthly_income    numeric(14,2),
    is_self_employed      boolean,
    latest_wi_year        int,
    latest_wi_w2_total    numeric(14,2),
    latest_wi_se_total    numeric(14,2),
    source_bronze_ids     uuid[] NOT NULL,
    computed_at           timestamptz NOT NULL DEFAULT now(),
    as_of_date            date NOT NULL,
    assumptions           text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, person_type)
);

CREATE TABLE household_information (
    case_id                      text PRIMARY KEY REFERENCES cases (case_id),
    total_household_members      int,
    members_under_65             int,
    members_over_65              int,
    taxpayer_next_tax_return     text,
    taxpayer_spouse_claim        text,
    spouse_next_tax_return       text,
    spouse_spouse_claim          text,
    taxpayer_length_of_residency text,
    taxpayer_occupancy_status    text,
    spouse_length_of_residency   text,
    spouse_occupancy_status      text,
    state                        text,
    county                       text,
    zip_code                     text,
    taxpayer_name                text,
    spouse_name                  text,
    filing_status                text,
    number_of_dependents         int,
    marital_status               text,
    source_bronze_ids            uuid[] NOT NULL,
    computed_at                  timestamptz NOT NULL DEFAULT now(),
    as_of_date                   date NOT NULL,
    assumptions                  text[] NOT NULL DEFAULT '{}'
);

-- Taxpayer (`self`) and spouse only, until the interview carries other members.
CREATE TABLE household_members (
    case_id           text NOT NULL REFERENCES cases (case_id),
    member_no         int NOT NULL CHECK (member_no >= 0),
    relationship      text NOT NULL
                      CHECK (relationship IN ('self', 'spouse', 'child', 'dependent', 'other')),
    name              text,
    birth_date        date,
    ssn_last4         text CHECK (ssn_last4 ~ '^[0-9]{4}$'),
    age               int,
    is_dependent      boolean,
    is_over_65        boolean,
    source_bronze_ids uuid[] NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    as_of_date        date NOT NULL,
    assumptions       text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, member_no)
);

-- `interview` rows: the current monthly picture (period 'current'); `wi` rows: one per tax year
-- (period = the year), person and income type, summed over the year's input forms.
CREATE TABLE income_sources (
    case_id           text NOT NULL REFERENCES cases (case_id),
    source            text NOT NULL CHECK (source IN ('interview', 'wi')),
    period            text NOT NULL CHECK (period = 'current' OR period ~ '^[0-9]{4}$'),
    person_type       text NOT NULL CHECK (person_type IN ('taxpayer', 'spouse', 'joint')),
    income_type       text NOT NULL CHECK (income_type IN (
                          'wages', 'social_security', 'pension', 'self_employment',
                          'dividends_interest', 'rental_net', 'distributions', 'alimony',
                          'child_support', 'other', 'additional_1', 'additional_2')),
    amount            numeric(14,2) NOT NULL,
    frequency         text NOT NULL REFERENCES pay_frequency_factors (frequency),
    monthly_amount    numeric(14,2) NOT NULL,
    gross_amount      numeric(14,2),
    expense_amount    numeric(14,2),
    description       text,
    source_bronze_ids uuid[] NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    as_of_date        date NOT NULL,
    assumptions       text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, source, period, person_type, income_type),
    CHECK ((source = 'interview') = (period = 'current'))
);

-- One row per Silver `tax_years` row.
CREATE TABLE year_balances (
    case_id                     text NOT NULL REFERENCES cases (case_id),
    tax_year                    int NOT NULL,
    owner                       text NOT NULL CHECK (owner IN ('TP', 'S')),
    reported_balance            numeric(14,2),
    accrued_interest            numeric(14,2),
    accrued_penalty             numeric(14,2),
    payoff_balance              numeric(14,2),
    calculated_balance          numeric(14,2) NOT NULL,
    reconciliation_delta        numeric(14,2),
    total_assessed              numeric(14,2) NOT NULL,
    total_paid                  numeric(14,2) NOT NULL,
    lien_filed                  boolean NOT NULL,
    last_collection_action_date date,
    collection_action_last_365d boolean NOT NULL,
    projected_balance           numeric(14,2),
    source_bronze_ids           uuid[] NOT NULL,
    computed_at                 timestamptz NOT NULL DEFAULT now(),
    as_of_date                  date NOT NULL,
    assumptions                 text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, tax_year, owner)
);
