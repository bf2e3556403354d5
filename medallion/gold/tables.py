"""Every Gold table a promotion replaces, each named once with its count (DOMAIN 4 and 5).

Each holds only rows keyed by `case_id`. Deletes, the promotion's counts and the status
report's counts are derived from this list.
"""

from medallion.gold import (
    assets,
    balances,
    csed,
    employment,
    expenses,
    flags,
    household,
    income,
    projections,
    resolution,
)
from medallion.gold.counts import GoldCounts
from medallion.layer_tables import LayerTable, check_counted, counts_query, delete_in_one_statement

GOLD_TABLES = (
    LayerTable(employment.TABLE, "employment"),
    LayerTable(household.INFORMATION_TABLE, "household"),
    LayerTable(household.MEMBERS_TABLE, "household_members"),
    LayerTable(income.TABLE, "income_sources"),
    LayerTable(balances.TABLE, "year_balances"),
    LayerTable(assets.FINANCIAL_ACCOUNTS_TABLE, "financial_accounts"),
    LayerTable(assets.VEHICLES_TABLE, "vehicles"),
    LayerTable(assets.REAL_PROPERTY_TABLE, "real_property"),
    LayerTable(assets.OTHER_ASSETS_TABLE, "other_assets"),
    LayerTable(expenses.TABLE, "monthly_expenses"),
    LayerTable(projections.TABLE, "tax_projections"),
    LayerTable(csed.ASSESSMENT_TABLE, "csed_by_assessment"),
    LayerTable(csed.YEAR_TABLE, "csed_by_year"),
    LayerTable(flags.TABLE, "tax_year_flags"),
    LayerTable(resolution.TABLE, "resolution_options"),
)
check_counted(GOLD_TABLES, GoldCounts)

DELETE_CASE_ROWS = delete_in_one_statement(GOLD_TABLES)
COUNTS_SQL = counts_query(GOLD_TABLES)


def counts_of(rows_by_table: dict[str, int]) -> GoldCounts:
    """The counts record of the rows written per table name."""
    return GoldCounts(**{t.count: rows_by_table[t.name] for t in GOLD_TABLES})
