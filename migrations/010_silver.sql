-- Silver: typed rows built from the current Bronze payload of each source (DOMAIN 3).
-- Every table is rebuilt per case by one promotion (delete the case's rows, insert the new set);
-- every row names the Bronze row and JSON pointer it came from and the rule set that typed it.
-- Keys are business columns. Money is numeric(14,2).

CREATE TABLE tax_years (
    case_id            text    NOT NULL,
    tax_year           integer NOT NULL,
    owner              text    NOT NULL CHECK (owner IN ('TP', 'S')),
    owner_raw          text,
    source_file        text,
    filing_status      text CHECK (filing_status IN ('SINGLE', 'MFJ', 'MFS', 'HOH', 'QSS')),
    return_filed       boolean,
    return_filed_date  date,
    agi                numeric(14,2),
    taxable_income     numeric(14,2),
    tax_per_return     numeric(14,2),
    total_tax          numeric(14,2),
    account_balance    numeric(14,2),
    accrued_interest   numeric(14,2),
    accrued_penalty    numeric(14,2),
    total_balance      numeric(14,2),
    processing_date    date,
    has_at             boolean NOT NULL,
    has_wi             boolean NOT NULL,
    has_trt            boolean NOT NULL,
    bronze_id          uuid    NOT NULL,
    source_path        text    NOT NULL,
    rules_version      text    NOT NULL,
    PRIMARY KEY (case_id, tax_year, owner)
);

CREATE TABLE account_activity (
    case_id                      text     NOT NULL,
    tax_year                     integer  NOT NULL,
    owner                        text     NOT NULL CHECK (owner IN ('TP', 'S')),
    line_no                      integer  NOT NULL CHECK (line_no >= 0),
    irs_transaction_code         text     NOT NULL CHECK (irs_transaction_code ~ '^[0-9]{3}$'),
    activity_date                date     NOT NULL,
    amount                       numeric(14,2),
    amount_sign_inferred         boolean  NOT NULL,
    explanation                  text,
    balance_after                numeric(14,2),
    transaction_type             text     NOT NULL,
    affects_balance              boolean  NOT NULL,
    affects_csed                 boolean  NOT NULL,
    starts_csed                  boolean  NOT NULL,
    csed_toll_days               integer,
    indicates_collection_action  boolean  NOT NULL,
    balance_sign                 smallint CHECK (balance_sign IN (-1, 0, 1)),
    rule_matched                 boolean  NOT NULL,
    bronze_id                    uuid     NOT NULL,
    source_path                  text     NOT NULL,
    rules_version                text     NOT NULL,
    PRIMARY KEY (case_id, tax_year, owner, line_no),
    CHECK (rule_matched OR transaction_type = 'unknown')
);

CREATE TABLE income_documents (
    case_id                     text    NOT NULL,
    tax_year                    integer NOT NULL,
    line_no                     integer NOT NULL CHECK (line_no >= 0),
    form_type                   text,
    gross_amount                numeric(14,2),
    federal_withholding         numeric(14,2),
    issuer_tin                  text,
    issuer_name                 text,
    issuer_address              text,
    recipient_tin_last4         text CHECK (recipient_tin_last4 ~ '^[0-9]{4}$'),
    recipient_name              text,
    recipient_address           text,
    person_type                 text    NOT NULL CHECK (person_type IN ('taxpayer', 'spouse')),
    person_type_basis           text    NOT NULL
        CHECK (person_type_basis IN ('1', '2', '3', '4', '5', 'default')),
    source_category             text,
    category                    text    NOT NULL CHECK (category IN ('SE', 'Non-SE', 'Neither', 'Unknown')),
    is_self_employment          boolean NOT NULL,
    include_in_projection       boolean NOT NULL,
    affects_resolution_options  boolean NOT NULL,
    resolution_income_asset     text CHECK (resolution_income_asset IN ('Income', 'Asset')),
    rule_matched                boolean NOT NULL,
    is_excluded                 boolean NOT NULL DEFAULT false,
    exclusion_reason            text,
    duplicate_of_line_no        integer,
    fields                      jsonb,
    bronze_id                   uuid    NOT NULL,
    source_path                 text    NOT NULL,
    rules_version               text    NOT NULL,
    PRIMARY KEY (case_id, tax_year, line_no),
    CHECK (duplicate_of_line_no IS NULL OR NOT include_in_projection),
    CHECK (rule_matched OR category = 'Unknown')
);

CREATE TABLE trt_records (
    case_id            text    NOT NULL,
    line_no            integer NOT NULL CHECK (line_no >= 0),
    tax_year           integer NOT NULL,
    response_date      date,
    form_number        text,
    tax_period_ending  date,
    primary_ssn_last4  text CHECK (primary_ssn_last4 ~ '^[0-9]{4}$'),
    spouse_ssn_last4   text CHECK (spouse_ssn_last4 ~ '^[0-9]{4}$'),
    record_type        text,
    category           text,
    sub_category       text,
    line_number        text,
    description        text,
    raw_value          text,
    numeric_value      numeric(14,2),
    value_kind         text    NOT NULL CHECK (value_kind IN ('money', 'text', 'empty')),
    bronze_id          uuid    NOT NULL,
    source_path        text    NOT NULL,
    rules_version      text    NOT NULL,
    PRIMARY KEY (case_id, line_no)
);
CREATE INDEX trt_records_case_year ON trt_records (case_id, tax_year);

-- One row per case. Columns are semantic; the TI workbook cell each replaces is in the comment
-- and in interview_cell_map (011). Money is monthly unless the comment says annual or balance.
CREATE TABLE interview_snapshot (
    case_id           text PRIMARY KEY,
    interview_layout  text  NOT NULL CHECK (interview_layout IN ('nested', 'flat')),
    unmapped_keys     jsonb NOT NULL DEFAULT '[]',
    tp_employer text, -- B3
    tp_employer_address text,
    tp_employer_phone text,
    tp_occupation text,
    tp_employment_status text,
    tp_employment_start date, -- B4
    tp_gross_income numeric(14,2), -- B5
    tp_net_income numeric(14,2), -- B6
    tp_pay_frequency text CHECK (tp_pay_frequency IN ('weekly','biweekly','semimonthly','monthly','quarterly','annual')), -- B7
    tp_monthly_income numeric(14,2), -- AL7
    sp_employer text, -- C3
    sp_employer_address text,
    sp_employer_phone text,
    sp_occupation text,
    sp_employment_status text,
    sp_employment_start date, -- C4
    sp_gross_income numeric(14,2), -- C5
    sp_net_income numeric(14,2), -- C6
    sp_pay_frequency text CHECK (sp_pay_frequency IN ('weekly','biweekly','semimonthly','monthly','quarterly','annual')), -- C7
    sp_monthly_income numeric(14,2), -- AL8
    tp_house_members integer, -- B10
    tp_next_tax_return text CHECK (tp_next_tax_return IN ('SINGLE','MFJ','MFS','HOH','QSS')), -- B11
    tp_spouse_claim text, -- B12
    tp_length_of_residency text, -- B13
    tp_occupancy_status text, -- B14
    sp_house_members integer, -- C10
    sp_next_tax_return text CHECK (sp_next_tax_return IN ('SINGLE','MFJ','MFS','HOH','QSS')), -- C11
    sp_spouse_claim text, -- C12
    sp_length_of_residency text, -- C13
    sp_occupancy_status text, -- C14
    taxpayer_name text,
    taxpayer_ssn_last4 text CHECK (taxpayer_ssn_last4 ~ '^[0-9]{4}$'),
    taxpayer_dob date,
    taxpayer_phone text,
    taxpayer_email text,
    spouse_name text,
    spouse_ssn_last4 text CHECK (spouse_ssn_last4 ~ '^[0-9]{4}$'),
    spouse_dob date,
    filing_status text CHECK (filing_status IN ('SINGLE','MFJ','MFS','HOH','QSS')),
    marital_status text,
    number_of_dependents integer,
    household_size integer,
    street_address text,
    city text,
    state text,
    zip_code text,
    bank_accounts_total numeric(14,2), -- B18
    cash_on_hand numeric(14,2), -- B19
    investments_value numeric(14,2), -- B20
    investments_loan numeric(14,2), -- D20
    life_insurance_value numeric(14,2), -- B21
    life_insurance_loan numeric(14,2), -- D21
    retirement_value numeric(14,2), -- B22
    retirement_loan numeric(14,2), -- D22
    real_estate_value numeric(14,2), -- B23
    real_estate_loan numeric(14,2), -- D23
    vehicle1_value numeric(14,2), -- B24
    vehicle1_loan numeric(14,2), -- D24
    vehicle2_value numeric(14,2), -- B25
    vehicle2_loan numeric(14,2), -- D25
    vehicle3_value numeric(14,2), -- B26
    vehicle3_loan numeric(14,2), -- D26
    vehicle4_value numeric(14,2), -- B27
    vehicle4_loan numeric(14,2), -- D27
    personal_effects_value numeric(14,2), -- B28
    personal_effects_loan numeric(14,2), -- D28
    other_assets_value numeric(14,2), -- B29
    other_assets_loan numeric(14,2), -- D29
    tp_wages numeric(14,2), -- B33
    tp_social_security numeric(14,2), -- B34
    tp_pension numeric(14,2), -- B35
    sp_wages numeric(14,2), -- B36
    sp_social_security numeric(14,2), -- B37
    sp_pension numeric(14,2), -- B38
    dividends_interest numeric(14,2), -- B39
    rental_gross numeric(14,2), -- B40
    rental_expenses numeric(14,2), -- B41
    distributions numeric(14,2), -- B42
    alimony numeric(14,2), -- B43
    child_support numeric(14,2), -- B44
    other_income numeric(14,2), -- B45
    additional_income_1 numeric(14,2), -- B46
    additional_income_2 numeric(14,2), -- B47
    members_under_65 integer, -- B50
    members_over_65 integer, -- B51
    location_state text, -- B52
    location_county text, -- B53
    exp_food numeric(14,2), -- B56
    exp_housekeeping numeric(14,2), -- B57
    exp_apparel numeric(14,2), -- B58
    exp_personal_care numeric(14,2), -- B59
    exp_misc numeric(14,2), -- B60
    exp_mortgage_lien1 numeric(14,2), -- B64
    exp_mortgage_lien2 numeric(14,2), -- B65
    exp_rent numeric(14,2), -- B66
    exp_home_insurance numeric(14,2), -- B67
    exp_property_tax numeric(14,2), -- B68
    exp_util_gas numeric(14,2), -- B69
    exp_util_electricity numeric(14,2), -- B70
    exp_util_water numeric(14,2), -- B71
    exp_util_sewer numeric(14,2), -- B72
    exp_util_cable numeric(14,2), -- B73
    exp_util_trash numeric(14,2), -- B74
    exp_util_phone numeric(14,2), -- B75
    exp_health_insurance numeric(14,2), -- B79
    exp_prescriptions numeric(14,2), -- B80
    exp_copays numeric(14,2), -- B81
    exp_taxes numeric(14,2), -- B84
    exp_court_payments numeric(14,2), -- B87
    exp_child_care numeric(14,2), -- B88
    exp_whole_life numeric(14,2), -- B89
    exp_term_life numeric(14,2), -- B90
    vehicle_count integer, -- AK2
    exp_public_transportation numeric(14,2), -- AK4
    exp_auto_total numeric(14,2), -- AK5
    exp_auto_insurance numeric(14,2), -- AK6
    exp_auto_payment1 numeric(14,2), -- AK7
    exp_auto_payment2 numeric(14,2), -- AK8
    std_food numeric(14,2), -- C56
    std_housekeeping numeric(14,2), -- C57
    std_apparel numeric(14,2), -- C58
    std_personal_care numeric(14,2), -- C59
    std_misc numeric(14,2), -- C60
    std_food_clothing_misc_total numeric(14,2), -- C61_IRS
    std_health_out_of_pocket numeric(14,2), -- C80
    std_public_transportation numeric(14,2), -- AL4
    std_housing numeric(14,2), -- C76
    bronze_id         uuid NOT NULL,
    source_path       text NOT NULL,
    rules_version     text NOT NULL
);
COMMENT ON COLUMN interview_snapshot.tp_gross_income IS 'annual (B5)';
COMMENT ON COLUMN interview_snapshot.tp_net_income IS 'annual (B6)';
COMMENT ON COLUMN interview_snapshot.sp_gross_income IS 'annual (C5)';
COMMENT ON COLUMN interview_snapshot.sp_net_income IS 'annual (C6)';
COMMENT ON COLUMN interview_snapshot.exp_auto_total IS 'AK5: cross-check of insurance + payments only, never added';
COMMENT ON COLUMN interview_snapshot.unmapped_keys IS 'dotted paths of interview keys no column reads (drift)';

CREATE TABLE interview_bank_accounts (
    case_id           text    NOT NULL,
    line_no           integer NOT NULL CHECK (line_no >= 0),
    account_type      text,
    institution_name  text,
    balance           numeric(14,2),
    bronze_id         uuid    NOT NULL,
    source_path       text    NOT NULL,
    rules_version     text    NOT NULL,
    PRIMARY KEY (case_id, line_no)
);

CREATE TABLE interview_real_property (
    case_id             text    NOT NULL,
    line_no             integer NOT NULL CHECK (line_no >= 0),
    address             text,
    current_value       numeric(14,2),
    purchase_date       date,
    purchase_price      numeric(14,2),
    monthly_payment     numeric(14,2),
    loan_balance        numeric(14,2),
    final_payment_date  date,
    bronze_id           uuid    NOT NULL,
    source_path         text    NOT NULL,
    rules_version       text    NOT NULL,
    PRIMARY KEY (case_id, line_no)
);

CREATE TABLE interview_vehicles (
    case_id             text    NOT NULL,
    line_no             integer NOT NULL CHECK (line_no >= 0),
    year                integer,
    make                text,
    model               text,
    current_value       numeric(14,2),
    mileage             integer,
    monthly_payment     numeric(14,2),
    loan_balance        numeric(14,2),
    final_payment_date  date,
    bronze_id           uuid    NOT NULL,
    source_path         text    NOT NULL,
    rules_version       text    NOT NULL,
    PRIMARY KEY (case_id, line_no)
);

CREATE TABLE interview_other_expenses (
    case_id        text    NOT NULL,
    line_no        integer NOT NULL CHECK (line_no >= 0),
    name           text,
    amount         numeric(14,2),
    bronze_id      uuid    NOT NULL,
    source_path    text    NOT NULL,
    rules_version  text    NOT NULL,
    PRIMARY KEY (case_id, line_no)
);

-- Records that could not be typed; the rest of their payload still flows (DOMAIN 3.13).
CREATE TABLE silver_quarantine (
    quarantine_id  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id        text        NOT NULL,
    source         text        NOT NULL,
    bronze_id      uuid        NOT NULL,
    source_path    text        NOT NULL,
    reason_code    text        NOT NULL CHECK (reason_code IN (
        'unknown_wrapper', 'missing_tax_year', 'bad_tax_year', 'bad_date', 'bad_code',
        'bad_amount', 'not_an_object', 'contract_error', 'duplicate_year_record')),
    detail         text        NOT NULL,
    raw_fragment   jsonb,
    rules_version  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, source, source_path, reason_code)
);
