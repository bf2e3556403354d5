"""The Gold promotion as a whole: replace-per-case, idempotence, counts, lineage."""

import datetime

from medallion.cases.queries import bronze_stats_and_layers
from medallion.gold.counts import GoldCounts
from medallion.gold.promote import gold_counts
from medallion.sources.names import SOURCES
from tests.gold.helpers import AS_OF, SilverCase, money, promote, warnings_with
from tests.support.case_ids import fresh_case_id

TABLES = {
    "employment_information": "person_type",
    "tax_projections": "tax_year, scope",
    "financial_accounts": "account_no",
    "vehicles": "vehicle_no",
    "household_information": "case_id",
    "household_members": "member_no",
    "income_sources": "source, period, person_type, income_type",
    "year_balances": "tax_year, owner",
    "csed_by_year": "tax_year, owner",
    "tax_year_flags": "tax_year, owner",
    "resolution_options": "case_id",
}


async def _full_case(case: SilverCase) -> None:
    await case.snapshot(
        tp_employer="Acme Tools",
        tp_gross_income=money("52400.00"),
        tp_wages=money("4366.67"),
        sp_occupation="Nurse",
        spouse_name="Pat Example",
        rental_gross=money("900.00"),
        cash_on_hand=money("150.00"),
        vehicle1_value=money("8000.00"),
    )
    await case.income_document(2023, 0, "W-2", "52400.00")
    await case.income_document(
        2023, 1, "1099-NEC", "3000.00", self_employment=True, person_type="spouse"
    )
    await case.tax_year(2023, account_balance=money("500.00"), filing_status="MFJ")
    await case.activity(2023, 0, "150", "2024-04-15", "500.00", "return_filed")


async def _snapshot_of_gold(case: SilverCase) -> dict[str, list[dict[str, object]]]:
    tables = {}
    for table, order_by in TABLES.items():
        rows = await case.gold_rows(table, order_by)
        tables[table] = [{k: v for k, v in r.items() if k != "computed_at"} for r in rows]
    return tables


async def test_promoting_twice_stores_identical_rows(case: SilverCase) -> None:
    await _full_case(case)
    first = await promote(case)
    rows_after_first = await _snapshot_of_gold(case)
    second = await promote(case)

    assert await _snapshot_of_gold(case) == rows_after_first
    assert (first.counts, first.warnings) == (second.counts, second.warnings)
    assert first.counts.employment == 2
    assert first.counts.household == 1
    assert first.counts.household_members == 2
    # interview: taxpayer wages, rental_net; wi 2023: taxpayer wages, spouse self_employment
    assert first.counts.income_sources == 4
    assert first.counts.year_balances == 1
    assert (first.counts.financial_accounts, first.counts.vehicles) == (1, 1)
    assert first.counts.tax_projections == 1  # 2023, joint
    # csed_by_assessment comes from Silver's csed_tolling_events, which this case has none of
    assert (
        first.counts.csed_by_year,
        first.counts.tax_year_flags,
        first.counts.resolution_options,
    ) == (1, 1, 1)


async def test_a_rebuild_drops_rows_whose_silver_rows_are_gone(case: SilverCase) -> None:
    await _full_case(case)
    await promote(case)
    async with case.pool.acquire() as conn:
        await conn.execute("DELETE FROM income_documents WHERE case_id = $1", case.case_id)
    await promote(case)

    income = await case.gold_rows("income_sources", "source")
    assert {r["source"] for r in income} == {"interview"}


async def test_every_row_carries_the_as_of_date_and_its_lineage(case: SilverCase) -> None:
    await _full_case(case)
    as_of = datetime.date(2025, 1, 31)
    await promote(case, as_of)

    for table, order_by in TABLES.items():
        for row in await case.gold_rows(table, order_by):
            assert row["as_of_date"] == as_of, table
            assert row["source_bronze_ids"], table
            assert set(row["source_bronze_ids"]) <= set(case.bronze_ids.values()), table


async def test_without_an_interview_only_wi_and_at_figures_are_built(case: SilverCase) -> None:
    await case.income_document(2023, 0, "W-2", "1200.00")
    await case.tax_year(2023, account_balance=money("0.00"))
    result = await promote(case)

    assert (result.counts.employment, result.counts.household) == (0, 0)
    assert result.counts.income_sources == 1
    assert result.counts.year_balances == 1
    assert len(warnings_with(result, "no_interview")) == 1


async def test_gold_counts_use_the_status_report_keys(case: SilverCase) -> None:
    await _full_case(case)
    await promote(case)

    async with case.pool.acquire() as conn:
        counts = await gold_counts(conn, case.case_id)
        # The status report's read.
        _, layers = await bronze_stats_and_layers(conn, case.case_id, SOURCES, None)
    assert layers.gold == counts
    assert counts == GoldCounts(
        employment=2,
        household=1,
        household_members=2,
        income_sources=4,
        financial_accounts=1,
        vehicles=1,
        year_balances=1,
        csed_by_year=1,
        tax_projections=1,
        tax_year_flags=1,
        resolution_options=1,
    )


async def test_a_promotion_touches_only_its_own_case(case: SilverCase) -> None:
    other = await SilverCase.create(case.pool, fresh_case_id())
    await _full_case(case)
    await _full_case(other)
    await promote(other)
    other_rows = await _snapshot_of_gold(other)

    await promote(case)
    async with case.pool.acquire() as conn:
        await conn.execute("DELETE FROM tax_years WHERE case_id = $1", case.case_id)
    await promote(case)

    assert await case.gold_rows("year_balances", "tax_year") == []
    assert await _snapshot_of_gold(other) == other_rows


async def test_every_date_rule_reads_today_from_the_as_of_date(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("1000.00"), taxpayer_dob=datetime.date(1960, 3, 1))
    await case.tax_year(2020, account_balance=money("5000.00"))
    await case.assessment(2020, 0, "150", "2021-04-15", "5000.00")  # CSED 2031-04-15
    await case.activity(
        2020,
        0,
        "971",
        "2023-08-01",
        "0.00",
        "collection_notice",
        affects_balance=False,
        collection_action=True,
    )

    async def figures(as_of: datetime.date) -> tuple[object, ...]:
        await promote(case, as_of)
        [assessment] = await case.gold_rows("csed_by_assessment", "assessment_no")
        [balance] = await case.gold_rows("year_balances", "tax_year")
        [options] = await case.gold_rows("resolution_options", "case_id")
        [member] = await case.gold_rows("household_members", "member_no")
        return (
            assessment["days_remaining"],
            options["months_until_csed"],
            balance["collection_action_last_365d"],
            member["age"],
            options["as_of_date"],
        )

    # As of 2024-06-30: 2024-06-30 → 2031-06-30 = 7 × 365 + 1 (2028-02-29) = 2,556 days, less
    # the 76 from 2031-04-15 to 2031-06-30 = 2,480; months 12 × 7 − 2 = 82, less 1 (15 < 30)
    # = 81; the window 2023-07-02 … 2024-06-30 holds 2023-08-01; age 64.
    assert await figures(AS_OF) == (2480, 81, True, 64, AS_OF)
    # As of 2025-03-01: 244 days later, 2,236; 12 × 6 + 1 = 73 months (15 ≥ 1); the window
    # starts 2024-03-02, after the notice; 65 on the birthday itself.
    later = datetime.date(2025, 3, 1)
    assert await figures(later) == (2236, 73, False, 65, later)
