-- Reference data read by the Gold promotion (DOMAIN 3.14, 4.1, 4.4, 4.11).
-- Rules are data: changing a factor, a bracket or a policy is a new migration, never a code edit.
-- The tax figures are test fixtures until checked against the IRS publication of each year.

-- 4.1: the monthly factor is periods_per_year / 12, computed exactly; never a rounded decimal.
CREATE TABLE pay_frequency_factors (
    frequency          text PRIMARY KEY,
    periods_per_year   int NOT NULL CHECK (periods_per_year > 0),
    -- Lower-case, trimmed spellings that mean this frequency (matched case-insensitively).
    accepted_spellings text[] NOT NULL
);

INSERT INTO pay_frequency_factors (frequency, periods_per_year, accepted_spellings) VALUES
    ('weekly',      52, ARRAY['weekly', 'every week']),
    ('biweekly',    26, ARRAY['biweekly', 'bi-weekly', 'every two weeks', 'every other week']),
    ('semimonthly', 24, ARRAY['semimonthly', 'semi-monthly', 'twice a month']),
    ('monthly',     12, ARRAY['monthly', 'month']),
    ('quarterly',    4, ARRAY['quarterly']),
    ('annual',       1, ARRAY['annual', 'annually', 'yearly', 'year']);

-- 3.14: every loaded year has all five filing statuses; QSS takes the MFJ figures, MFS the
-- single ones. A year without rows is never filled from the nearest year (4.10).
CREATE TABLE standard_deductions (
    year           int NOT NULL,
    filing_status  text NOT NULL CHECK (filing_status IN ('SINGLE', 'MFJ', 'MFS', 'HOH', 'QSS')),
    amount         numeric(14,2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (year, filing_status)
);

INSERT INTO standard_deductions (year, filing_status, amount)
SELECT d.year, s.filing_status,
       CASE s.filing_status
           WHEN 'SINGLE' THEN d.single WHEN 'MFS' THEN d.single
           WHEN 'MFJ' THEN d.joint WHEN 'QSS' THEN d.joint
           ELSE d.head_of_household
       END
  FROM (VALUES (2021, 12550, 25100, 18800),
               (2022, 12950, 25900, 19400),
               (2023, 13850, 27700, 20800),
               (2024, 14600, 29200, 21900)) AS d (year, single, joint, head_of_household)
 CROSS JOIN (VALUES ('SINGLE'), ('MFJ'), ('MFS'), ('HOH'), ('QSS')) AS s (filing_status);

-- income_max null = the open top bracket.
CREATE TABLE tax_brackets (
    year           int NOT NULL,
    filing_status  text NOT NULL CHECK (filing_status IN ('SINGLE', 'MFJ', 'MFS', 'HOH', 'QSS')),
    income_min     numeric(14,2) NOT NULL CHECK (income_min >= 0),
    income_max     numeric(14,2) CHECK (income_max > income_min),
    rate           numeric(6,4) NOT NULL CHECK (rate >= 0 AND rate < 1),
    PRIMARY KEY (year, filing_status, income_min)
);

-- Upper bounds of the 10 %, 12 %, 22 %, 24 %, 32 % and 35 % brackets; 37 % is open above.
-- QSS shares the MFJ bounds.
WITH bounds (year, filing_status, upper_bounds) AS (
    VALUES
    (2021, 'SINGLE', ARRAY[9950, 40525, 86375, 164925, 209425, 523600]),
    (2021, 'MFJ',    ARRAY[19900, 81050, 172750, 329850, 418850, 628300]),
    (2021, 'MFS',    ARRAY[9950, 40525, 86375, 164925, 209425, 314150]),
    (2021, 'HOH',    ARRAY[14200, 54200, 86350, 164900, 209400, 523600]),
    (2022, 'SINGLE', ARRAY[10275, 41775, 89075, 170050, 215950, 539900]),
    (2022, 'MFJ',    ARRAY[20550, 83550, 178150, 340100, 431900, 647850]),
    (2022, 'MFS',    ARRAY[10275, 41775, 89075, 170050, 215950, 323925]),
    (2022, 'HOH',    ARRAY[14650, 55900, 89050, 170050, 215950, 539900]),
    (2023, 'SINGLE', ARRAY[11000, 44725, 95375, 182100, 231250, 578125]),
    (2023, 'MFJ',    ARRAY[22000, 89450, 190750, 364200, 462500, 693750]),
    (2023, 'MFS',    ARRAY[11000, 44725, 95375, 182100, 231250, 346875]),
    (2023, 'HOH',    ARRAY[15700, 59850, 95350, 182100, 231250, 578100]),
    (2024, 'SINGLE', ARRAY[11600, 47150, 100525, 191950, 243725, 609350]),
    (2024, 'MFJ',    ARRAY[23200, 94300, 201050, 383900, 487450, 731200]),
    (2024, 'MFS',    ARRAY[11600, 47150, 100525, 191950, 243725, 365600]),
    (2024, 'HOH',    ARRAY[16550, 63100, 100500, 191950, 243700, 609350])
),
all_statuses AS (
    SELECT year, filing_status, upper_bounds FROM bounds
    UNION ALL
    SELECT year, 'QSS', upper_bounds FROM bounds WHERE filing_status = 'MFJ'
),
rates (bracket_no, rate) AS (
    VALUES (1, 0.10), (2, 0.12), (3, 0.22), (4, 0.24), (5, 0.32), (6, 0.35), (7, 0.37)
)
INSERT INTO tax_brackets (year, filing_status, income_min, income_max, rate)
SELECT b.year, b.filing_status,
       CASE WHEN r.bracket_no = 1 THEN 0 ELSE b.upper_bounds[r.bracket_no - 1] END,
       b.upper_bounds[r.bracket_no],  -- index 7 is past the array: null, the open bracket
       r.rate
  FROM all_statuses b CROSS JOIN rates r;

CREATE TABLE ss_wage_base (
    year      int PRIMARY KEY,
    amount    numeric(14,2) NOT NULL CHECK (amount > 0)
);

INSERT INTO ss_wage_base (year, amount) VALUES
    (2021, 142800), (2022, 147000), (2023, 160200), (2024, 168600);

-- 4.4: which WI forms feed which income type. Forms whose `wi_type_rules` row has
-- `is_self_employment` are `self_employment` whatever this table says; any other input form
-- not listed here is `other`. `per_person` false means the row is the household's (`joint`).
CREATE TABLE wi_income_type_rules (
    form_type    text PRIMARY KEY,
    income_type  text NOT NULL,
    per_person   boolean NOT NULL
);

INSERT INTO wi_income_type_rules (form_type, income_type, per_person) VALUES
    ('W-2',      'wages',              true),
    ('W-2GU',    'wages',              true),
    ('W-2C',     'wages',              true),
    ('SSA-1099', 'social_security',    true),
    ('RRB-1099', 'social_security',    true),
    ('1099-DIV', 'dividends_interest', false),
    ('1099-INT', 'dividends_interest', false),
    ('1099-R',   'distributions',      false);

-- 4.11: firm policy for the resolution options; one row per named policy, `default` is used.
CREATE TABLE resolution_policy (
    policy_name                   text PRIMARY KEY,
    qsv_factor                    numeric(6,4) NOT NULL CHECK (qsv_factor BETWEEN 0 AND 1),
    offer_factor                  numeric(6,4) NOT NULL CHECK (offer_factor > 0),
    oic_threshold                 numeric(6,4) NOT NULL CHECK (oic_threshold > 0),
    offer_type                    text NOT NULL CHECK (offer_type IN ('lump_sum', 'periodic')),
    lump_sum_future_income_months int NOT NULL CHECK (lump_sum_future_income_months > 0),
    periodic_future_income_months int NOT NULL CHECK (periodic_future_income_months > 0)
);

INSERT INTO resolution_policy VALUES ('default', 0.80, 0.90, 1.00, 'lump_sum', 12, 24);
