"""The promotion's table list, builders, result fields and status keys agree."""

import dataclasses
import datetime
from decimal import Decimal

from medallion.gold.context import GoldContext
from medallion.gold.frequency import PayFrequencies
from medallion.gold.policy import ResolutionPolicy
from medallion.gold.promote import GOLD_TABLES, STATUS_COUNT_TABLES, build_all
from medallion.gold.reference import ReferenceData
from medallion.gold.result import GoldResult
from medallion.gold.silver_inputs import SilverInputs
from medallion.gold.standards import CollectionStandards
from medallion.gold.tax_tables import TaxTables

EMPTY_CASE = GoldContext(
    case_id="1",
    as_of=datetime.date(2024, 6, 30),
    reference=ReferenceData(
        frequencies=PayFrequencies.from_factors([]),
        wi_income_types={},
        collection_standards=CollectionStandards(in_effect=()),
        tax_tables=TaxTables(standard_deductions={}, brackets={}, ss_wage_bases={}),
        aur_codes=frozenset({"922"}),
        resolution_policy=ResolutionPolicy(
            policy_name="default",
            qsv_factor=Decimal("0.80"),
            offer_factor=Decimal("0.90"),
            oic_threshold=Decimal("1.00"),
            offer_type="lump_sum",
            lump_sum_future_income_months=12,
            periodic_future_income_months=24,
        ),
    ),
    silver=SilverInputs(snapshot=None),
)


def test_every_gold_table_is_built_and_every_built_table_is_replaced() -> None:
    assert set(build_all(EMPTY_CASE)) == set(GOLD_TABLES)


def test_the_result_counts_every_gold_table() -> None:
    counted = {f.name for f in dataclasses.fields(GoldResult)} - {"case_id", "warnings"}
    assert counted == set(GOLD_TABLES)


def test_status_keys_count_gold_tables() -> None:
    assert set(STATUS_COUNT_TABLES.values()) <= set(GOLD_TABLES)
    assert "household_members" not in STATUS_COUNT_TABLES  # not in the status report


def test_an_empty_case_builds_no_rows() -> None:
    # Not even resolution options: with no interview and no tax year there is nothing to assess.
    assert all(built.rows == () for built in build_all(EMPTY_CASE).values())
