"""Reading a case's Silver inputs and replacing its Silver rows (set-based, binary COPY)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from medallion.platform.db import Connection
from medallion.silver import jsontext
from medallion.silver.build import SilverBuild
from medallion.silver.counts import SilverCounts
from medallion.silver.income_adjustments import IncomeOverride, OverrideKey
from medallion.silver.interview_fields import snapshot_columns
from medallion.silver.payloads import SourcePayload
from medallion.silver.rows import (
    AccountActivityRow,
    BankAccountRow,
    IncomeDocumentRow,
    OtherExpenseRow,
    RealPropertyRow,
    TaxYearRow,
    TrtRecordRow,
    VehicleRow,
)
from medallion.silver.tables import COUNTS_SQL, DELETE_CASE_ROWS
from medallion.silver.tolling import TollingEventRow
from medallion.sources.names import SOURCES

# Serialises promotions of one case; different cases run in parallel.
LOCK_CASE_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('silver:' || $1, 0))"

# raw_payload as text: decimals are parsed exactly, whatever jsonb codec the pool has.
CURRENT_PAYLOADS_SQL = """
SELECT source, bronze_id, payload_kind, wrapper_variant, raw_payload::text AS raw_payload
  FROM bronze_current
 WHERE case_id = $1 AND source = ANY($2::text[])
"""

OVERRIDES_SQL = """
SELECT tax_year, form_type, issuer_tin, recipient_tin_last4, gross_amount,
       is_excluded, exclusion_reason
  FROM income_document_overrides
 WHERE case_id = $1
 ORDER BY set_at
"""


async def current_payloads(conn: Connection, case_id: str) -> dict[str, SourcePayload]:
    rows = await conn.fetch(CURRENT_PAYLOADS_SQL, case_id, list(SOURCES))
    return {
        row["source"]: SourcePayload(
            source=row["source"],
            bronze_id=row["bronze_id"],
            payload_kind=row["payload_kind"],
            document=jsontext.loads(row["raw_payload"]) if row["raw_payload"] is not None else None,
            wrapper_variant=row["wrapper_variant"],
        )
        for row in rows
    }


async def income_overrides(conn: Connection, case_id: str) -> dict[OverrideKey, IncomeOverride]:
    return {
        (
            r["tax_year"],
            r["form_type"],
            r["issuer_tin"],
            r["recipient_tin_last4"],
            r["gross_amount"],
        ): (IncomeOverride(r["is_excluded"], r["exclusion_reason"]))
        for r in await conn.fetch(OVERRIDES_SQL, case_id)
    }


# One table's copy: its name, its columns, and the records in that column order.
_TableCopy = tuple[str, list[str], Iterable[tuple[Any, ...]]]
# Every Silver row is stamped with its case and the rule set that typed it.
_STAMP_COLUMNS = ["case_id", "rules_version"]


async def replace_case_rows(
    conn: Connection, case_id: str, rules_version: str, build: SilverBuild
) -> None:
    """Deletes the case's Silver rows and copies the new set in. Call inside a transaction."""
    await conn.execute(DELETE_CASE_ROWS, case_id)
    stamp = (case_id, rules_version)
    for table, columns, records in (
        *_typed_rows(build, stamp),
        _income_documents(build, stamp),
        *_interview_snapshot(build, stamp),
        _quarantine(build, stamp),
    ):
        batch = list(records)
        if batch:
            await conn.copy_records_to_table(table, columns=columns, records=batch)


def _typed_rows(build: SilverBuild, stamp: tuple[str, str]) -> list[_TableCopy]:
    """The tables whose rows are copied field by field."""
    copies: list[_TableCopy] = []
    for table, row_type, rows in (
        ("tax_years", TaxYearRow, build.tax_years),
        ("account_activity", AccountActivityRow, build.account_activity),
        ("trt_records", TrtRecordRow, build.trt_records),
        ("interview_bank_accounts", BankAccountRow, build.grids.bank_accounts),
        ("interview_real_property", RealPropertyRow, build.grids.real_property),
        ("interview_vehicles", VehicleRow, build.grids.vehicles),
        ("interview_other_expenses", OtherExpenseRow, build.grids.other_expenses),
        ("csed_tolling_events", TollingEventRow, build.tolling_events),
    ):
        names = [f.name for f in fields(row_type)]
        values = attrgetter(*names)
        copies.append((table, [*names, *_STAMP_COLUMNS], [values(r) + stamp for r in rows]))
    return copies


def _income_documents(build: SilverBuild, stamp: tuple[str, str]) -> _TableCopy:
    """Income documents, their free-form fields as JSON text."""
    names = [f.name for f in fields(IncomeDocumentRow)]
    fields_at = names.index("fields")
    values = attrgetter(*names)

    def record(row: IncomeDocumentRow) -> tuple[Any, ...]:
        row_values = list(values(row))
        row_values[fields_at] = None if row.fields is None else jsontext.dumps(row.fields)
        return (*row_values, *stamp)

    return (
        "income_documents",
        [*names, *_STAMP_COLUMNS],
        (record(r) for r in build.income_documents),
    )


def _interview_snapshot(build: SilverBuild, stamp: tuple[str, str]) -> list[_TableCopy]:
    """The interview snapshot's one row, when the case has an interview."""
    snapshot = build.interview_snapshot
    if snapshot is None:
        return []
    columns = snapshot_columns()
    return [
        (
            "interview_snapshot",
            [
                "interview_layout",
                "unmapped_keys",
                *columns,
                "bronze_id",
                "source_path",
                *_STAMP_COLUMNS,
            ],
            [
                (
                    snapshot.interview_layout,
                    jsontext.dumps(list(snapshot.unmapped_keys)),
                    *(snapshot.values[c] for c in columns),
                    snapshot.bronze_id,
                    snapshot.source_path,
                    *stamp,
                )
            ],
        )
    ]


def _quarantine(build: SilverBuild, stamp: tuple[str, str]) -> _TableCopy:
    """The records Silver could not type, with the fragment that failed."""
    columns = ["source", "bronze_id", "source_path", "reason_code", "detail", "raw_fragment"]
    return (
        "silver_quarantine",
        [*columns, *_STAMP_COLUMNS],
        (
            (
                q.source,
                q.bronze_id,
                q.source_path,
                q.reason_code,
                q.detail,
                jsontext.dumps(q.raw_fragment),
                *stamp,
            )
            for q in build.quarantined
        ),
    )


COPY_MANUAL_TOLLING_SQL = """
INSERT INTO csed_tolling_events (
    case_id, tax_year, owner, origin, event_no, event_type, start_code, start_date, start_line_no,
    end_code, end_date, end_line_no, is_open, interval_days, additional_toll_days, total_toll_days,
    manual_event_id, source_path, rules_version)
SELECT case_id, tax_year, owner, 'manual',
       (row_number() OVER (PARTITION BY tax_year, owner ORDER BY manual_event_id) - 1)::int,
       event_type, start_code, start_date, start_line_no, end_code, end_date, end_line_no, is_open,
       interval_days, additional_toll_days, total_toll_days, manual_event_id,
       'csed_manual_events/' || manual_event_id, $2
  FROM csed_manual_events
 WHERE case_id = $1
"""


async def copy_manual_tolling_events(conn: Connection, case_id: str, rules_version: str) -> int:
    status = await conn.execute(COPY_MANUAL_TOLLING_SQL, case_id, rules_version)
    return int(status.split()[-1])


UNMAPPED_CODES_SQL = """
SELECT DISTINCT irs_transaction_code FROM account_activity
 WHERE case_id = $1 AND NOT rule_matched ORDER BY 1
"""
UNMAPPED_FORMS_SQL = """
SELECT DISTINCT form_type FROM income_documents
 WHERE case_id = $1 AND NOT rule_matched AND form_type IS NOT NULL ORDER BY 1
"""


async def silver_counts(conn: Connection, case_id: str) -> SilverCounts:
    """Rows per Silver table of the case, in one round trip."""
    row = await conn.fetchrow(COUNTS_SQL, case_id)
    assert row is not None  # a SELECT of scalar subqueries always returns one row
    return SilverCounts(**dict(row))


async def unmapped(conn: Connection, case_id: str) -> tuple[list[str], list[str]]:
    """Transaction codes and form types of the case that no rule matched."""
    codes = [r[0] for r in await conn.fetch(UNMAPPED_CODES_SQL, case_id)]
    forms = [r[0] for r in await conn.fetch(UNMAPPED_FORMS_SQL, case_id)]
    return codes, forms
