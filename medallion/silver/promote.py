"""The Silver promotion of one case: current Bronze payloads → typed Silver rows, one transaction.

Reads only the current payload of each source (view ``bronze_current``), replaces the case's
Silver rows set-based, and reports counts and warnings. Running it twice gives the same rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

from medallion.platform.db import Connection
from medallion.silver.build import SilverBuild, build_silver
from medallion.silver.counts import SilverCounts
from medallion.silver.result import SilverResult
from medallion.silver.rules import load_rules
from medallion.silver.store import (
    LOCK_CASE_SQL,
    copy_manual_tolling_events,
    current_payloads,
    income_overrides,
    replace_case_rows,
    silver_counts,
    unmapped,
)

__all__ = ["SilverResult", "promote_silver", "silver_counts", "unmapped"]


async def promote_silver(conn: Connection, case_id: str) -> SilverResult:
    # Tax years run to next year at most (DOMAIN 3.1).
    max_year = datetime.now(UTC).year + 1
    async with conn.transaction():
        await conn.execute(LOCK_CASE_SQL, case_id)
        rules = await load_rules(conn)
        payloads = await current_payloads(conn, case_id)
        overrides = await income_overrides(conn, case_id)
        build = build_silver(payloads, rules, max_year=max_year, overrides=overrides)
        await replace_case_rows(conn, case_id, rules.version, build)
        # Manual tolling intervals are copied in beside the transcript ones.
        tolling_events = len(build.tolling_events) + await copy_manual_tolling_events(
            conn, case_id, rules.version
        )
    return _result(case_id, rules.version, build, tolling_events)


def _result(
    case_id: str, rules_version: str, build: SilverBuild, tolling_events: int
) -> SilverResult:
    return SilverResult(
        case_id=case_id,
        rules_version=rules_version,
        counts=SilverCounts(
            tax_years=len(build.tax_years),
            account_activity=len(build.account_activity),
            income_documents=len(build.income_documents),
            trt_records=len(build.trt_records),
            interview_snapshot=0 if build.interview_snapshot is None else 1,
            interview_bank_accounts=len(build.grids.bank_accounts),
            interview_vehicles=len(build.grids.vehicles),
            interview_real_property=len(build.grids.real_property),
            interview_other_expenses=len(build.grids.other_expenses),
            csed_tolling_events=tolling_events,
            quarantined=len(build.quarantined),
        ),
        warnings=build.warnings,
    )
