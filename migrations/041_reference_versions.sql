-- Versioned reference data: the IRS Collection Financial Standards as the IRS publishes them,
-- and which loaded file every reference row came from (DOMAIN 3.14, 4.5; docs/reference-data.md).
-- Rows are written only by `medallion reference load …`, never by hand.

-- One row per loaded file (or, for the tax tables, per loaded Tax-Calculator release). A table
-- stays in force from its effective date until a newer period of the same kind starts: the
-- end of a period is derived (reference_periods), never stored, so periods cannot overlap.
CREATE TABLE reference_versions (
    version_id     int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL,
    effective_from date NOT NULL,
    source_name    text NOT NULL,
    source_url     text NOT NULL,
    file_name      text NOT NULL,
    file_digest    text NOT NULL CHECK (file_digest ~ '^[0-9a-f]{64}$'),  -- sha256 of the file
    -- Loaded with --allow-unverified: some rows rest on a single third-party source.
    unverified     boolean NOT NULL DEFAULT false,
    loaded_at      timestamptz NOT NULL DEFAULT now(),
    -- Set when a later load of the same kind and period replaced this one (tax tables only).
    retired_at     timestamptz
);

CREATE UNIQUE INDEX reference_versions_one_per_period
    ON reference_versions (kind, effective_from) WHERE retired_at IS NULL;

CREATE VIEW reference_periods AS
SELECT v.*,
       lead(effective_from) OVER (PARTITION BY kind ORDER BY effective_from) AS effective_to
  FROM reference_versions v
 WHERE retired_at IS NULL;

-- National standards: food, housekeeping supplies, apparel & services, personal care,
-- miscellaneous and their total, for households of 1–4; `each_additional_person` rows hold the
-- amount added per person beyond four (the IRS publishes it for the total only). `state` is
-- null for the national table; AK or HI where the IRS publishes a table of their own.
CREATE TABLE standards_national (
    version_id             int NOT NULL REFERENCES reference_versions (version_id),
    category               text NOT NULL,
    state                  text,
    household_size         int CHECK (household_size BETWEEN 1 AND 4),
    each_additional_person boolean NOT NULL,
    amount                 numeric(14,2) NOT NULL CHECK (amount > 0),
    sources                text NOT NULL,
    checked                text NOT NULL,
    CHECK ((household_size IS NULL) = each_additional_person),
    UNIQUE NULLS NOT DISTINCT (version_id, category, state, household_size)
);

-- Out-of-pocket health care, per person by age band.
CREATE TABLE standards_out_of_pocket_health (
    version_id        int NOT NULL REFERENCES reference_versions (version_id),
    age_band          text NOT NULL CHECK (age_band IN ('under_65', '65_and_older')),
    amount_per_person numeric(14,2) NOT NULL CHECK (amount_per_person > 0),
    sources           text NOT NULL,
    checked           text NOT NULL,
    PRIMARY KEY (version_id, age_band)
);

-- Housing and utilities by state, county and family size; family_size 5 means "5 or more".
-- non_mortgage + mortgage_rent = amount where a source splits the figure.
CREATE TABLE standards_housing_utilities (
    version_id    int NOT NULL REFERENCES reference_versions (version_id),
    state         text NOT NULL,
    county        text NOT NULL,
    family_size   int NOT NULL CHECK (family_size BETWEEN 1 AND 5),
    amount        numeric(14,2) NOT NULL CHECK (amount > 0),
    non_mortgage  numeric(14,2) CHECK (non_mortgage > 0),
    mortgage_rent numeric(14,2) CHECK (mortgage_rent > 0),
    sources       text NOT NULL,
    checked       text NOT NULL,
    PRIMARY KEY (version_id, state, county, family_size)
);

-- Transportation: ownership (national, for 1 or 2 vehicles), operating (by Census region, or
-- by metropolitan area, for 1 or 2 vehicles) and public transportation (national, 0 vehicles).
CREATE TABLE standards_transportation (
    version_id    int NOT NULL REFERENCES reference_versions (version_id),
    cost          text NOT NULL CHECK (cost IN ('ownership', 'operating', 'public_transportation')),
    census_region text,  -- null for national figures
    msa           text,  -- null unless the figure is a metropolitan area's
    vehicles      int NOT NULL CHECK (vehicles BETWEEN 0 AND 2),
    amount        numeric(14,2) NOT NULL CHECK (amount > 0),
    sources       text NOT NULL,
    checked       text NOT NULL,
    CHECK (msa IS NULL OR census_region IS NOT NULL),
    UNIQUE NULLS NOT DISTINCT (version_id, cost, census_region, msa, vehicles)
);

-- Which states form each Census region and which counties (or independent cities) form each
-- metropolitan area, for the transportation table of the same period. `msa` and `county` are
-- null on a region's state rows.
CREATE TABLE standards_transportation_areas (
    version_id    int NOT NULL REFERENCES reference_versions (version_id),
    census_region text NOT NULL,
    msa           text,
    state         text NOT NULL,
    county        text,
    sources       text NOT NULL,
    checked       text NOT NULL,
    CHECK ((msa IS NULL) = (county IS NULL)),
    UNIQUE NULLS NOT DISTINCT (version_id, census_region, msa, state, county)
);

-- The old single table could not hold the structure above and never had a row.
DROP TABLE irs_collection_standards;

-- 4.5: which reference version each expense line's standard came from (null: none looked up).
ALTER TABLE monthly_expenses
    ADD COLUMN reference_version_id int REFERENCES reference_versions (version_id);

-- Tax tables (3.14) come from a named Tax-Calculator release; each row says which load wrote it.
-- Rows without one are the hand-entered 2021–2024 seed of 020, replaced by the first load.
ALTER TABLE standard_deductions ADD COLUMN version_id int REFERENCES reference_versions (version_id);
ALTER TABLE tax_brackets ADD COLUMN version_id int REFERENCES reference_versions (version_id);
ALTER TABLE ss_wage_base ADD COLUMN version_id int REFERENCES reference_versions (version_id);
