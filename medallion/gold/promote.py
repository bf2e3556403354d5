"""Promote a case's Silver rows to Gold (DOMAIN 4), in one transaction.

The build reads Silver and the reference tables once, computes every Gold row in memory with
exact decimals, then replaces the case's Gold rows: delete, then COPY the new set. Running it
twice with the same inputs and `as_of` stores the same rows (only `computed_at` differs).
In the same transaction the build is recorded and compared with the case's previous build, and
the changes found are written (DOMAIN §7, `gold/builds.py`).
"""

import datetime
from typing import Any

from medallion.cases.notices import Notice
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
from medallion.gold.builds import (
    NewBuild,
    RecordedBuild,
    build_versions,
    previous_build,
    record_build,
    run_build,
)
from medallion.gold.built import Built, copy_rows
from medallion.gold.changes import compare
from medallion.gold.compared import BuildRows, compared_of
from medallion.gold.context import GoldContext
from medallion.gold.counts import GoldCounts
from medallion.gold.reference import load_reference_data
from medallion.gold.result import GoldResult, gold_notice
from medallion.gold.silver_inputs import load_silver_inputs
from medallion.gold.tables import COUNTS_SQL, DELETE_CASE_ROWS, counts_of
from medallion.platform.db import Connection

# Serialises concurrent promotions of one case (a retried activity racing the original).
_LOCK_CASE = "SELECT pg_advisory_xact_lock(hashtextextended('gold:' || $1, 0))"


async def promote_gold(
    conn: Connection, case_id: str, as_of: datetime.date, run_id: str
) -> GoldResult:
    """Rebuild every Gold row of `case_id` from its Silver rows, as of `as_of`, and record the
    build of ingestion run `run_id` with the changes since the case's previous build."""
    async with conn.transaction():
        await conn.execute(_LOCK_CASE, case_id)
        silver = await load_silver_inputs(conn, case_id)
        ctx = GoldContext(
            case_id=case_id,
            as_of=as_of,
            reference=await load_reference_data(conn, as_of, expenses.case_state(silver)),
            silver=silver,
        )
        builds = build_all(ctx)
        await conn.execute(DELETE_CASE_ROWS, case_id)
        written = {
            table: await copy_rows(conn, table, built.rows) for table, built in builds.items()
        }
        recorded = await record_gold_build(conn, ctx, run_id, builds)
    warnings = _case_warnings(ctx) + tuple(w for built in builds.values() for w in built.warnings)
    return GoldResult(
        case_id=case_id,
        counts=counts_of(written),
        warnings=warnings,
        build_id=recorded.build_id,
        changes=recorded.changes,
    )


async def record_gold_build(
    conn: Connection, ctx: GoldContext, run_id: str, builds: dict[str, Built[Any]]
) -> RecordedBuild:
    """The run's build: recorded once, with its changes against the previous build (§7)."""
    already = await run_build(conn, ctx.case_id, run_id)
    if already is not None:
        return already
    previous = await previous_build(conn, ctx.case_id)
    compared = compared_of(compared_rows(ctx, builds))
    threshold = ctx.reference.resolution_policy.balance_alert_threshold
    found = [] if previous is None else compare(previous.compared, compared, threshold)
    versions = await build_versions(conn, ctx.reference.versions)
    build = NewBuild(ctx.case_id, run_id, ctx.as_of, versions, compared)
    return await record_build(conn, build, previous, found)


def compared_rows(ctx: GoldContext, builds: dict[str, Built[Any]]) -> BuildRows:
    """The rows of this build that the next one compares with."""
    return BuildRows(
        year_balances=builds[balances.TABLE].rows,
        csed_by_year=builds[csed.YEAR_TABLE].rows,
        tax_year_flags=builds[flags.TABLE].rows,
        csed_by_assessment=builds[csed.ASSESSMENT_TABLE].rows,
        resolution_options=builds[resolution.TABLE].rows,
        activity=ctx.silver.activity,
        income_documents=ctx.silver.income_documents,
    )


def build_all(ctx: GoldContext) -> dict[str, Built[Any]]:
    """Every Gold table's rows, by table name, computed from `ctx` alone."""
    built_income = income.build_income_sources(ctx)
    built_expenses = expenses.build_monthly_expenses(ctx)
    built_accounts = assets.build_financial_accounts(ctx)
    built_vehicles = assets.build_vehicles(ctx)
    built_property = assets.build_real_property(ctx)
    built_other_assets = assets.build_other_assets(ctx)
    built_projections = projections.build_tax_projections(ctx)
    # Years without a filed return show the projected balance (4.7).
    built_balances = balances.build_year_balances(
        ctx, projections.projected_balances(built_projections.rows)
    )
    built_assessments = csed.build_csed_by_assessment(ctx)
    built_csed_years = csed.build_csed_by_year(ctx, built_assessments.rows)
    built_resolution = resolution.build_resolution_options(
        ctx,
        resolution.ResolutionInputs(
            income_sources=built_income.rows,
            monthly_expenses=built_expenses.rows,
            year_balances=built_balances.rows,
            csed_by_year=built_csed_years.rows,
            financial_accounts=built_accounts.rows,
            vehicles=built_vehicles.rows,
            real_property=built_property.rows,
            other_assets=built_other_assets.rows,
        ),
    )
    return {
        employment.TABLE: employment.build_employment(ctx),
        household.INFORMATION_TABLE: household.build_household_information(ctx),
        household.MEMBERS_TABLE: household.build_household_members(ctx),
        income.TABLE: built_income,
        assets.FINANCIAL_ACCOUNTS_TABLE: built_accounts,
        assets.VEHICLES_TABLE: built_vehicles,
        assets.REAL_PROPERTY_TABLE: built_property,
        assets.OTHER_ASSETS_TABLE: built_other_assets,
        expenses.TABLE: built_expenses,
        projections.TABLE: built_projections,
        balances.TABLE: built_balances,
        csed.ASSESSMENT_TABLE: built_assessments,
        csed.YEAR_TABLE: built_csed_years,
        flags.TABLE: flags.build_tax_year_flags(ctx),
        resolution.TABLE: built_resolution,
    }


def _case_warnings(ctx: GoldContext) -> tuple[Notice, ...]:
    if ctx.silver.snapshot is None:
        return (
            gold_notice(
                "no_interview",
                None,
                "no interview snapshot: employment, household, assets and current income not built",
            ),
        )
    return ()


async def gold_counts(conn: Connection, case_id: str) -> GoldCounts:
    """Rows per counted Gold table of the case, in one round trip."""
    row = await conn.fetchrow(COUNTS_SQL, case_id)
    assert row is not None  # a SELECT of scalar subqueries always returns one row
    return GoldCounts(**dict(row))
