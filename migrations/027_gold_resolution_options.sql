-- Resolution options (DOMAIN 4.11): one row per case, amounts monthly unless stated. The policy
-- factors the row was computed with are stored beside the figures they produced.
-- Without an interview snapshot, income, expenses, assets and every figure built on them are
-- null, with assumption `no_interview`.

CREATE TABLE resolution_options (
    case_id                  text PRIMARY KEY REFERENCES cases (case_id),
    policy_name              text NOT NULL REFERENCES resolution_policy (policy_name),
    total_monthly_income     numeric(14,2),
    total_allowable_expenses numeric(14,2),
    disposable_income        numeric(14,2),
    total_debt               numeric(14,2) NOT NULL,  -- Σ payoff_balance of years with one > 0
    ia_monthly_payment       numeric(14,2),
    ia_payoff_months         int,
    months_until_csed        int,
    ia_eligible              boolean,
    quick_sale_value         numeric(14,2),
    qsv_factor               numeric(6,4) NOT NULL,
    offer_type               text NOT NULL CHECK (offer_type IN ('lump_sum', 'periodic')),
    future_income_months     int NOT NULL CHECK (future_income_months > 0),
    future_income_potential  numeric(14,2),
    rcp                      numeric(14,2),  -- reasonable collection potential
    offer_factor             numeric(6,4) NOT NULL,
    recommended_offer        numeric(14,2),
    oic_threshold            numeric(6,4) NOT NULL,
    oic_eligible             boolean,
    cnc_eligible             boolean,
    source_bronze_ids        uuid[] NOT NULL,
    computed_at              timestamptz NOT NULL DEFAULT now(),
    as_of_date               date NOT NULL,
    assumptions              text[] NOT NULL DEFAULT '{}'
);
