"""Every Gold table a promotion replaces, each named once with its count (DOMAIN 4 and 5) and
how the summary reads it.

Each holds only rows keyed by `case_id`. Deletes, the promotion's counts, the status report's
counts and the summary's queries are derived from this list.
"""

from dataclasses import dataclass

from medallion.cases.layer_tables import (
    LayerTable,
    check_counted,
    counts_query,
    delete_in_one_statement,
)
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


@dataclass(frozen=True)
class GoldTable(LayerTable):
    """A Gold table, and how the summary (`api/routes/summary.py`) reads it."""

    # The summary's key for the table's rows; None: the summary does not list them.
    summary: str | None = None
    order_by: str = "case_id"
    # How an assumption stored on a row names the row, and the row's tax year (SQL).
    row_key: str = "NULL"
    tax_year: str = "NULL"


GOLD_TABLES = (
    GoldTable(employment.TABLE, "employment", row_key="person_type"),
    GoldTable(household.INFORMATION_TABLE, "household"),
    GoldTable(household.MEMBERS_TABLE, "household_members", row_key="relationship"),
    GoldTable(
        income.TABLE,
        "income_sources",
        summary="income",
        order_by="source, period, person_type, income_type",
        row_key="source || '/' || person_type || '/' || income_type",
        tax_year="CASE WHEN source = 'wi' THEN period::int END",
    ),
    GoldTable(
        balances.TABLE,
        "year_balances",
        summary="balances",
        order_by="tax_year, owner",
        row_key="owner",
        tax_year="tax_year",
    ),
    GoldTable(
        assets.FINANCIAL_ACCOUNTS_TABLE,
        "financial_accounts",
        summary="accounts",
        order_by="account_no",
        row_key="account_no::text",
    ),
    GoldTable(
        assets.VEHICLES_TABLE,
        "vehicles",
        summary="vehicles",
        order_by="vehicle_no",
        row_key="vehicle_no::text",
    ),
    GoldTable(
        assets.REAL_PROPERTY_TABLE,
        "real_property",
        summary="property",
        order_by="property_no",
        row_key="property_no::text",
    ),
    GoldTable(
        assets.OTHER_ASSETS_TABLE,
        "other_assets",
        summary="other_assets",
        order_by="asset_no",
        row_key="asset_no::text",
    ),
    GoldTable(
        expenses.TABLE,
        "monthly_expenses",
        summary="expenses",
        order_by="expense_category, expense_subcategory",
        row_key="expense_category || '/' || expense_subcategory",
    ),
    GoldTable(
        projections.TABLE,
        "tax_projections",
        summary="projections",
        order_by="tax_year, scope",
        row_key="scope",
        tax_year="tax_year",
    ),
    GoldTable(
        csed.ASSESSMENT_TABLE,
        "csed_by_assessment",
        summary="assessments",
        order_by="tax_year, owner, assessment_no",
        row_key="owner || '/' || assessment_no",
        tax_year="tax_year",
    ),
    GoldTable(
        csed.YEAR_TABLE,
        "csed_by_year",
        summary="csed_years",
        order_by="tax_year, owner",
        row_key="owner",
        tax_year="tax_year",
    ),
    GoldTable(
        flags.TABLE,
        "tax_year_flags",
        summary="flags",
        order_by="tax_year, owner",
        row_key="owner",
        tax_year="tax_year",
    ),
    GoldTable(resolution.TABLE, "resolution_options", summary="resolution"),
)
check_counted(GOLD_TABLES, GoldCounts)

DELETE_CASE_ROWS = delete_in_one_statement(GOLD_TABLES)
COUNTS_SQL = counts_query(GOLD_TABLES)


def counts_of(rows_by_table: dict[str, int]) -> GoldCounts:
    """The counts record of the rows written per table name."""
    return GoldCounts(**{t.count: rows_by_table[t.name] for t in GOLD_TABLES})


def summary_rows_query(table: GoldTable) -> str:
    return f"SELECT * FROM {table.name} WHERE case_id = $1 ORDER BY {table.order_by}"


# Every assumption stored on a Gold row of the case, with the table and row it belongs to.
ASSUMPTIONS_SQL = f"""
SELECT r.table_name, r.tax_year, r.row_key, a.code
  FROM ({
    " UNION ALL ".join(
        f"SELECT '{t.name}' AS table_name, ({t.tax_year})::int AS tax_year,"
        f" ({t.row_key})::text AS row_key, assumptions FROM {t.name} WHERE case_id = $1"
        for t in GOLD_TABLES
    )
}) AS r
  CROSS JOIN LATERAL unnest(r.assumptions) AS a (code)
 ORDER BY r.table_name, r.tax_year NULLS FIRST, r.row_key NULLS FIRST, a.code
"""
