"""The reference rows Gold computes with (DOMAIN 3.14, 4.1, 4.11), checked against the
published figures written out here."""

from decimal import Decimal

import asyncpg

from medallion.gold.frequency import load_pay_frequencies

FILING_STATUSES = {"SINGLE", "MFJ", "MFS", "HOH", "QSS"}
# Tax-Calculator 6.8.5 publishes 2013 to 2026 (docs/reference-data.md).
SEEDED_YEARS = set(range(2013, 2027))


async def test_every_seeded_year_has_all_five_filing_statuses(pg_pool: asyncpg.Pool) -> None:
    for table in ("standard_deductions", "tax_brackets"):
        rows = await pg_pool.fetch(f"SELECT DISTINCT year, filing_status FROM {table}")
        assert {(r["year"], r["filing_status"]) for r in rows} == {
            (year, status) for year in SEEDED_YEARS for status in FILING_STATUSES
        }, table


async def test_standard_deductions_match_the_check_values(pg_pool: asyncpg.Pool) -> None:
    rows = await pg_pool.fetch("SELECT year, filing_status, amount FROM standard_deductions")
    amounts = {(r["year"], r["filing_status"]): r["amount"] for r in rows}
    # (single and MFS, MFJ and QSS, HOH) per year
    expected = {
        2021: (12550, 25100, 18800),
        2022: (12950, 25900, 19400),
        2023: (13850, 27700, 20800),
        2024: (14600, 29200, 21900),
    }
    for year, (single, joint, head) in expected.items():
        assert amounts[(year, "SINGLE")] == amounts[(year, "MFS")] == Decimal(single)
        assert amounts[(year, "MFJ")] == amounts[(year, "QSS")] == Decimal(joint)
        assert amounts[(year, "HOH")] == Decimal(head)


async def test_2023_joint_brackets_match_the_check_values(pg_pool: asyncpg.Pool) -> None:
    for status in ("MFJ", "QSS"):
        rows = await pg_pool.fetch(
            "SELECT income_min, income_max, rate FROM tax_brackets"
            " WHERE year = 2023 AND filing_status = $1 ORDER BY income_min",
            status,
        )
        assert [(r["income_min"], r["income_max"], r["rate"]) for r in rows] == [
            (Decimal(0), Decimal(22000), Decimal("0.10")),
            (Decimal(22000), Decimal(89450), Decimal("0.12")),  # not the 89,050 once used
            (Decimal(89450), Decimal(190750), Decimal("0.22")),
            (Decimal(190750), Decimal(364200), Decimal("0.24")),
            (Decimal(364200), Decimal(462500), Decimal("0.32")),
            (Decimal(462500), Decimal(693750), Decimal("0.35")),
            (Decimal(693750), None, Decimal("0.37")),
        ]


async def test_brackets_of_each_year_and_status_are_contiguous(pg_pool: asyncpg.Pool) -> None:
    gaps = await pg_pool.fetch(
        """
        SELECT year, filing_status, income_min, prev_max FROM (
            SELECT year, filing_status, income_min,
                   lag(income_max) OVER (PARTITION BY year, filing_status
                                         ORDER BY income_min) AS prev_max,
                   row_number() OVER (PARTITION BY year, filing_status
                                      ORDER BY income_min) AS n
              FROM tax_brackets) b
         WHERE (n = 1 AND income_min <> 0) OR (n > 1 AND prev_max IS DISTINCT FROM income_min)
        """
    )
    assert gaps == []
    open_tops = await pg_pool.fetchval("SELECT count(*) FROM tax_brackets WHERE income_max IS NULL")
    assert open_tops == len(SEEDED_YEARS) * len(FILING_STATUSES)


async def test_ss_wage_base_matches_the_check_values(pg_pool: asyncpg.Pool) -> None:
    rows = await pg_pool.fetch(
        "SELECT year, amount FROM ss_wage_base WHERE year BETWEEN 2021 AND 2024"
    )
    assert {r["year"]: r["amount"] for r in rows} == {
        2021: Decimal(142800),
        2022: Decimal(147000),
        2023: Decimal(160200),
        2024: Decimal(168600),
    }


async def test_resolution_policy_defaults(pg_pool: asyncpg.Pool) -> None:
    row = await pg_pool.fetchrow("SELECT * FROM resolution_policy WHERE policy_name = 'default'")
    assert row is not None
    assert (row["qsv_factor"], row["offer_factor"], row["oic_threshold"]) == (
        Decimal("0.80"),
        Decimal("0.90"),
        Decimal("1.00"),
    )
    assert row["offer_type"] == "lump_sum"
    assert (row["lump_sum_future_income_months"], row["periodic_future_income_months"]) == (12, 24)


async def test_frequency_spellings_are_matched_ignoring_case_and_spaces(
    pg_pool: asyncpg.Pool,
) -> None:
    async with pg_pool.acquire() as conn:
        frequencies = await load_pay_frequencies(conn)
    assert frequencies.normalise(" Bi-Weekly ") == "biweekly"
    assert frequencies.normalise("Every  Other Week") == "biweekly"
    assert frequencies.normalise("TWICE A MONTH") == "semimonthly"
    assert frequencies.normalise("Yearly") == "annual"
    assert frequencies.normalise("fortnightly") is None
    assert frequencies.normalise(None) is None


async def test_monthly_amounts_use_periods_per_year_over_twelve(pg_pool: asyncpg.Pool) -> None:
    async with pg_pool.acquire() as conn:
        frequencies = await load_pay_frequencies(conn)
    thousand = Decimal(1000)
    # 1,000 × 26 / 12 = 2,166.666…; the inherited factor 2.17 would give 2,170.00
    assert frequencies.to_monthly(thousand, "biweekly").quantize(Decimal("0.01")) == Decimal(
        "2166.67"
    )
    # 1,000 × 52 / 12 = 4,333.333…; the inherited 4.33 would give 4,330.00
    assert frequencies.to_monthly(thousand, "weekly").quantize(Decimal("0.01")) == Decimal(
        "4333.33"
    )
    assert frequencies.to_monthly(thousand, "semimonthly") == Decimal(2000)
    assert frequencies.to_monthly(thousand, "monthly") == thousand
    # 1,200 × 4 / 12 = 400 and 1,200 × 1 / 12 = 100, exactly
    assert frequencies.to_monthly(Decimal(1200), "quarterly") == Decimal(400)
    assert frequencies.to_monthly(Decimal(1200), "annual") == Decimal(100)
