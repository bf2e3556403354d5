"""CSED tolling events paired with the seeded csed_calculation_rules (DOMAIN 3.6)."""

from datetime import date
from decimal import Decimal

import pytest_asyncio

from medallion.silver.at import build_at
from medallion.silver.rules import RuleSet, load_rules
from medallion.silver.tolling import build_tolling_events
from tests.silver.fixtures import BRONZE_ID, MAX_YEAR, issues, payload
from tests.silver.helpers import promote, put_payload, rows


@pytest_asyncio.fixture
async def seeded(pg_pool) -> RuleSet:
    async with pg_pool.acquire() as conn:
        return await load_rules(conn)


def events(rules, *transactions, tax_year=2021):
    document = {
        "at_records": [
            {
                "tax_year": tax_year,
                "transactions": [
                    {"code": code, "date": day, "amount": amount, "explanation": explanation}
                    for code, day, amount, explanation in transactions
                ],
            }
        ]
    }
    years = build_at(payload("at", document), rules, max_year=MAX_YEAR, issues=issues("at")).years
    return build_tolling_events(years, rules.tolling, BRONZE_ID)


def summary(found):
    return [
        (
            e.event_type,
            e.start_code,
            e.start_date,
            e.end_code,
            e.end_date,
            e.is_open,
            e.interval_days,
            e.additional_toll_days,
            e.total_toll_days,
        )
        for e in found
    ]


async def test_assessments_need_a_non_zero_amount(seeded):
    found = events(
        seeded,
        ("150", "2022-05-16", "4012.00", None),
        ("290", "2022-08-01", "0.00", "Additional tax, hold released"),
        ("300", "2023-02-01", "500", None),
        ("806", "2022-04-15", "-100", None),
    )
    assert [(e.event_type, e.start_code, e.start_date, e.assessed_amount) for e in found] == [
        ("assessment", "150", date(2022, 5, 16), Decimal("4012.00")),
        ("assessment", "300", date(2023, 2, 1), Decimal("500.00")),
    ]
    assert all(not e.is_open and e.total_toll_days is None for e in found)


async def test_bankruptcy_adds_six_calendar_months_after_its_end(seeded):
    found = events(seeded, ("520", "2023-01-10", 0, None), ("521", "2023-03-31", 0, None))
    assert summary(found) == [
        ("bankruptcy", "520", date(2023, 1, 10), "521", date(2023, 3, 31), False, 80, 183, 263)
    ]
    later = events(seeded, ("520", "2023-08-01", 0, None), ("521", "2023-08-31", 0, None))
    assert summary(later)[0][6:] == (30, 182, 212)


async def test_oic_end_decides_category_and_extra_days(seeded):
    assert summary(
        events(seeded, ("480", "2021-01-01", 0, None), ("481", "2021-03-01", 0, None))
    ) == [("oic_pending", "480", date(2021, 1, 1), "481", date(2021, 3, 1), False, 59, 30, 89)]
    withdrawn = events(seeded, ("480", "2021-01-01", 0, None), ("482", "2021-03-01", 0, None))
    assert summary(withdrawn)[0][0] == "oic_withdrawn" and summary(withdrawn)[0][7] == 0
    accepted = events(seeded, ("480", "2021-01-01", 0, None), ("780", "2021-03-01", 0, None))
    assert summary(accepted)[0][0] == "oic_accepted" and summary(accepted)[0][7] == 0


async def test_483_deletes_the_interval_and_an_unended_480_stays_open(seeded):
    assert events(seeded, ("480", "2021-01-01", 0, None), ("483", "2021-02-01", 0, None)) == ()
    assert summary(events(seeded, ("480", "2021-01-01", 0, None))) == [
        ("oic_pending", "480", date(2021, 1, 1), None, None, True, None, None, None)
    ]


async def test_an_end_closes_every_open_start_it_matches(seeded):
    found = events(
        seeded,
        ("480", "2021-01-01", 0, None),
        ("480", "2021-02-01", 0, None),
        ("481", "2021-03-01", 0, None),
    )
    assert [(e.start_date, e.end_date, e.total_toll_days) for e in found] == [
        (date(2021, 1, 1), date(2021, 3, 1), 89),
        (date(2021, 2, 1), date(2021, 3, 1), 58),
    ]


async def test_same_day_end_before_the_start_does_not_close_it(seeded):
    found = events(seeded, ("521", "2021-05-01", 0, None), ("520", "2021-05-01", 0, None))
    assert summary(found) == [
        ("bankruptcy", "520", date(2021, 5, 1), None, None, True, None, None, None)
    ]


async def test_cdp_hearing_interval_from_971_explanations(seeded):
    found = events(
        seeded,
        ("971", "2022-01-01", 0, "Collection due process hearing requested"),
        ("971", "2022-04-01", 0, "CDP hearing closed - determination issued"),
        ("971", "2022-05-01", 0, "Issued notice of intent to levy / CDP rights"),
    )
    assert summary(found) == [
        ("cdp", "971", date(2022, 1, 1), "971", date(2022, 4, 1), False, 90, 0, 90)
    ]


async def test_installment_agreement_ends(seeded):
    terminated = events(
        seeded,
        ("971", "2022-01-01", 0, "Installment agreement pending"),
        ("971", "2022-03-02", 0, "Installment agreement terminated"),
    )
    assert summary(terminated) == [
        (
            "installment_agreement",
            "971",
            date(2022, 1, 1),
            "971",
            date(2022, 3, 2),
            False,
            60,
            30,
            90,
        )
    ]
    established = events(
        seeded,
        ("971", "2022-01-01", 0, "Installment agreement pending"),
        ("971", "2022-03-02", 0, "Installment agreement established"),
    )
    assert summary(established)[0][6:] == (60, 0, 60)


async def test_termination_without_a_start_is_zero_days_plus_thirty(seeded):
    found = events(seeded, ("971", "2023-02-01", 0, "Installment agreement terminated (default)"))
    assert summary(found) == [
        ("installment_agreement", None, date(2023, 2, 1), "971", date(2023, 2, 1), False, 0, 30, 30)
    ]


async def test_972_reverses_only_the_latest_971_interval(seeded):
    found = events(
        seeded,
        ("971", "2022-01-01", 0, "CDP hearing requested"),
        ("971", "2022-06-01", 0, "Installment agreement pending"),
        ("972", "2022-07-01", 0, "Reversal"),
    )
    assert summary(found) == [
        ("cdp", "971", date(2022, 1, 1), None, None, True, None, None, None),
        (
            "installment_agreement",
            "971",
            date(2022, 6, 1),
            "972",
            date(2022, 7, 1),
            False,
            30,
            0,
            30,
        ),
    ]
    assert found[1].rule_id == "reversal_972"


async def test_penalties_and_examinations_never_toll(seeded):
    found = events(
        seeded,
        ("196", "2022-01-01", 10, None),
        ("276", "2022-01-01", 10, None),
        ("420", "2022-02-01", 0, None),
        ("421", "2022-05-01", 0, None),
    )
    assert found == ()


async def test_promotion_writes_transcript_events_and_copies_manual_ones(pg_pool, new_case_id):
    document = {
        "at_records": [
            {
                "tax_year": 2020,
                "transactions": [
                    {"code": "150", "date": "2021-05-17", "amount": 900},
                    {"code": "520", "date": "2022-01-10", "amount": 0},
                ],
            }
        ]
    }
    await put_payload(pg_pool, new_case_id, "at", document)
    async with pg_pool.acquire() as conn:
        await conn.execute(
            """
            INSERT INTO csed_manual_events (case_id, tax_year, owner, event_type, start_date,
                end_date, is_open, interval_days, additional_toll_days, total_toll_days, entered_by)
            VALUES ($1, 2020, 'TP', 'military_service', '2022-03-01', '2022-05-30', false,
                    90, 0, 90, 'analyst')
            """,
            new_case_id,
        )
    result = await promote(pg_pool, new_case_id)
    assert result.counts.csed_tolling_events == 3
    found = await rows(
        pg_pool,
        "csed_tolling_events",
        new_case_id,
        "origin DESC, event_no",
        "origin, event_no, event_type, is_open, total_toll_days, source_path,"
        " bronze_id IS NULL AS manual",
    )
    assert [tuple(r.values()) for r in found] == [
        ("transcript", 0, "assessment", False, None, "/at_records/0/transactions/0", False),
        ("transcript", 1, "bankruptcy", True, None, "/at_records/0/transactions/1", False),
        ("manual", 0, "military_service", False, 90, found[2]["source_path"], True),
    ]
    assert found[2]["source_path"].startswith("csed_manual_events/")
    await promote(pg_pool, new_case_id)
    assert len(await rows(pg_pool, "csed_tolling_events", new_case_id, "event_no")) == 3
