"""GET /api/cases/{case_id}/summary over HTTP, for cases run end to end through the workflow."""

import json
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest
from temporalio.worker import Worker

from tests.support.case_ids import fresh_case_id
from tests.support.cases import wait_for_status

# The sandbox's reserved ids (sandbox/README.md): canonical, single filer, flat interview,
# data-quality hazards. Their figures are the sandbox's, so nothing about them is pinned.
RESERVED_CASES = ("1295022", "5550123", "906001", "905002", "907001")


async def _complete(api: httpx.AsyncClient, case_id: str) -> None:
    response = await api.post(f"/api/cases/{case_id}/extract")
    assert response.status_code == 202, response.text
    await wait_for_status(api, case_id, "complete")


async def _summary(api: httpx.AsyncClient, case_id: str) -> dict[str, Any]:
    response = await api.get(f"/api/cases/{case_id}/summary")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _text(value: Any) -> Any:
    """A Postgres value as the summary shows it: money exactly as stored, as a string."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _same(document: dict[str, Any], row: asyncpg.Record) -> None:
    """Every field of `document` equals the column of the same name."""
    for field, value in document.items():
        if field in row and not isinstance(value, list | dict):
            assert value == _text(row[field]), field


async def test_the_summary_is_the_cases_gold_rows(
    api: httpx.AsyncClient, worker: Worker, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    await _complete(api, new_case_id)
    summary = await _summary(api, new_case_id)

    async def rows(table: str, order_by: str) -> list[asyncpg.Record]:
        return await pg_pool.fetch(
            f"SELECT * FROM {table} WHERE case_id = $1 ORDER BY {order_by}", new_case_id
        )

    options = (await rows("resolution_options", "case_id"))[0]
    assert summary["case_id"] == new_case_id
    assert summary["case_number"] == f"CASE-{new_case_id}"
    assert summary["as_of_date"] == options["as_of_date"].isoformat()
    _same(summary["resolution_options"], options)
    statement = summary["financial_statement"]
    assert statement["total_monthly_income"] == _text(options["total_monthly_income"])
    assert statement["disposable_income"] == _text(options["disposable_income"])

    balances = await rows("year_balances", "tax_year, owner")
    csed_years = await rows("csed_by_year", "tax_year, owner")
    flags = await rows("tax_year_flags", "tax_year, owner")
    modules = {
        (year["tax_year"], module["owner"]): module
        for year in summary["tax_years"]
        for module in year["modules"]
    }
    assert set(modules) == {(r["tax_year"], r["owner"]) for r in balances}
    for balance, csed, flag in zip(balances, csed_years, flags, strict=True):
        module = modules[(balance["tax_year"], balance["owner"])]
        _same(module["balance"], balance)
        _same(module["csed"], csed)
        _same(module["flags"], flag)
        assert len(module["csed"]["assessments"]) == csed["assessment_count"]

    projections = await rows("tax_projections", "tax_year, scope")
    shown = [p for year in summary["tax_years"] for p in year["projections"]]
    assert len(shown) == len(projections) > 0
    for document, row in zip(shown, projections, strict=True):
        _same(document, row)

    for key, table, order_by in (
        ("income_sources", "income_sources", "source, period, person_type, income_type"),
        ("expenses", "monthly_expenses", "expense_category, expense_subcategory"),
    ):
        stored = await rows(table, order_by)
        assert len(statement[key]) == len(stored) > 0, key
        for document, row in zip(statement[key], stored, strict=True):
            _same(document, row)
    accounts = await rows("financial_accounts", "account_no")
    assert len(statement["assets"]["financial_accounts"]) == len(accounts)

    expense_assumptions = await pg_pool.fetch(
        "SELECT expense_category || '/' || expense_subcategory AS row_key, code"
        "  FROM monthly_expenses, unnest(assumptions) AS code WHERE case_id = $1",
        new_case_id,
    )
    assert {
        (a["row"], a["code"]) for a in summary["assumptions"] if a["table"] == "monthly_expenses"
    } == {(a["row_key"], a["code"]) for a in expense_assumptions}
    outcome = await pg_pool.fetchval(
        "SELECT outcome FROM ingestion_runs WHERE case_id = $1 AND stage = 'complete'"
        " ORDER BY started_at DESC LIMIT 1",
        new_case_id,
    )
    recorded = json.loads(outcome)["warnings"]
    assert [(w["code"], w["detail"]) for w in summary["warnings"]] == [
        (w["code"], w["detail"]) for w in recorded
    ]

    # Money travels as exact strings, never JSON numbers.
    assert isinstance(
        modules[(balances[0]["tax_year"], "TP")]["balance"]["calculated_balance"], str
    )


async def test_the_summary_schema_is_published(api: httpx.AsyncClient) -> None:
    schema = (await api.get("/openapi.json")).json()

    operation = schema["paths"]["/api/cases/{case_id}/summary"]["get"]
    assert operation["tags"] == ["cases"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CaseSummary"
    }
    components = schema["components"]["schemas"]
    assert {"CaseSummary", "TaxYearSummary", "FinancialStatement", "ResolutionOptions"} <= set(
        components
    )
    money = components["ResolutionOptions"]["properties"]["total_debt"]
    assert money["type"] == "string"


async def test_an_unknown_case_is_404_with_a_reason(api: httpx.AsyncClient) -> None:
    case_id = fresh_case_id()
    response = await api.get(f"/api/cases/{case_id}/summary")

    assert response.status_code == 404
    assert response.json()["case_id"] == case_id
    assert "Trigger extraction" in response.json()["detail"]


@pytest.mark.parametrize("case_id", RESERVED_CASES)
async def test_reserved_sandbox_cases_have_a_summary(
    api: httpx.AsyncClient, worker: Worker, case_id: str
) -> None:
    await _complete(api, case_id)
    summary = await _summary(api, case_id)

    assert summary["case_id"] == case_id
    assert summary["as_of_date"] is not None
    assert summary["tax_years"]
