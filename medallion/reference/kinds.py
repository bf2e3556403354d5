"""The kinds of reference data, each named once, and the CSV layout of each standards kind
(DOMAIN 3.14, 4.5; the layout is documented in docs/reference-data.md)."""

from dataclasses import dataclass

NATIONAL = "national_standards"
OUT_OF_POCKET_HEALTH = "out_of_pocket_health"
HOUSING_UTILITIES = "housing_utilities"
TRANSPORTATION = "transportation"
TRANSPORTATION_AREAS = "transportation_areas"
TAX_TABLES = "tax_tables"
TRANSACTION_RULES = "transaction_rules"

# Columns every standards file ends with: which sources a row was read from, how it was
# checked, and whether it may be loaded without --allow-unverified.
PROVENANCE_COLUMNS = ("sources", "check", "status")
VERIFIED = "verified"
UNVERIFIED = "unverified"


@dataclass(frozen=True)
class StandardsKind:
    name: str
    table: str
    columns: tuple[str, ...]  # the data columns, before PROVENANCE_COLUMNS


STANDARDS_KINDS = {
    k.name: k
    for k in (
        StandardsKind(
            NATIONAL, "standards_national", ("category", "state", "household_size", "amount")
        ),
        StandardsKind(
            OUT_OF_POCKET_HEALTH,
            "standards_out_of_pocket_health",
            ("age_band", "amount_per_person"),
        ),
        StandardsKind(
            HOUSING_UTILITIES,
            "standards_housing_utilities",
            ("state", "county", "family_size", "amount", "non_mortgage", "mortgage_rent"),
        ),
        StandardsKind(
            TRANSPORTATION,
            "standards_transportation",
            ("cost", "census_region", "msa", "vehicles", "amount"),
        ),
        StandardsKind(
            TRANSPORTATION_AREAS,
            "standards_transportation_areas",
            ("census_region", "msa", "state", "county"),
        ),
    )
}

# The national categories as the IRS names them; only the total has an additional-person figure.
NATIONAL_CATEGORIES = (
    "food",
    "housekeeping_supplies",
    "apparel_services",
    "personal_care",
    "miscellaneous",
    "total",
)
NATIONAL_TOTAL = "total"
NATIONAL_SIZES = (1, 2, 3, 4)
EACH_ADDITIONAL = "each_additional"

AGE_BANDS = ("under_65", "65_and_older")

HOUSING_SIZES = (1, 2, 3, 4, 5)
FIVE_OR_MORE = "5_or_more"

OWNERSHIP = "ownership"
OPERATING = "operating"
PUBLIC_TRANSPORTATION = "public_transportation"
TRANSPORTATION_COSTS = (OWNERSHIP, OPERATING, PUBLIC_TRANSPORTATION)
CENSUS_REGIONS = ("Northeast", "Midwest", "South", "West")
VEHICLE_COUNTS = (1, 2)  # ownership and operating costs stop at two vehicles
