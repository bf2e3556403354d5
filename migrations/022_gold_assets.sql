-- Gold assets (DOMAIN 4.6), from the interview grids, else from the snapshot's totals.
-- `equity` = value − loan, a null loan counting as 0 and a null value giving null.

CREATE TABLE financial_accounts (
    case_id           text NOT NULL REFERENCES cases (case_id),
    account_no        int NOT NULL CHECK (account_no >= 0),
    account_type      text NOT NULL CHECK (account_type IN (
                          'checking', 'savings', 'other', 'bank_total', 'cash', 'investment',
                          'life_insurance_cash_value', 'retirement')),
    institution_name  text,
    current_balance   numeric(14,2),
    loan_balance      numeric(14,2),
    equity            numeric(14,2),
    -- When the balances were true: the interview's fetch date (not the build's as_of_date).
    balance_date      date,
    source_bronze_ids uuid[] NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    as_of_date        date NOT NULL,
    assumptions       text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, account_no)
);

CREATE TABLE vehicles (
    case_id            text NOT NULL REFERENCES cases (case_id),
    vehicle_no         int NOT NULL CHECK (vehicle_no >= 0),
    year               int,
    make               text,
    model              text,
    vehicle_type       text NOT NULL,  -- `unknown` unless the interview says (never forced to car)
    current_value      numeric(14,2),
    mileage            int,
    loan_balance       numeric(14,2),
    monthly_payment    numeric(14,2),
    final_payment_date date,
    equity             numeric(14,2),  -- may be negative
    source_bronze_ids  uuid[] NOT NULL,
    computed_at        timestamptz NOT NULL DEFAULT now(),
    as_of_date         date NOT NULL,
    assumptions        text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, vehicle_no)
);

CREATE TABLE real_property (
    case_id              text NOT NULL REFERENCES cases (case_id),
    property_no          int NOT NULL CHECK (property_no >= 0),
    address              text,          -- null on the totals path
    property_type        text NOT NULL, -- `unknown` unless given (never assumed primary residence)
    current_market_value numeric(14,2),
    purchase_date        date,
    purchase_price       numeric(14,2),
    mortgage_balance     numeric(14,2),
    monthly_payment      numeric(14,2),
    final_payment_date   date,
    equity               numeric(14,2),
    source_bronze_ids    uuid[] NOT NULL,
    computed_at          timestamptz NOT NULL DEFAULT now(),
    as_of_date           date NOT NULL,
    assumptions          text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, property_no)
);

CREATE TABLE other_assets (
    case_id           text NOT NULL REFERENCES cases (case_id),
    asset_no          int NOT NULL CHECK (asset_no >= 0),
    asset_kind        text NOT NULL CHECK (asset_kind IN ('personal_effects', 'other')),
    current_value     numeric(14,2),
    loan_balance      numeric(14,2),
    equity            numeric(14,2),
    source_bronze_ids uuid[] NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    as_of_date        date NOT NULL,
    assumptions       text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, asset_no)
);
