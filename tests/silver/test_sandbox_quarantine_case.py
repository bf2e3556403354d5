"""Sandbox case 907002, records Silver must quarantine or warn about, through the real promotion.

The payloads are the canonical household (married; AT years 2020-2023 with 5, 26, 3 and 30
transactions; WI 3 forms a year; 52 TRT lines; nested interview) plus, in AT: a year record with no
tax year (`/at_records/0`), one with tax year `"20233"` (`/at_records/1`), owner `P` on 2021
(`/at_records/3`), AGI `"$1,000.00"` under `AGI` beside `adjusted_gross_income` 71701.22 on 2022
(`/at_records/4`), and eight transactions appended to 2023 (`/at_records/5/transactions/30` …
`/37`): 290 `"$1,234.50"`, 670 `"(1,500.00)"`, 582 `""`, 670 `"-$500.00"`, 999 `"$25.00"`, 670
`"-1,5O0.00"`, a 670 with no date and a code `"PMT"`. In WI: the 2023 W-2 printed `W2`, the 2020
1099-NEC printed `1099 NEC` (2021's already is), and a `1098-Z` for 2023. Expected values are read
off the payload by hand and typed per DOMAIN 3.1, 3.13 and 6.
"""

from datetime import date
from decimal import Decimal

import asyncpg
import pytest

from medallion.silver.promote import SilverResult, unmapped
from sandbox.data import SOURCES, case_payloads
from tests.silver.helpers import promote, put_payload, rows

SANDBOX_CASE = "907002"


@pytest.fixture
async def promoted(pg_pool: asyncpg.Pool, new_case_id: str) -> SilverResult:
    bodies = case_payloads(SANDBOX_CASE)
    for source in SOURCES:
        body = bodies.body(source)
        assert body is not None, source
        await put_payload(pg_pool, new_case_id, source, body.decode())
    return await promote(pg_pool, new_case_id)


async def test_untypeable_records_are_quarantined_with_their_paths(
    pg_pool: asyncpg.Pool, new_case_id: str, promoted: SilverResult
) -> None:
    quarantined = await rows(
        pg_pool, "silver_quarantine", new_case_id, "source_path", "source, source_path, reason_code"
    )
    assert [(q["source"], q["source_path"], q["reason_code"]) for q in quarantined] == [
        ("at", "/at_records/0", "missing_tax_year"),
        ("at", "/at_records/1", "bad_tax_year"),
        ("at", "/at_records/5/transactions/36", "bad_date"),
        ("at", "/at_records/5/transactions/37", "bad_code"),
    ]
    assert promoted.counts.quarantined == 4


async def test_warnings_by_code(promoted: SilverResult) -> None:
    found = sorted(
        (w.code, w.source, w.tax_year, w.detail.split(":")[0]) for w in promoted.warnings
    )
    assert found == [
        ("alias_conflict", "at", 2022, "/at_records/4"),
        ("bad_amount", "at", 2023, "/at_records/5/transactions/35"),
        ("owner_unrecognised", "at", 2021, "/at_records/3"),
    ]
    alias = next(w for w in promoted.warnings if w.code == "alias_conflict")
    assert "adjusted_gross_income" in alias.detail and "AGI" in alias.detail


async def test_unmapped_code_and_form_are_reported(
    pg_pool: asyncpg.Pool, new_case_id: str, promoted: SilverResult
) -> None:
    async with pg_pool.acquire() as conn:
        assert await unmapped(conn, new_case_id) == (["999"], ["1098-Z"])


async def test_the_good_records_of_the_same_payloads_still_flow(
    pg_pool: asyncpg.Pool, new_case_id: str, promoted: SilverResult
) -> None:
    assert (
        promoted.counts.tax_years,
        promoted.counts.account_activity,
        promoted.counts.income_documents,
        promoted.counts.trt_records,
        promoted.counts.interview_snapshot,
    ) == (4, 5 + 26 + 3 + (30 + 6), 3 + 3 + 3 + 4, 52, 1)
    years = await rows(
        pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, owner, owner_raw, agi"
    )
    assert [tuple(y.values()) for y in years] == [
        (2020, "TP", "TP", Decimal("67324.87")),
        (2021, "TP", "P", Decimal("74432.55")),
        (2022, "TP", "TP", Decimal("71701.22")),  # adjusted_gross_income wins over AGI
        (2023, "TP", "TP", Decimal("81293.70")),
    ]
    async with pg_pool.acquire() as conn:
        per_year = await conn.fetch(
            "SELECT tax_year, count(*) FROM account_activity WHERE case_id = $1"
            " GROUP BY tax_year ORDER BY tax_year",
            new_case_id,
        )
    assert [tuple(r.values()) for r in per_year] == [
        (2020, 5),
        (2021, 26),
        (2022, 3),
        (2023, 36),
    ]


async def test_added_transactions_are_typed_and_the_rejected_ones_are_absent(
    pg_pool: asyncpg.Pool, new_case_id: str, promoted: SilverResult
) -> None:
    async with pg_pool.acquire() as conn:
        added = await conn.fetch(
            "SELECT line_no, irs_transaction_code, activity_date, amount, transaction_type,"
            " rule_matched FROM account_activity"
            " WHERE case_id = $1 AND tax_year = 2023 AND line_no >= 30 ORDER BY line_no",
            new_case_id,
        )
    assert [tuple(r.values()) for r in added] == [
        (30, "290", date(2025, 2, 2), Decimal("1234.50"), "assessment", True),
        (31, "670", date(2025, 2, 9), Decimal("-1500.00"), "payment", True),
        (32, "582", date(2025, 2, 10), None, "lien", True),  # blank → null, not 0
        (33, "670", date(2025, 2, 16), Decimal("-500.00"), "payment", True),
        (34, "999", date(2025, 2, 20), Decimal("25.00"), "unknown", False),
        (35, "670", date(2025, 2, 23), None, "payment", True),  # "-1,5O0.00" → bad_amount
    ]


async def test_wi_form_spellings_and_the_unknown_form(
    pg_pool: asyncpg.Pool, new_case_id: str, promoted: SilverResult
) -> None:
    forms = await rows(
        pg_pool,
        "income_documents",
        new_case_id,
        "line_no",
        "line_no, tax_year, form_type, category, rule_matched, gross_amount, recipient_tin_last4",
    )
    assert [(f["line_no"], f["tax_year"], f["form_type"]) for f in forms] == [
        (0, 2020, "W-2"),
        (1, 2020, "1099-NEC"),  # printed "1099 NEC"
        (2, 2020, "1099-INT"),
        (3, 2021, "W-2"),
        (4, 2021, "1099-NEC"),  # printed "1099 NEC"
        (5, 2021, "1099-INT"),
        (6, 2022, "W-2"),
        (7, 2022, "1099-NEC"),
        (8, 2022, "1099-INT"),
        (9, 2023, "W-2"),  # printed "W2"
        (10, 2023, "1099-NEC"),
        (11, 2023, "1099-INT"),
        (12, 2023, "1098-Z"),
    ]
    unknown = forms[12]
    assert (unknown["category"], unknown["rule_matched"], unknown["gross_amount"]) == (
        "Unknown",
        False,
        Decimal("8423.17"),
    )
    assert all(f["rule_matched"] for f in forms[:12])
    assert {f["recipient_tin_last4"] for f in forms} == {"3795", "8967"}
