"""One document of a case's Gold rows: per tax year, the financial statement and the
resolution options. Read-only; every query is filtered by `case_id`."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

import asyncpg
from fastapi import APIRouter, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.change_schemas import build_changes
from api.deps import CaseIdPath, PoolDep
from api.earlier_payloads import earlier_payload_notice, earlier_payloads
from api.schemas import UNAVAILABLE
from api.summary_schemas import (
    AssessmentCsed,
    Assets,
    Assumption,
    CaseSummary,
    EarlierPayloadUsed,
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
from medallion.cases.change_log import latest_build
from medallion.cases.identity import default_case_number
from medallion.cases.queries import bronze_stats, case_number, recorded_runs
from medallion.gold.tables import ASSUMPTIONS_SQL, GOLD_TABLES, summary_rows_query
from medallion.platform.db import Connection
from medallion.sources.names import SOURCES
from workflows.models import Stage

router = APIRouter(tags=["cases"], responses=UNAVAILABLE)

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
            t.summary: await conn.fetch(summary_rows_query(t), case_id)
            for t in GOLD_TABLES
            if t.summary is not None
        }
        resolution = next(iter(rows.pop("resolution")), None)
        build = await conn.fetchrow(_BUILD, case_id)
        assumptions = await conn.fetch(ASSUMPTIONS_SQL, case_id)
        latest = await latest_build(conn, case_id)
        runs = await recorded_runs(conn, case_id)
        last_complete = next((r for r in runs if r.stage == Stage.COMPLETE), None)
        bronze = await bronze_stats(
            conn, case_id, SOURCES, last_complete.run_id if last_complete else None
        )
    # A case row without a run is a trigger Temporal refused: nothing to summarise.
    if not runs and resolution is None and not any(rows.values()):
        return None

    outcome = last_complete.outcome if last_complete else None
    earlier = earlier_payloads(outcome.sources, bronze) if outcome else []
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
        warnings=[
            *(outcome.warnings if outcome else []),
            *(earlier_payload_notice(p) for p in earlier),
        ],
        changes=build_changes(latest),
        earlier_payloads=[
            EarlierPayloadUsed(
                source=p.source, state_in_run=p.state_in_run, fetched_at=p.fetched_at
            )
            for p in earlier
        ],
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
