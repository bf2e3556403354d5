"""One document of a case's Gold rows: per tax year, the financial statement and the
resolution options. Read-only; every query is filtered by `case_id`."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

import asyncpg
from fastapi import APIRouter, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import CaseIdPath, PoolDep
from api.summary_schemas import (
    AssessmentCsed,
    Assets,
    Assumption,
    CaseSummary,
    ExpenseLine,
    FinancialAccount,
    FinancialStatement,
    IncomeSource,
    OtherAsset,
    RealProperty,
    ResolutionOptions,
    TaxModule,
    TaxProjection,
    TaxYearSummary,
    Vehicle,
    YearBalance,
    YearCsed,
    YearFlags,
)
from medallion.case_identity import default_case_number
from medallion.case_queries import case_number, recorded_runs
from medallion.db import Connection
from workflows.models import Stage

router = APIRouter(tags=["cases"])

# Each query returns one Gold table's rows of the case; the models keep the columns they name.
_YEAR_BALANCES = "SELECT * FROM year_balances WHERE case_id = $1 ORDER BY tax_year, owner"
_CSED_BY_YEAR = "SELECT * FROM csed_by_year WHERE case_id = $1 ORDER BY tax_year, owner"
_CSED_BY_ASSESSMENT = """
SELECT * FROM csed_by_assessment WHERE case_id = $1 ORDER BY tax_year, owner, assessment_no
"""
_TAX_YEAR_FLAGS = "SELECT * FROM tax_year_flags WHERE case_id = $1 ORDER BY tax_year, owner"
_TAX_PROJECTIONS = "SELECT * FROM tax_projections WHERE case_id = $1 ORDER BY tax_year, scope"
_INCOME_SOURCES = """
SELECT * FROM income_sources WHERE case_id = $1
 ORDER BY source, period, person_type, income_type
"""
_MONTHLY_EXPENSES = """
SELECT * FROM monthly_expenses WHERE case_id = $1 ORDER BY expense_category, expense_subcategory
"""
_FINANCIAL_ACCOUNTS = "SELECT * FROM financial_accounts WHERE case_id = $1 ORDER BY account_no"
_VEHICLES = "SELECT * FROM vehicles WHERE case_id = $1 ORDER BY vehicle_no"
_REAL_PROPERTY = "SELECT * FROM real_property WHERE case_id = $1 ORDER BY property_no"
_OTHER_ASSETS = "SELECT * FROM other_assets WHERE case_id = $1 ORDER BY asset_no"
_RESOLUTION_OPTIONS = "SELECT * FROM resolution_options WHERE case_id = $1"

# The build's as-of date: every Gold row of one build carries the same one.
_BUILD = """
SELECT as_of_date, max(computed_at) AS computed_at
  FROM (SELECT as_of_date, computed_at FROM resolution_options WHERE case_id = $1
        UNION ALL SELECT as_of_date, computed_at FROM year_balances WHERE case_id = $1
        UNION ALL SELECT as_of_date, computed_at FROM income_sources WHERE case_id = $1) AS b
 GROUP BY as_of_date
 ORDER BY max(computed_at) DESC
 LIMIT 1
"""

# Every assumption stored on a Gold row of the case, with the table and row it belongs to.
_ASSUMPTIONS = """
SELECT r.table_name, r.tax_year, r.row_key, a.code
  FROM (
    SELECT 'employment_information' AS table_name, NULL::int AS tax_year,
           person_type AS row_key, assumptions
      FROM employment_information WHERE case_id = $1
    UNION ALL SELECT 'household_information', NULL, NULL, assumptions
      FROM household_information WHERE case_id = $1
    UNION ALL SELECT 'household_members', NULL, relationship, assumptions
      FROM household_members WHERE case_id = $1
    UNION ALL SELECT 'income_sources', CASE WHEN source = 'wi' THEN period::int END,
           source || '/' || person_type || '/' || income_type, assumptions
      FROM income_sources WHERE case_id = $1
    UNION ALL SELECT 'monthly_expenses', NULL, expense_category || '/' || expense_subcategory,
           assumptions
      FROM monthly_expenses WHERE case_id = $1
    UNION ALL SELECT 'financial_accounts', NULL, account_no::text, assumptions
      FROM financial_accounts WHERE case_id = $1
    UNION ALL SELECT 'vehicles', NULL, vehicle_no::text, assumptions
      FROM vehicles WHERE case_id = $1
    UNION ALL SELECT 'real_property', NULL, property_no::text, assumptions
      FROM real_property WHERE case_id = $1
    UNION ALL SELECT 'other_assets', NULL, asset_no::text, assumptions
      FROM other_assets WHERE case_id = $1
    UNION ALL SELECT 'year_balances', tax_year, owner, assumptions
      FROM year_balances WHERE case_id = $1
    UNION ALL SELECT 'csed_by_assessment', tax_year, owner || '/' || assessment_no, assumptions
      FROM csed_by_assessment WHERE case_id = $1
    UNION ALL SELECT 'csed_by_year', tax_year, owner, assumptions
      FROM csed_by_year WHERE case_id = $1
    UNION ALL SELECT 'tax_year_flags', tax_year, owner, assumptions
      FROM tax_year_flags WHERE case_id = $1
    UNION ALL SELECT 'tax_projections', tax_year, scope, assumptions
      FROM tax_projections WHERE case_id = $1
    UNION ALL SELECT 'resolution_options', NULL, NULL, assumptions
      FROM resolution_options WHERE case_id = $1
  ) AS r
  CROSS JOIN LATERAL unnest(r.assumptions) AS a (code)
 ORDER BY r.table_name, r.tax_year NULLS FIRST, r.row_key NULLS FIRST, a.code
"""

YearKey = tuple[int, str]  # (tax_year, owner)
ModelT = TypeVar("ModelT", bound=BaseModel)


@router.get(
    "/cases/{case_id}/summary",
    response_model=CaseSummary,
    summary="The case's Gold figures in one document",
    responses={404: {"description": "The case is unknown and has no Gold rows"}},
)
async def case_summary(case_id: CaseIdPath, pool: PoolDep) -> CaseSummary | JSONResponse:
    async with pool.acquire() as conn:
        summary = await _read_summary(conn, case_id)
    if summary is None:
        return JSONResponse(
            {
                "detail": f"No case {case_id} and no Gold rows for it. "
                "Trigger extraction to build them.",
                "case_id": case_id,
            },
            status_code=status.HTTP_404_NOT_FOUND,
        )
    return summary


async def _read_summary(conn: Connection, case_id: str) -> CaseSummary | None:
    # One snapshot of the case, even while a promotion replaces its rows.
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        number = await case_number(conn, case_id)
        rows = {
            name: await conn.fetch(query, case_id)
            for name, query in (
                ("balances", _YEAR_BALANCES),
                ("csed_years", _CSED_BY_YEAR),
                ("assessments", _CSED_BY_ASSESSMENT),
                ("flags", _TAX_YEAR_FLAGS),
                ("projections", _TAX_PROJECTIONS),
                ("income", _INCOME_SOURCES),
                ("expenses", _MONTHLY_EXPENSES),
                ("accounts", _FINANCIAL_ACCOUNTS),
                ("vehicles", _VEHICLES),
                ("property", _REAL_PROPERTY),
                ("other_assets", _OTHER_ASSETS),
            )
        }
        resolution = await conn.fetchrow(_RESOLUTION_OPTIONS, case_id)
        build = await conn.fetchrow(_BUILD, case_id)
        assumptions = await conn.fetch(_ASSUMPTIONS, case_id)
        runs = await recorded_runs(conn, case_id)
    if number is None and resolution is None and not any(rows.values()):
        return None

    last_complete = next((r for r in runs if r.stage == Stage.COMPLETE), None)
    outcome = last_complete.outcome if last_complete else None
    return CaseSummary(
        case_id=case_id,
        case_number=number or default_case_number(case_id),
        as_of_date=None if build is None else build["as_of_date"],
        computed_at=None if build is None else build["computed_at"],
        tax_years=_tax_years(rows),
        financial_statement=FinancialStatement(
            total_monthly_income=_column(resolution, "total_monthly_income"),
            total_allowable_expenses=_column(resolution, "total_allowable_expenses"),
            disposable_income=_column(resolution, "disposable_income"),
            income_sources=_models(IncomeSource, rows["income"]),
            expenses=_models(ExpenseLine, rows["expenses"]),
            assets=Assets(
                financial_accounts=_models(FinancialAccount, rows["accounts"]),
                vehicles=_models(Vehicle, rows["vehicles"]),
                real_property=_models(RealProperty, rows["property"]),
                other_assets=_models(OtherAsset, rows["other_assets"]),
            ),
        ),
        resolution_options=(
            None if resolution is None else ResolutionOptions.model_validate(dict(resolution))
        ),
        assumptions=[
            Assumption(
                table=a["table_name"], tax_year=a["tax_year"], row=a["row_key"], code=a["code"]
            )
            for a in assumptions
        ],
        warnings=outcome.warnings if outcome else [],
    )


def _tax_years(rows: dict[str, list[asyncpg.Record]]) -> list[TaxYearSummary]:
    """Per tax year: each owner's balance, CSED and flags, and the year's projections."""
    balances = {(r["tax_year"], r["owner"]): r for r in rows["balances"]}
    csed_years = {(r["tax_year"], r["owner"]): r for r in rows["csed_years"]}
    flags = {(r["tax_year"], r["owner"]): r for r in rows["flags"]}
    assessments: dict[YearKey, list[AssessmentCsed]] = defaultdict(list)
    for r in rows["assessments"]:
        assessments[(r["tax_year"], r["owner"])].append(AssessmentCsed.model_validate(dict(r)))
    projections: dict[int, list[TaxProjection]] = defaultdict(list)
    for r in rows["projections"]:
        projections[r["tax_year"]].append(TaxProjection.model_validate(dict(r)))

    modules: dict[int, set[str]] = defaultdict(set)
    for tax_year, owner in (*balances, *csed_years, *flags, *assessments):
        modules[tax_year].add(owner)
    years = []
    for tax_year in sorted(set(modules) | set(projections)):
        owners = sorted(modules.get(tax_year, ()), key=lambda owner: owner != "TP")
        years.append(
            TaxYearSummary(
                tax_year=tax_year,
                modules=[
                    _module(
                        (tax_year, owner),
                        balances,
                        csed_years,
                        flags,
                        assessments.get((tax_year, owner), []),
                    )
                    for owner in owners
                ],
                projections=projections.get(tax_year, []),
            )
        )
    return years


def _module(
    key: YearKey,
    balances: dict[YearKey, asyncpg.Record],
    csed_years: dict[YearKey, asyncpg.Record],
    flags: dict[YearKey, asyncpg.Record],
    assessments: list[AssessmentCsed],
) -> TaxModule:
    balance, csed, flag = balances.get(key), csed_years.get(key), flags.get(key)
    return TaxModule(
        owner=key[1],
        balance=None if balance is None else YearBalance.model_validate(dict(balance)),
        csed=(
            None
            if csed is None
            else YearCsed.model_validate({**dict(csed), "assessments": assessments})
        ),
        flags=None if flag is None else YearFlags.model_validate(dict(flag)),
    )


def _models(model: type[ModelT], records: Sequence[asyncpg.Record]) -> list[ModelT]:
    return [model.model_validate(dict(r)) for r in records]


def _column(record: asyncpg.Record | None, column: str) -> Any:
    return None if record is None else record[column]
