"""The promotion's table list, builders, result fields and status keys agree."""

import dataclasses
import datetime
from decimal import Decimal

from medallion.gold.context import GoldContext
from medallion.gold.counts import GoldCounts
from medallion.gold.frequency import PayFrequencies
from medallion.gold.policy import ResolutionPolicy
from medallion.gold.promote import build_all
from medallion.gold.reference import ReferenceData
from medallion.gold.silver_inputs import SilverInputs
from medallion.gold.standards import CollectionStandards
from medallion.gold.tables import GOLD_TABLES
from medallion.gold.tax_tables import TaxTables

EMPTY_CASE = GoldContext(
    case_id="1",
    as_of=datetime.date(2024, 6, 30),
    reference=ReferenceData(
        frequencies=PayFrequencies.from_factors([]),
        wi_income_types={},
        collection_standards=CollectionStandards(
            as_of=datetime.date(2024, 6, 30), versions={}, state=None
        ),
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
        versions={},
    ),
    silver=SilverInputs(snapshot=None),
)


def test_every_gold_table_is_built_and_every_built_table_is_replaced() -> None:
    assert set(build_all(EMPTY_CASE)) == {t.name for t in GOLD_TABLES}


def test_the_counts_count_every_gold_table_once() -> None:
    counted = [t.count for t in GOLD_TABLES]
    assert sorted(counted) == sorted(f.name for f in dataclasses.fields(GoldCounts))


def test_an_empty_case_builds_no_rows() -> None:
    # Not even resolution options: with no interview and no tax year there is nothing to assess.
    assert all(built.rows == () for built in build_all(EMPTY_CASE).values())
