"""The Silver schema is the contract (hazard 13) and the rule seeds carry the corrections of
DOMAIN 3.2, 3.5, 3.6 and 3.8 (hazard 18)."""

import pytest

from medallion.silver.interview_fields import INTERVIEW_FIELDS, snapshot_columns
from medallion.silver.rules import load_rules

LINEAGE = ["bronze_id", "source_path", "rules_version"]


async def columns_of(pg_pool, table):
    async with pg_pool.acquire() as conn:
        found = await conn.fetch(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = $1 ORDER BY ordinal_position",
            table,
        )
    return [r["column_name"] for r in found]


async def test_interview_snapshot_columns_are_the_field_map(pg_pool):
    assert await columns_of(pg_pool, "interview_snapshot") == [
        "case_id",
        "interview_layout",
        "unmapped_keys",
        *snapshot_columns(),
        *LINEAGE,
    ]


@pytest.mark.parametrize(
    ("table", "business_columns"),
    [
        (
            "account_activity",
            [
                "tax_year",
                "owner",
                "line_no",
                "irs_transaction_code",
                "activity_date",
                "amount",
                "amount_sign_inferred",
                "explanation",
                "balance_after",
                "transaction_type",
                "affects_balance",
                "affects_csed",
                "starts_csed",
                "csed_toll_days",
                "indicates_collection_action",
                "balance_sign",
                "rule_matched",
            ],
        ),
        (
            "trt_records",
            [
                "line_no",
                "tax_year",
                "response_date",
                "form_number",
                "tax_period_ending",
                "primary_ssn_last4",
                "spouse_ssn_last4",
                "record_type",
                "category",
                "sub_category",
                "line_number",
                "description",
                "raw_value",
                "numeric_value",
                "value_kind",
            ],
        ),
        ("interview_bank_accounts", ["line_no", "account_type", "institution_name", "balance"]),
        ("interview_other_expenses", ["line_no", "name", "amount"]),
    ],
)
async def test_silver_tables_have_the_documented_columns(pg_pool, table, business_columns):
    assert await columns_of(pg_pool, table) == ["case_id", *business_columns, *LINEAGE]


async def test_cell_map_seed_matches_the_field_map(pg_pool):
    async with pg_pool.acquire() as conn:
        seeded = {
            r["column_name"]: r["cell"]
            for r in await conn.fetch("SELECT * FROM interview_cell_map")
        }
    assert seeded == {f.column: f.cell for f in INTERVIEW_FIELDS if f.cell}
    assert seeded["tp_monthly_income"] == "AL7"
    assert seeded["std_food_clothing_misc_total"] == "C61_IRS"


@pytest.mark.parametrize(
    (
        "code",
        "transaction_type",
        "affects_balance",
        "affects_csed",
        "starts_csed",
        "collection",
        "sign",
    ),
    [
        ("150", "return_filed", True, True, True, False, 1),
        ("160", "penalty", True, False, False, False, 1),
        ("196", "interest", True, False, False, False, 1),
        ("276", "penalty", True, False, False, False, 1),
        ("290", "assessment", True, True, True, False, 1),
        ("300", "assessment", True, True, True, False, 1),
        ("360", "fee", True, False, False, False, 1),
        ("420", "examination", False, False, False, False, 0),
        ("424", "examination", False, False, False, False, 0),
        ("481", "oic", False, True, False, False, 0),
        ("483", "oic", False, True, False, False, 0),
        ("521", "bankruptcy", False, True, False, False, 0),
        ("570", "pending", False, False, False, False, 0),
        ("582", "lien", False, False, False, True, 0),
        ("583", "lien", False, False, False, False, 0),
        ("610", "payment", True, False, False, False, -1),
        ("780", "oic", False, True, False, False, 0),
        ("806", "withholding", True, False, False, False, -1),
        ("826", "transfer", True, False, False, False, 1),
        ("971", "collection_notice", False, True, False, True, 0),
        ("972", "collection_notice", False, True, False, False, 0),
        ("973", "levy_notice", False, False, False, True, 0),
        ("977", "amended_return", False, False, False, False, 0),
    ],
)
async def test_transaction_rules_carry_the_corrected_seed(
    pg_pool, code, transaction_type, affects_balance, affects_csed, starts_csed, collection, sign
):
    async with pg_pool.acquire() as conn:
        rules = await load_rules(conn)
    rule = rules.transactions[code]
    assert (
        rule.transaction_type,
        rule.affects_balance,
        rule.affects_csed,
        rule.starts_csed,
        rule.indicates_collection_action,
        rule.balance_sign,
        rule.csed_toll_days,
    ) == (transaction_type, affects_balance, affects_csed, starts_csed, collection, sign, 0)


async def test_unverified_code_430_is_not_seeded_and_no_code_tolls(pg_pool):
    async with pg_pool.acquire() as conn:
        rules = await load_rules(conn)
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM at_transaction_rules WHERE csed_toll_days <> 0"
            )
            == 0
        )
    assert "430" not in rules.transactions
    assert len(rules.transactions) == 38
    assert rules.version == "2025.1"


async def test_form_rules_seed(pg_pool):
    async with pg_pool.acquire() as conn:
        rules = await load_rules(conn)
    assert len(rules.forms) == 22
    w2 = rules.forms["W-2"]
    assert (w2.category, w2.is_self_employment, w2.include_in_projection) == ("Non-SE", False, True)
    assert w2.income_fields == ("Wages, tips, and other compensation",)
    assert w2.withholding_fields == ("Federal income tax withheld",)
    assert (
        rules.forms["1099-NEC"].is_self_employment
        and rules.forms["1099-NEC"].affects_resolution_options
    )
    assert rules.forms["1099-B"].category == "Neither"
    assert rules.forms["W-2C"].income_fields == ()
    assert {code for code, rule in rules.forms.items() if rule.is_self_employment} == {
        "1099-NEC",
        "1099-MISC",
        "1099-K",
        "1099-PATR",
    }


async def test_csed_rules_pair_starts_with_ends(pg_pool):
    async with pg_pool.acquire() as conn:
        found = await conn.fetch(
            """
            SELECT rule_id, start_codes, end_code, end_action, additional_toll_days,
                   additional_toll_months
              FROM csed_calculation_rules WHERE active ORDER BY rule_id
            """
        )
    assert [tuple(r) for r in found] == [
        ("bankruptcy", ["520"], "521", "close", 0, 6),
        ("base_csed", ["150", "290", "300"], None, None, 0, 0),
        ("cdp", ["971"], "971", "close", 0, 0),
        ("installment_agreement_ended", ["971"], "971", "close", 30, 0),
        ("installment_agreement_established", ["971"], "971", "close", 0, 0),
        ("oic_accepted", ["480"], "780", "close", 0, 0),
        ("oic_correction", ["480"], "483", "cancel", 0, 0),
        ("oic_pending", ["480"], "481", "close", 30, 0),
        ("oic_withdrawn", ["480"], "482", "close", 0, 0),
        ("reversal_972", ["971"], "972", "reverse", 0, 0),
    ]


async def test_csed_patterns_work_in_postgres(pg_pool):
    async with pg_pool.acquire() as conn:
        matches = await conn.fetchval(
            """
            SELECT array_agg(rule_id ORDER BY rule_id) FROM csed_calculation_rules
             WHERE $1 ~* start_explanation_pattern
            """,
            "Collection due process hearing requested",
        )
        assert matches == ["cdp"]
        assert not await conn.fetchval(
            "SELECT $1 ~* start_explanation_pattern FROM csed_calculation_rules"
            " WHERE rule_id = 'cdp'",
            "Notice of intent to levy / CDP rights",
        )


async def test_status_definitions_are_the_eight_business_statuses(pg_pool):
    async with pg_pool.acquire() as conn:
        found = await conn.fetch(
            "SELECT code, cardinality(next_actions) AS n"
            " FROM status_definitions ORDER BY sort_order"
        )
    assert [r["code"] for r in found] == [
        "NEW",
        "PROCESSING",
        "READY",
        "REVIEW",
        "PENDING",
        "COMPLETE",
        "ON_HOLD",
        "CLOSED",
    ]
    assert all(r["n"] >= 1 for r in found)


async def test_rules_of_a_version_are_read_once_per_process(pg_pool):
    async with pg_pool.acquire() as first, pg_pool.acquire() as second:
        assert await load_rules(first) is await load_rules(second)
