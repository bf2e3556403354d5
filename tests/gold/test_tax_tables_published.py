"""The shipped tax tables (Tax-Calculator 6.8.5, DOMAIN 3.14) give the IRS figures checked
independently in issue 18, and stop at the last year Tax-Calculator publishes."""

from decimal import Decimal

import asyncpg
import pytest

# (year, filing status) → standard deduction, as the IRS published it.
STANDARD_DEDUCTIONS = {
    (2018, "SINGLE"): 12000,
    (2018, "MFJ"): 24000,
    (2018, "HOH"): 18000,
    (2020, "SINGLE"): 12400,
    (2020, "MFJ"): 24800,
    (2020, "HOH"): 18650,
    # after the 2025 law
    (2025, "SINGLE"): 15750,
    (2025, "MFJ"): 31500,
    (2025, "HOH"): 23625,
    (2026, "SINGLE"): 16100,
    (2026, "MFJ"): 32200,
    (2026, "HOH"): 24150,
}


@pytest.mark.parametrize(("year_status", "amount"), STANDARD_DEDUCTIONS.items())
async def test_standard_deduction_is_the_published_figure(
    pg_pool: asyncpg.Pool, year_status: tuple[int, str], amount: int
) -> None:
    year, status = year_status
    found = await pg_pool.fetchval(
        "SELECT amount FROM standard_deductions WHERE year = $1 AND filing_status = $2",
        year,
        status,
    )
    assert found == Decimal(amount)


async def test_qualifying_surviving_spouse_takes_the_joint_figures(pg_pool: asyncpg.Pool) -> None:
    rows = await pg_pool.fetch(
        "SELECT year, filing_status, amount FROM standard_deductions"
        " WHERE filing_status IN ('MFJ', 'QSS')"
    )
    by_year: dict[int, set[Decimal]] = {}
    for r in rows:
        by_year.setdefault(r["year"], set()).add(r["amount"])
    assert all(len(amounts) == 1 for amounts in by_year.values())


@pytest.mark.parametrize(
    ("year", "status", "rate", "starts_over"),
    [
        (2020, "MFJ", "0.22", 80250),
        (2020, "MFJ", "0.37", 622050),
        (2025, "SINGLE", "0.37", 626350),
    ],
)
async def test_bracket_starts_at_the_published_bound(
    pg_pool: asyncpg.Pool, year: int, status: str, rate: str, starts_over: int
) -> None:
    found = await pg_pool.fetchval(
        "SELECT income_min FROM tax_brackets WHERE year = $1 AND filing_status = $2 AND rate = $3",
        year,
        status,
        Decimal(rate),
    )
    assert found == Decimal(starts_over)


async def test_the_top_bracket_is_open(pg_pool: asyncpg.Pool) -> None:
    # Tax-Calculator's 9e99 sentinel bound means no upper bound.
    top = await pg_pool.fetchrow(
        "SELECT income_max, rate FROM tax_brackets WHERE year = 2025 AND filing_status = 'SINGLE'"
        " ORDER BY income_min DESC LIMIT 1"
    )
    assert top is not None
    assert (top["income_max"], top["rate"]) == (None, Decimal("0.37"))


@pytest.mark.parametrize(("year", "amount"), [(2018, 128400), (2025, 176100), (2026, 184500)])
async def test_wage_base_is_the_published_figure(
    pg_pool: asyncpg.Pool, year: int, amount: int
) -> None:
    found = await pg_pool.fetchval("SELECT amount FROM ss_wage_base WHERE year = $1", year)
    assert found == Decimal(amount)


async def test_no_projected_year_is_shipped(pg_pool: asyncpg.Pool) -> None:
    # Tax-Calculator lists 2013–2026 (its LAST_KNOWN_YEAR); 2027 on would be its projection.
    years = await pg_pool.fetch("SELECT DISTINCT year FROM standard_deductions ORDER BY year")
    assert [r["year"] for r in years] == list(range(2013, 2027))


async def test_rates_carry_forward_from_the_last_listed_year(pg_pool: asyncpg.Pool) -> None:
    # Tax-Calculator lists the rates for 2022 and 2026 only; 2023–2025 take the 2022 rates.
    rates = await pg_pool.fetch(
        "SELECT rate FROM tax_brackets WHERE year = 2024 AND filing_status = 'SINGLE'"
        " ORDER BY income_min"
    )
    assert [r["rate"] for r in rates] == [
        Decimal(r) for r in ("0.10", "0.12", "0.22", "0.24", "0.32", "0.35", "0.37")
    ]
