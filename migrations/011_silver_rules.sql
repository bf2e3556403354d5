-- Rule tables Silver applies, as versioned data (DOMAIN 3.2, 3.5, 3.6, 3.8, 3.11).
-- A new rule set is a new migration that inserts rows under a new rules_version and makes it
-- current; older sets stay for the rows built with them. Silver rows record the version used.
-- The at_transaction_rules, wi_type_rules and csed_calculation_rules seeds carry the corrections
-- of DOMAIN 3.5/3.6 and must be reviewed by a tax specialist before production use.

CREATE TABLE rule_sets (
    rules_version  text PRIMARY KEY,
    is_current     boolean     NOT NULL DEFAULT false,
    description    text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rule_sets_one_current ON rule_sets (is_current) WHERE is_current;

INSERT INTO rule_sets (rules_version, is_current, description) VALUES
    ('2025.1', true, 'Corrected IRS Document 6209 meanings (DOMAIN 3.5), WI form rules (3.8), CSED '
                     'interval pairing (3.6); pending tax-specialist review');

CREATE TABLE at_transaction_rules (
    rules_version                text     NOT NULL REFERENCES rule_sets,
    code                         text     NOT NULL CHECK (code ~ '^[0-9]{3}$'),
    meaning                      text     NOT NULL,
    transaction_type             text     NOT NULL CHECK (transaction_type IN (
        'return_filed', 'assessment', 'abatement', 'penalty', 'interest', 'fee', 'payment',
        'credit', 'credit_eic', 'withholding', 'transfer', 'refund', 'refund_check',
        'examination', 'examination_closed', 'oic', 'bankruptcy', 'cnc', 'pending', 'resolved',
        'lien', 'collection_notice', 'levy', 'levy_notice', 'appeal', 'amended_return', 'unknown')),
    affects_balance              boolean  NOT NULL,
    affects_csed                 boolean  NOT NULL,
    starts_csed                  boolean  NOT NULL,
    -- Always 0 in the corrected seed: tolling comes from paired intervals, never a per-code constant.
    csed_toll_days               integer  NOT NULL DEFAULT 0,
    indicates_collection_action  boolean  NOT NULL,
    balance_sign                 smallint NOT NULL CHECK (balance_sign IN (-1, 0, 1)),
    notes                        text,
    -- Inherited but undefined; kept nullable until someone defines them.
    good_code                    text,
    bad_code                     text,
    file_status_rules            jsonb,
    PRIMARY KEY (rules_version, code)
);

INSERT INTO at_transaction_rules (rules_version, code, meaning, transaction_type, affects_balance,
    affects_csed, starts_csed, csed_toll_days, indicates_collection_action, balance_sign, notes)
SELECT '2025.1', v.* FROM (VALUES
    ('150', 'Return filed, tax assessed', 'return_filed', true, true, true, 0, false, 1, 'Its date is an assessment date. An SFR shows as 150 for .00 followed by 290/300.'),
    ('160', 'Manually computed failure-to-file penalty', 'penalty', true, false, false, 0, false, 1, 'Inherited: underpayment interest.'),
    ('196', 'Interest charged for late payment', 'interest', true, false, false, 0, false, 1, 'Inherited: estimated tax penalty, CSED +30. No CSED effect.'),
    ('276', 'Failure-to-pay penalty', 'penalty', true, false, false, 0, false, 1, 'Inherited: delinquency penalty, CSED +30. No CSED effect.'),
    ('290', 'Additional tax assessed', 'assessment', true, true, true, 0, false, 1, 'Starts its own CSED for the amount; a .00 290 assesses nothing.'),
    ('291', 'Abatement of prior tax', 'abatement', true, false, false, 0, false, -1, NULL),
    ('300', 'Additional tax assessed by examination', 'assessment', true, true, true, 0, false, 1, 'Inherited: tax on amended return. Starts its own CSED for the amount.'),
    ('360', 'Fees and collection costs', 'fee', true, false, false, 0, false, 1, 'Inherited: installment agreement established.'),
    ('420', 'Examination indicator', 'examination', false, false, false, 0, false, 0, 'Inherited CSED flag Y; examination does not toll. Not an AUR code.'),
    ('421', 'Reversal of examination indicator (examination closed)', 'examination_closed', false, false, false, 0, false, 0, NULL),
    ('424', 'Examination request indicator', 'examination', false, false, false, 0, false, 0, 'Inherited as an AUR code; it is not.'),
    ('480', 'Offer in compromise pending', 'oic', false, true, false, 0, false, 0, 'Opens a tolling interval (csed_calculation_rules).'),
    ('481', 'Offer in compromise rejected, returned or terminated', 'oic', false, true, false, 0, false, 0, 'Closes the 480 interval, +30 days.'),
    ('482', 'Offer in compromise withdrawn', 'oic', false, true, false, 0, false, 0, 'Inherited: OIC accepted. Closes the 480 interval.'),
    ('483', 'Correction of an erroneous TC 480', 'oic', false, true, false, 0, false, 0, 'Inherited: OIC withdrawn. Cancels the 480 interval.'),
    ('520', 'Bankruptcy or other litigation', 'bankruptcy', false, true, false, 0, false, 0, 'Opens a tolling interval.'),
    ('521', 'Reversal of TC 520', 'bankruptcy', false, true, false, 0, false, 0, 'Closes the 520 interval, + 6 calendar months.'),
    ('530', 'Currently not collectible', 'cnc', false, false, false, 0, false, 0, 'Does not toll.'),
    ('570', 'Additional liability pending / credit freeze', 'pending', false, false, false, 0, false, 0, 'Inherited CSED flag Y; no CSED effect.'),
    ('571', 'Release of TC 570 freeze', 'resolved', false, false, false, 0, false, 0, NULL),
    ('582', 'Federal tax lien filed', 'lien', false, false, false, 0, true, 0, 'Standard lien-filing code, seeded beside the unverified 602.'),
    ('583', 'Federal tax lien released', 'lien', false, false, false, 0, false, 0, 'Standard lien-release code, seeded beside the unverified 603.'),
    ('602', 'Federal tax lien filed (unverified code)', 'lien', false, false, false, 0, true, 0, 'Unverified; lien filing is normally TC 582.'),
    ('603', 'Federal tax lien released (unverified code)', 'lien', false, false, false, 0, false, 0, 'Unverified; lien release is normally TC 583.'),
    ('610', 'Payment with return', 'payment', true, false, false, 0, false, -1, NULL),
    ('670', 'Subsequent payment', 'payment', true, false, false, 0, false, -1, 'Inherited: payment from other year (transfers in are TC 706).'),
    ('680', 'Designated payment of interest', 'payment', true, false, false, 0, false, -1, 'Inherited: payment from other account.'),
    ('766', 'Refundable credit allowance', 'credit', true, false, false, 0, false, -1, 'Inherited: credit to account.'),
    ('768', 'Earned income credit', 'credit_eic', true, false, false, 0, false, -1, NULL),
    ('780', 'Account compromised (offer in compromise accepted)', 'oic', false, true, false, 0, false, 0, 'Inherited: account included in bankruptcy, +180. Closes the 480 interval, no extra days.'),
    ('806', 'W-2 or 1099 withholding', 'withholding', true, false, false, 0, false, -1, NULL),
    ('826', 'Overpayment transferred out', 'transfer', true, false, false, 0, false, 1, 'Inherited: overpayment to estimated tax.'),
    ('840', 'Manual refund', 'refund', true, false, false, 0, false, 1, 'Inherited: refund issued.'),
    ('846', 'Refund of overpayment', 'refund_check', true, false, false, 0, false, 1, 'Inherited: refund check issued.'),
    ('971', 'Miscellaneous action (meaning from its action code and explanation)', 'collection_notice', false, true, false, 0, true, 0, 'Inherited: notice issued (pre-levy). The collection flag is decided per row: true when the explanation matches levy|lien. Intervals come from csed_calculation_rules patterns.'),
    ('972', 'Reversal of a TC 971 action', 'collection_notice', false, true, false, 0, false, 0, 'Inherited: notice of levy. Closes the latest open interval a 971 opened.'),
    ('973', 'Notice of intent to levy (unverified code)', 'levy_notice', false, false, false, 0, true, 0, 'Not a standard individual-transcript code; inherited type and collection flag kept until verified.'),
    ('977', 'Amended return posted', 'amended_return', false, false, false, 0, false, 0, 'Inherited: appeal pending, CSED flag Y. No CSED effect.')
) AS v;
-- TC 430 (estimated tax declaration) is deliberately not seeded until verified: it shows as unmapped.

CREATE TABLE wi_type_rules (
    rules_version               text    NOT NULL REFERENCES rule_sets,
    form_code                   text    NOT NULL,
    form_name                   text    NOT NULL,
    category                    text    NOT NULL CHECK (category IN ('SE', 'Non-SE', 'Neither')),
    is_self_employment          boolean NOT NULL,
    include_in_projection       boolean NOT NULL,
    affects_resolution_options  boolean NOT NULL,
    resolution_income_asset     text CHECK (resolution_income_asset IN ('Income', 'Asset')),
    line_item_for_ti            text,
    form_433_line               text,
    -- Fields labels summed when a form carries no top-level amount (DOMAIN 3.8).
    income_fields               jsonb   NOT NULL DEFAULT '[]',
    withholding_fields          jsonb   NOT NULL DEFAULT '[]',
    threshold_amount            numeric(14,2),
    notes                       text,
    PRIMARY KEY (rules_version, form_code)
);

INSERT INTO wi_type_rules (rules_version, form_code, form_name, category, is_self_employment,
    include_in_projection, affects_resolution_options, resolution_income_asset, income_fields,
    withholding_fields, notes)
SELECT '2025.1', f, n, c, se, p, a, ia, inf::jsonb, wf::jsonb, nt FROM (VALUES
    ('W-2', 'Wage and Tax Statement', 'Non-SE', false, true, false, 'Income', '["Wages, tips, and other compensation"]', '["Federal income tax withheld"]', NULL),
    ('W-2G', 'Gambling Winnings', 'Non-SE', false, true, false, 'Income', '[]', '[]', NULL),
    ('W-2GU', 'Guam Wage and Tax Statement', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'Inherited name "Unemployment Compensation"; unemployment arrives on 1099-G.'),
    ('1099-INT', 'Interest Income', 'Non-SE', false, true, false, 'Asset', '[]', '[]', 'Implies a bank or investment account (asset).'),
    ('1099-DIV', 'Dividends', 'Non-SE', false, true, false, 'Asset', '[]', '[]', 'Implies an investment account.'),
    ('1099-R', 'Pension, annuity and retirement distributions', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'The Fields entry whose label contains "distribution code" drives the 10% additional tax.'),
    ('SSA-1099', 'Social Security Benefits', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'Only part is taxable (not modelled; flagged).'),
    ('RRB-1099', 'Railroad Retirement Benefits', 'Non-SE', false, true, false, 'Income', '[]', '[]', NULL),
    ('1099-G', 'Certain Government Payments', 'Non-SE', false, true, false, 'Income', '[]', '[]', NULL),
    ('1099-NEC', 'Nonemployee Compensation', 'SE', true, true, true, 'Income', '[]', '[]', NULL),
    ('1099-MISC', 'Miscellaneous Income', 'SE', true, true, true, 'Income', '[]', '[]', 'Only nonemployee compensation is SE; rents and royalties are not (refine by box).'),
    ('1099-K', 'Payment card and third-party network transactions', 'SE', true, true, true, 'Income', '[]', '[]', 'Gross receipts, not profit.'),
    ('1099-B', 'Broker proceeds', 'Neither', false, true, false, NULL, '[]', '[]', 'Proceeds, not gain; the projection overstates.'),
    ('1099-SA', 'HSA/MSA distributions', 'Neither', false, true, false, NULL, '[]', '[]', 'Usually non-taxable.'),
    ('1099-C', 'Cancellation of debt', 'Neither', false, true, false, NULL, '[]', '[]', NULL),
    ('1099-A', 'Acquisition or abandonment of secured property', 'Neither', false, true, false, NULL, '[]', '[]', 'Carries no income amount itself.'),
    ('1099-PATR', 'Cooperative distributions', 'SE', true, true, true, 'Income', '[]', '[]', 'Suggested addition.'),
    ('1099-Q', 'Education program payments', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'Suggested addition.'),
    ('1099-S', 'Real estate proceeds', 'Neither', false, true, false, NULL, '[]', '[]', 'Suggested addition.'),
    ('1099-LTC', 'Long-term care benefits', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'Suggested addition.'),
    ('1099-OID', 'Original issue discount', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'Suggested addition.'),
    ('W-2C', 'Corrected Wage and Tax Statement', 'Non-SE', false, true, false, 'Income', '[]', '[]', 'Replaces the original W-2 of the same year, issuer and recipient; never adds to it.')
) AS v (f, n, c, se, p, a, ia, inf, wf, nt);

-- Start and end events of CSED tolling intervals (DOMAIN 3.6). A start pairs with the first later
-- end of any active row sharing its start code (and matching its start pattern); that end decides
-- the category and the extra days. A transaction matching both a row's start and end pattern is an
-- end for that row ("CDP hearing closed" ends a CDP interval; it does not open another). Patterns are case-insensitive regular expressions searched in
-- the transaction explanation (null = any).
CREATE TABLE csed_calculation_rules (
    rules_version              text    NOT NULL REFERENCES rule_sets,
    rule_id                    text    NOT NULL,
    -- Rules are tried in this order; the first rule sharing a start names an interval still open.
    pairing_order              integer NOT NULL,
    category                   text    NOT NULL,
    start_codes                text[]  NOT NULL,
    start_explanation_pattern  text,
    -- Assessments (base_csed) need a non-zero amount to start a CSED.
    start_requires_amount      boolean NOT NULL DEFAULT false,
    end_code                   text,
    end_explanation_pattern    text,
    -- close: ends the interval; cancel: deletes it (483); reverse: a 972 closes only the latest
    -- open interval a 971 opened, whatever its category.
    end_action                 text CHECK (end_action IN ('close', 'cancel', 'reverse')),
    additional_toll_days       integer NOT NULL DEFAULT 0,
    -- Calendar months after the end, turned into days per interval (bankruptcy: 6).
    additional_toll_months     integer NOT NULL DEFAULT 0,
    -- An end with no open start still counts as a zero-length interval plus the extra days.
    end_without_start_counts   boolean NOT NULL DEFAULT false,
    active                     boolean NOT NULL DEFAULT true,
    inherited                  text,
    notes                      text,
    PRIMARY KEY (rules_version, rule_id),
    UNIQUE (rules_version, pairing_order),
    CHECK ((end_code IS NULL) = (end_action IS NULL))
);

INSERT INTO csed_calculation_rules (rules_version, rule_id, pairing_order, category, start_codes,
    start_explanation_pattern, start_requires_amount, end_code, end_explanation_pattern,
    end_action, additional_toll_days, additional_toll_months, end_without_start_counts, active,
    inherited, notes)
VALUES
    ('2025.1', 'base_csed', 10, 'base_csed', '{150,290,300}', NULL, true, NULL, NULL, NULL, 0, 0, false, true,
     '150 only, +3652 days', 'Each assessment date + 10 calendar years; a .00 290/300 starts none.'),
    ('2025.1', 'bankruptcy', 20, 'bankruptcy', '{520}', NULL, false, '521', NULL, 'close', 0, 6, false, true,
     '+180 days', 'Interval + six calendar months after the end (183 days for an end on 2023-03-31).'),
    ('2025.1', 'oic_pending', 30, 'oic_pending', '{480}', NULL, false, '481', NULL, 'close', 30, 0, false, true,
     '480->482 +30', 'Ended by rejection or return: interval + 30 days.'),
    ('2025.1', 'oic_withdrawn', 40, 'oic_withdrawn', '{480}', NULL, false, '482', NULL, 'close', 0, 0, false, true,
     'rejected 480->481 +0', 'Interval only.'),
    ('2025.1', 'oic_accepted', 50, 'oic_accepted', '{480}', NULL, false, '780', NULL, 'close', 0, 0, false, true,
     NULL, 'Interval only.'),
    ('2025.1', 'oic_correction', 60, 'oic_pending', '{480}', NULL, false, '483', NULL, 'cancel', 0, 0, false, true,
     NULL, 'A 483 corrects an erroneous 480: the interval is deleted.'),
    ('2025.1', 'cdp', 70, 'cdp', '{971}', '^(?=.*(cdp|collection due process))(?=.*hearing)', false,
     '971', 'hearing.*(closed|determination|withdrawn)', 'close', 0, 0, false, true,
     '971->977 and 971->971 both appeared', 'Interval only. A levy notice that only mentions CDP rights opens nothing.'),
    ('2025.1', 'reversal_972', 80, 'reversal', '{971}', NULL, false, '972', NULL, 'reverse', 0, 0, false, true,
     NULL, 'A 972 closes only the latest open interval a 971 opened, whatever its category, with no extra days.'),
    ('2025.1', 'installment_agreement_ended', 90, 'installment_agreement', '{971}',
     '^(?=.*installment agreement)(?=.*pending)', false,
     '971', '^(?=.*installment agreement)(?=.*(rejected|terminated|removed|default))', 'close', 30, 0, true, true,
     '360 +30', 'Interval + 30 days after rejection or termination; a termination with no open start is a zero-length interval + 30 days.'),
    ('2025.1', 'installment_agreement_established', 100, 'installment_agreement', '{971}',
     '^(?=.*installment agreement)(?=.*pending)', false,
     '971', '^(?=.*installment agreement)(?=.*established)', 'close', 0, 0, false, true,
     '360 +30', 'Interval only when the agreement is established.'),
    ('2025.1', 'penalty_196', 200, 'penalty_196', '{196}', NULL, false, NULL, NULL, NULL, 0, 0, false, false,
     '+30', 'Removed: penalties and interest never toll.'),
    ('2025.1', 'penalty_276', 210, 'penalty_276', '{276}', NULL, false, NULL, NULL, NULL, 0, 0, false, false,
     '+30', 'Removed: penalties and interest never toll.'),
    ('2025.1', 'examination', 220, 'examination', '{420}', NULL, false, '421', NULL, 'close', 0, 0, false, false,
     'suggested', 'Removed: examination does not toll collection.');
-- innocent_spouse (898 is a refund offset; claims are 971 actions) and military_service (no
-- transcript code) are manual entries only: csed_manual_events.

-- The case's business status (DOMAIN 3.2), unrelated to ingestion status. Only the eight codes are
-- seeded; a suggested code (AWAITING_CLIENT, …) is added once its description and next actions
-- are written.
CREATE TABLE status_definitions (
    code          text PRIMARY KEY CHECK (code ~ '^[A-Z_]+$'),
    description   text    NOT NULL,
    next_actions  text[]  NOT NULL,
    sort_order    integer NOT NULL UNIQUE
);

INSERT INTO status_definitions (code, description, next_actions, sort_order) VALUES
    ('NEW', 'Case created; no work done yet.',
     '{"Trigger data extraction","Assign an analyst"}', 10),
    ('PROCESSING', 'Transcripts and interview are being gathered and analysed.',
     '{"Wait for ingestion to complete","Resolve sources that need attention"}', 20),
    ('READY', 'Data is complete and ready for analyst review.',
     '{"Review balances, CSEDs and projections","Choose a resolution strategy"}', 30),
    ('REVIEW', 'An analyst is reviewing the case.',
     '{"Finish the review","Request missing information from the client"}', 40),
    ('PENDING', 'Waiting on the client or the IRS.',
     '{"Follow up on the outstanding request","Record the response"}', 50),
    ('COMPLETE', 'Resolution delivered; no further action expected.',
     '{"Monitor compliance","Close the case when the engagement ends"}', 60),
    ('ON_HOLD', 'Work paused on purpose.',
     '{"Record why the case is on hold","Resume when the blocker clears"}', 70),
    ('CLOSED', 'Engagement ended; kept for the record.',
     '{"Reopen only as a new engagement"}', 80);

-- The TI workbook cell each interview_snapshot column replaces, for exports (DOMAIN 3.11).
CREATE TABLE interview_cell_map (
    column_name  text PRIMARY KEY,
    cell         text NOT NULL UNIQUE,
    nested_path  text NOT NULL
);

INSERT INTO interview_cell_map (column_name, cell, nested_path) VALUES
    ('tp_employer', 'B3', 'employment.clientEmployer'),
    ('tp_employment_start', 'B4', 'employment.clientStartWorkingDate'),
    ('tp_gross_income', 'B5', 'employment.clientGrossIncome'),
    ('tp_net_income', 'B6', 'employment.clientNetIncome'),
    ('tp_pay_frequency', 'B7', 'employment.clientFrequentlyPaid'),
    ('tp_monthly_income', 'AL7', 'income.taxpayerIncome.wages'),
    ('sp_employer', 'C3', 'employment.spouseEmployer'),
    ('sp_employment_start', 'C4', 'employment.spouseStartWorkingDate'),
    ('sp_gross_income', 'C5', 'employment.spouseGrossIncome'),
    ('sp_net_income', 'C6', 'employment.spouseNetIncome'),
    ('sp_pay_frequency', 'C7', 'employment.spouseFrequentlyPaid'),
    ('sp_monthly_income', 'AL8', 'income.spouseIncome.wages'),
    ('tp_house_members', 'B10', 'employment.clientHouseMembers'),
    ('tp_next_tax_return', 'B11', 'employment.clientNextTaxReturn'),
    ('tp_spouse_claim', 'B12', 'employment.clientSpouseClaim'),
    ('tp_length_of_residency', 'B13', 'employment.clientLengthofresidency'),
    ('tp_occupancy_status', 'B14', 'employment.clientOccupancyStatus'),
    ('sp_house_members', 'C10', 'employment.spouseHouseMembers'),
    ('sp_next_tax_return', 'C11', 'employment.spouseNextTaxReturn'),
    ('sp_spouse_claim', 'C12', 'employment.spouseSpouseClaim'),
    ('sp_length_of_residency', 'C13', 'employment.spouseLengthofresidency'),
    ('sp_occupancy_status', 'C14', 'employment.spouseOccupancyStatus'),
    ('bank_accounts_total', 'B18', 'assets.bankAccounts.accountsData'),
    ('cash_on_hand', 'B19', 'assets.cashOnHand'),
    ('investments_value', 'B20', 'assets.investments.investmentMarketValue'),
    ('investments_loan', 'D20', 'assets.investments.investmentLoan'),
    ('life_insurance_value', 'B21', 'assets.lifeInsurance.insuranceMarketValue'),
    ('life_insurance_loan', 'D21', 'assets.lifeInsurance.insuranceLoan'),
    ('retirement_value', 'B22', 'assets.retirement.retirementMarketValue'),
    ('retirement_loan', 'D22', 'assets.retirement.retirementLoan'),
    ('real_estate_value', 'B23', 'assets.realProperty.realEstateMarketValue'),
    ('real_estate_loan', 'D23', 'assets.realProperty.realEstateLoan'),
    ('vehicle1_value', 'B24', 'assets.vehicles.vehicle1MarketValue'),
    ('vehicle1_loan', 'D24', 'assets.vehicles.vehicle1Loan'),
    ('vehicle2_value', 'B25', 'assets.vehicles.vehicle2MarketValue'),
    ('vehicle2_loan', 'D25', 'assets.vehicles.vehicle2Loan'),
    ('vehicle3_value', 'B26', 'assets.vehicles.vehicle3MarketValue'),
    ('vehicle3_loan', 'D26', 'assets.vehicles.vehicle3Loan'),
    ('vehicle4_value', 'B27', 'assets.vehicles.vehicle4MarketValue'),
    ('vehicle4_loan', 'D27', 'assets.vehicles.vehicle4Loan'),
    ('personal_effects_value', 'B28', 'assets.personalEffects.personalEffectsMarketValue'),
    ('personal_effects_loan', 'D28', 'assets.personalEffects.personalEffectsLoan'),
    ('other_assets_value', 'B29', 'assets.otherAssets.otherAssetsMarketValue'),
    ('other_assets_loan', 'D29', 'assets.otherAssets.otherAssetsLoan'),
    ('tp_wages', 'B33', 'income.taxpayerIncome.wages'),
    ('tp_social_security', 'B34', 'income.taxpayerIncome.socialSecurity'),
    ('tp_pension', 'B35', 'income.taxpayerIncome.pension'),
    ('sp_wages', 'B36', 'income.spouseIncome.wages'),
    ('sp_social_security', 'B37', 'income.spouseIncome.socialSecurity'),
    ('sp_pension', 'B38', 'income.spouseIncome.pension'),
    ('dividends_interest', 'B39', 'income.otherIncome.dividendsInterest'),
    ('rental_gross', 'B40', 'income.otherIncome.rentalGross'),
    ('rental_expenses', 'B41', 'income.otherIncome.rentalExpenses'),
    ('distributions', 'B42', 'income.otherIncome.distributions'),
    ('alimony', 'B43', 'income.otherIncome.alimony'),
    ('child_support', 'B44', 'income.otherIncome.childSupport'),
    ('other_income', 'B45', 'income.otherIncome.other'),
    ('additional_income_1', 'B46', 'raw_data.IncomeAdditional1'),
    ('additional_income_2', 'B47', 'raw_data.IncomeAdditional2'),
    ('members_under_65', 'B50', 'expenses.familySize.under65'),
    ('members_over_65', 'B51', 'expenses.familySize.over65'),
    ('location_state', 'B52', 'expenses.location.state'),
    ('location_county', 'B53', 'expenses.location.county'),
    ('exp_food', 'B56', 'expenses.foodClothingMisc.food'),
    ('exp_housekeeping', 'B57', 'expenses.foodClothingMisc.housekeeping'),
    ('exp_apparel', 'B58', 'expenses.foodClothingMisc.apparel'),
    ('exp_personal_care', 'B59', 'expenses.foodClothingMisc.personalCare'),
    ('exp_misc', 'B60', 'expenses.foodClothingMisc.misc'),
    ('exp_mortgage_lien1', 'B64', 'expenses.housing.mortgageLien1'),
    ('exp_mortgage_lien2', 'B65', 'expenses.housing.mortgageLien2'),
    ('exp_rent', 'B66', 'expenses.housing.rent'),
    ('exp_home_insurance', 'B67', 'expenses.housing.insurance'),
    ('exp_property_tax', 'B68', 'expenses.housing.propertyTax'),
    ('exp_util_gas', 'B69', 'expenses.housing.utilities.gas'),
    ('exp_util_electricity', 'B70', 'expenses.housing.utilities.electricity'),
    ('exp_util_water', 'B71', 'expenses.housing.utilities.water'),
    ('exp_util_sewer', 'B72', 'expenses.housing.utilities.sewer'),
    ('exp_util_cable', 'B73', 'expenses.housing.utilities.cable'),
    ('exp_util_trash', 'B74', 'expenses.housing.utilities.trash'),
    ('exp_util_phone', 'B75', 'expenses.housing.utilities.phone'),
    ('exp_health_insurance', 'B79', 'expenses.healthcare.healthInsurance'),
    ('exp_prescriptions', 'B80', 'expenses.healthcare.prescriptions'),
    ('exp_copays', 'B81', 'expenses.healthcare.copays'),
    ('exp_taxes', 'B84', 'expenses.taxes'),
    ('exp_court_payments', 'B87', 'raw_data.ExpenseCourtPayments'),
    ('exp_child_care', 'B88', 'raw_data.ExpenseChildCare'),
    ('exp_whole_life', 'B89', 'raw_data.ExpenseWholeLifeInsurance'),
    ('exp_term_life', 'B90', 'raw_data.ExpenseTermLifeInsurance'),
    ('vehicle_count', 'AK2', 'expenses.transportation.vehicleCount'),
    ('exp_public_transportation', 'AK4', 'expenses.transportation.publicTransportation'),
    ('exp_auto_total', 'AK5', 'raw_data.ExpenseAutoTotal'),
    ('exp_auto_insurance', 'AK6', 'expenses.transportation.autoInsurance'),
    ('exp_auto_payment1', 'AK7', 'expenses.transportation.autoPayment1'),
    ('exp_auto_payment2', 'AK8', 'expenses.transportation.autoPayment2'),
    ('std_food', 'C56', 'Result.Food'),
    ('std_housekeeping', 'C57', 'Result.Housekeeping'),
    ('std_apparel', 'C58', 'Result.Apparel'),
    ('std_personal_care', 'C59', 'Result.PersonalCare'),
    ('std_misc', 'C60', 'Result.Misc'),
    ('std_food_clothing_misc_total', 'C61_IRS', 'Result.FoodClothingMiscTotal'),
    ('std_health_out_of_pocket', 'C80', 'Result.HealthOutOfPocket'),
    ('std_public_transportation', 'AL4', 'Result.PublicTrans'),
    ('std_housing', 'C76', 'irs_standards.housing');
