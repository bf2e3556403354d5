"""The Gold promotion records each build and the changes since the previous one (DOMAIN §7)."""

import datetime
import json
from typing import Any

import asyncpg

from medallion.gold.promote import promote_gold
from tests.gold.helpers import AS_OF, SilverCase, money, new_run_id, promote


async def _owing_year(case: SilverCase, year: int, balance: str) -> None:
    await case.tax_year(year, account_balance=money(balance), return_filed=True)
    await case.activity(year, 0, "150", f"{year + 1}-04-15", balance, "return_filed")


async def _builds(case: SilverCase) -> list[asyncpg.Record]:
    async with case.pool.acquire() as conn:
        return await conn.fetch(
            "SELECT * FROM gold_builds WHERE case_id = $1 ORDER BY build_id", case.case_id
        )


async def _changes(case: SilverCase) -> list[dict[str, Any]]:
    async with case.pool.acquire() as conn:
        rows = await conn.fetch(
            "SELECT * FROM case_changes WHERE case_id = $1 ORDER BY change_id", case.case_id
        )
    return [
        {
            **dict(r),
            **{c: None if r[c] is None else json.loads(r[c]) for c in ("key", "before", "after")},
        }
        for r in rows
    ]


async def test_the_first_build_is_recorded_with_no_change(case: SilverCase) -> None:
    await _owing_year(case, 2021, "800.00")
    result = await promote(case)

    (build,) = await _builds(case)
    assert (result.build_id, build["previous_build_id"]) == (build["build_id"], None)
    assert (result.changes.alert, result.changes.info) == (0, 0)
    assert await _changes(case) == []


async def test_an_unchanged_rebuild_records_a_build_and_no_change(case: SilverCase) -> None:
    await _owing_year(case, 2021, "800.00")
    first = await promote(case)
    second = await promote(case)

    builds = await _builds(case)
    assert [b["previous_build_id"] for b in builds] == [None, first.build_id]
    assert second.build_id == builds[1]["build_id"]
    assert (second.changes.alert, second.changes.info) == (0, 0)
    assert await _changes(case) == []


async def test_a_retried_promotion_of_the_same_run_records_nothing_new(case: SilverCase) -> None:
    await _owing_year(case, 2021, "800.00")
    await promote(case)
    await _owing_year(case, 2022, "450.00")
    run_id = new_run_id()
    first_attempt = await promote(case, run_id=run_id)
    retry = await promote(case, run_id=run_id)

    assert (retry.build_id, retry.changes) == (first_attempt.build_id, first_attempt.changes)
    assert len(await _builds(case)) == 2
    assert [c["kind"] for c in await _changes(case)] == ["year_added"]


async def test_a_change_row_names_both_runs_the_key_and_both_sides(case: SilverCase) -> None:
    await _owing_year(case, 2021, "800.00")
    first_run, second_run = new_run_id(), new_run_id()
    first = await promote(case, run_id=first_run)
    await _owing_year(case, 2022, "450.00")
    second = await promote(case, run_id=second_run)

    (change,) = await _changes(case)
    assert (second.changes.alert, second.changes.info) == (1, 0)
    assert change["build_id"] == second.build_id != first.build_id
    assert (change["run_id"], change["previous_run_id"]) == (second_run, first_run)
    assert (change["kind"], change["severity"], change["tax_year"]) == ("year_added", "alert", 2022)
    assert change["key"] == {"tax_year": 2022, "owner": "TP"}
    assert change["before"] is None
    assert change["after"]["payoff_balance"] == "450.00"
    assert json.loads(change["versions"])["silver_rules"] is not None
    assert change["previous_versions"] == change["versions"]


async def test_income_documents_are_keyed_by_tin_last_4_without_duplicates(
    case: SilverCase,
) -> None:
    await _owing_year(case, 2021, "800.00")
    await promote(case)
    await case.income_document(2021, 0, "W-2", "41000.00")
    await case.income_document(2021, 1, "W-2", "41000.00", duplicate_of_line_no=0)
    async with case.pool.acquire() as conn:
        await conn.execute(
            "UPDATE income_documents SET issuer_tin = '12-3457001', recipient_tin_last4 = '1234'"
            " WHERE case_id = $1",
            case.case_id,
        )
    await promote(case)

    (change,) = [c for c in await _changes(case) if c["kind"].startswith("income_document")]
    assert (change["kind"], change["severity"]) == ("income_document_added", "info")
    assert change["key"] == {
        "tax_year": 2021,
        "form_type": "W-2",
        "issuer_tin_last4": "7001",
        "recipient_tin_last4": "1234",
        "gross_amount": "41000.00",
    }
    (build,) = (await _builds(case))[-1:]
    assert "3457001" not in build["compared"]


async def test_the_balance_alert_threshold_is_read_from_the_policy(case: SilverCase) -> None:
    await _owing_year(case, 2021, "800.00")
    await promote(case)
    async with case.pool.acquire() as conn:
        await conn.execute(
            "UPDATE tax_years SET account_balance = 950.00 WHERE case_id = $1", case.case_id
        )
        transaction = conn.transaction()
        await transaction.start()
        try:
            await conn.execute(
                "UPDATE resolution_policy SET balance_alert_threshold = 200.00"
                " WHERE policy_name = 'default'"
            )
            result = await promote_gold(conn, case.case_id, AS_OF, new_run_id())
        finally:
            await transaction.rollback()  # the seeded policy stays as it was
    assert (result.changes.alert, result.changes.info) == (0, 1)


async def test_a_rebuild_after_new_reference_data_records_the_eligibility_it_moved(
    case: SilverCase,
) -> None:
    await case.snapshot(
        tp_wages=money("1000.00"), exp_taxes=money("500.00"), cash_on_hand=money("11000.00")
    )
    await case.tax_year(2020, account_balance=money("20000.00"))
    await case.assessment(2020, 0, "150", "2021-04-15", "20000.00")
    await promote(case)  # an offer in compromise is open: 17,000 < 20,000 × 1.00
    async with case.pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            await conn.execute(
                "UPDATE resolution_policy SET oic_threshold = 0.80 WHERE policy_name = 'default'"
            )
            result = await promote_gold(conn, case.case_id, AS_OF, new_run_id())
            rows = await conn.fetch(
                "SELECT kind, severity, before, after FROM case_changes WHERE build_id = $1",
                result.build_id,
            )
        finally:
            await transaction.rollback()  # the seeded policy stays as it was

    ((kind, severity, before, after),) = [tuple(r) for r in rows]
    assert (kind, severity) == ("eligibility_changed", "alert")
    assert (json.loads(before)["oic_eligible"], json.loads(after)["oic_eligible"]) == (True, False)


async def test_values_that_move_with_the_as_of_date_alone_are_no_change(
    case: SilverCase,
) -> None:
    await _owing_year(case, 2020, "800.00")
    await case.assessment(2020, 0, "150", "2021-04-15", "800.00")
    await promote(case, as_of=datetime.date(2024, 6, 30))  # CSED 2031-04-15: ACTIVE
    later = await promote(case, as_of=datetime.date(2030, 12, 1))  # EXPIRING_SOON

    (csed_year,) = await case.gold_rows("csed_by_year", "tax_year")
    assert csed_year["csed_status"] == "EXPIRING_SOON"
    assert (later.changes.alert, later.changes.info) == (0, 0)


async def test_a_build_records_the_reference_versions_it_read(case: SilverCase) -> None:
    await _owing_year(case, 2021, "800.00")
    await promote(case)

    (build,) = await _builds(case)
    async with case.pool.acquire() as conn:
        tax_tables = await conn.fetchval(
            "SELECT max(version_id) FROM reference_versions WHERE kind = 'tax_tables'"
        )
    recorded = json.loads(build["reference_versions"])
    assert recorded["tax_tables"] == tax_tables
    assert "silver_rules" in recorded
