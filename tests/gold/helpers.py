"""Set up Silver rows for Gold tests by inserting them directly, so Gold tests depend only on the
Silver schema, not on the Silver promotion.

Every row gets the lineage columns Silver requires (`bronze_id`, `source_path`,
`rules_version`); tests pass only the business columns they care about.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import asyncpg

from medallion.cases.notices import Notice
from medallion.gold.promote import promote_gold
from medallion.gold.result import GoldResult
from medallion.platform.db import Connection

# The date every Gold test build treats as today.
AS_OF = datetime.date(2024, 6, 30)

_INSERT_CASE = "INSERT INTO cases (case_id, case_number) VALUES ($1, 'CASE-' || $1)"

_INSERT_BRONZE = """
INSERT INTO bronze_payloads (case_id, source, source_system, request_url, http_status,
                             payload_kind, raw_payload, payload_sha256, payload_bytes,
                             fetched_at, ingestion_run_id, workflow_id, activity_attempt)
VALUES ($1, $2, $3, 'http://sandbox.test/' || $2, 200, 'json', $4::jsonb, $5, 2, now(),
        'test-run', 'case-ingestion-' || $1, 1)
RETURNING bronze_id
"""

RULES_VERSION = "gold-test"

_SOURCE_SYSTEMS = {"at": "tiparser", "wi": "tiparser", "trt": "tiparser", "interview": "casehelper"}


def money(value: str | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


async def insert_row(conn: Connection, table: str, values: Mapping[str, Any]) -> None:
    """INSERT one row; `table` and the column names are test literals, the values are bound."""
    columns = list(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    await conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
        *(values[c] for c in columns),
    )


class SilverCase:
    """One test case: its `cases` row, one Bronze payload per source, and Silver rows."""

    def __init__(self, pool: asyncpg.Pool, case_id: str) -> None:
        self.pool = pool
        self.case_id = case_id
        self.bronze_ids: dict[str, uuid.UUID] = {}

    @classmethod
    async def create(cls, pool: asyncpg.Pool, case_id: str) -> "SilverCase":
        case = cls(pool, case_id)
        async with pool.acquire() as conn:
            await conn.execute(_INSERT_CASE, case_id)
            for source, system in _SOURCE_SYSTEMS.items():
                body = json.dumps({"case": case_id, "source": source})
                case.bronze_ids[source] = await conn.fetchval(
                    _INSERT_BRONZE,
                    case_id,
                    source,
                    system,
                    body,
                    hashlib.sha256(body.encode()).hexdigest(),
                )
        return case

    async def _insert(self, table: str, source: str, path: str, values: Mapping[str, Any]) -> None:
        row = {
            "case_id": self.case_id,
            "bronze_id": self.bronze_ids[source],
            "source_path": path,
            "rules_version": RULES_VERSION,
            **values,
        }
        async with self.pool.acquire() as conn:
            await insert_row(conn, table, row)

    async def snapshot(self, **columns: Any) -> None:
        """The interview snapshot; unspecified columns are null."""
        await self._insert(
            "interview_snapshot",
            "interview",
            "",
            {"interview_layout": "nested", "unmapped_keys": "[]", **columns},
        )

    async def tax_year(self, tax_year: int, owner: str = "TP", **columns: Any) -> None:
        await self._insert(
            "tax_years",
            "at",
            f"/at_records/{tax_year}",
            {
                "tax_year": tax_year,
                "owner": owner,
                "has_at": True,
                "has_wi": False,
                "has_trt": False,
                **columns,
            },
        )

    async def activity(
        self,
        tax_year: int,
        line_no: int,
        code: str,
        activity_date: str,
        amount: str | None,
        transaction_type: str,
        *,
        affects_balance: bool = True,
        collection_action: bool = False,
        owner: str = "TP",
        explanation: str | None = None,
    ) -> None:
        await self._insert(
            "account_activity",
            "at",
            f"/at_records/{tax_year}/transactions/{line_no}",
            {
                "tax_year": tax_year,
                "owner": owner,
                "line_no": line_no,
                "irs_transaction_code": code,
                "activity_date": day(activity_date),
                "amount": money(amount),
                "amount_sign_inferred": False,
                "transaction_type": transaction_type,
                "affects_balance": affects_balance,
                "affects_csed": False,
                "starts_csed": False,
                "csed_toll_days": 0,
                "indicates_collection_action": collection_action,
                "balance_sign": 0,
                "rule_matched": True,
                "explanation": explanation,
            },
        )

    async def assessment(
        self,
        tax_year: int,
        event_no: int,
        code: str,
        assessment_date: str,
        amount: str,
        *,
        owner: str = "TP",
    ) -> None:
        """A `csed_tolling_events` assessment row (150/290/300 with a non-zero amount)."""
        await self._tolling_row(
            tax_year,
            owner,
            event_no,
            {
                "event_type": "assessment",
                "rule_id": "base_csed",
                "start_code": code,
                "start_date": day(assessment_date),
                "start_line_no": event_no,
                "is_open": False,
                "assessed_amount": money(amount),
            },
        )

    async def interval(
        self,
        tax_year: int,
        event_no: int,
        category: str,
        start: str,
        end: str | None = None,
        extra_days: int = 0,
        *,
        start_code: str = "520",
        owner: str = "TP",
        manual: bool = False,
    ) -> None:
        """A tolling interval as Silver pairs it (3.6): open when `end` is None."""
        start_day = day(start)
        end_day = None if end is None else day(end)
        interval_days = None if end_day is None else (end_day - start_day).days
        values: dict[str, Any] = {
            "event_type": category,
            "start_code": start_code,
            "start_date": start_day,
            "end_date": end_day,
            "is_open": end_day is None,
            "interval_days": interval_days,
            "additional_toll_days": None if end_day is None else extra_days,
            "total_toll_days": None if interval_days is None else interval_days + extra_days,
        }
        await self._tolling_row(tax_year, owner, event_no, values, manual=manual)

    async def _tolling_row(
        self,
        tax_year: int,
        owner: str,
        event_no: int,
        values: Mapping[str, Any],
        *,
        manual: bool = False,
    ) -> None:
        row = {
            "case_id": self.case_id,
            "tax_year": tax_year,
            "owner": owner,
            "origin": "manual" if manual else "transcript",
            "event_no": event_no,
            "bronze_id": None if manual else self.bronze_ids["at"],
            "source_path": f"/at_records/{tax_year}/events/{event_no}",
            "rules_version": RULES_VERSION,
            **values,
        }
        async with self.pool.acquire() as conn:
            await insert_row(conn, "csed_tolling_events", row)

    async def income_document(
        self,
        tax_year: int,
        line_no: int,
        form_type: str,
        gross_amount: str | None,
        *,
        person_type: str = "taxpayer",
        withholding: str | None = None,
        self_employment: bool = False,
        include_in_projection: bool | None = None,
        is_excluded: bool = False,
        duplicate_of_line_no: int | None = None,
        fields: Any = None,
    ) -> None:
        await self._insert(
            "income_documents",
            "wi",
            f"/years_data/{tax_year}/{line_no}",
            {
                "tax_year": tax_year,
                "line_no": line_no,
                "form_type": form_type,
                "gross_amount": money(gross_amount),
                "federal_withholding": money(withholding),
                "person_type": person_type,
                "person_type_basis": "default",
                "category": "SE" if self_employment else "Non-SE",
                "is_self_employment": self_employment,
                # Silver takes duplicates out of projections (3.7).
                "include_in_projection": (
                    duplicate_of_line_no is None
                    if include_in_projection is None
                    else include_in_projection
                ),
                "affects_resolution_options": self_employment,
                "rule_matched": True,
                "is_excluded": is_excluded,
                "duplicate_of_line_no": duplicate_of_line_no,
                "fields": json.dumps(fields if fields is not None else {}),
            },
        )

    async def bank_account(
        self, line_no: int, account_type: str | None, institution: str | None, balance: str | None
    ) -> None:
        await self._insert(
            "interview_bank_accounts",
            "interview",
            f"/assets/bankAccounts/accountsGrid/{line_no}",
            {
                "line_no": line_no,
                "account_type": account_type,
                "institution_name": institution,
                "balance": money(balance),
            },
        )

    async def vehicle(self, line_no: int, **columns: Any) -> None:
        await self._insert(
            "interview_vehicles",
            "interview",
            f"/assets/vehicles/vehiclesGrid/{line_no}",
            {"line_no": line_no, **columns},
        )

    async def real_property(self, line_no: int, **columns: Any) -> None:
        await self._insert(
            "interview_real_property",
            "interview",
            f"/assets/realProperty/propertyGrid/{line_no}",
            {"line_no": line_no, **columns},
        )

    async def other_expense(self, line_no: int, name: str | None, amount: str | None) -> None:
        await self._insert(
            "interview_other_expenses",
            "interview",
            f"/expenses/otherExpenses/{line_no}",
            {"line_no": line_no, "name": name, "amount": money(amount)},
        )

    async def gold_rows(self, table: str, order_by: str) -> list[asyncpg.Record]:
        async with self.pool.acquire() as conn:
            return await conn.fetch(
                f"SELECT * FROM {table} WHERE case_id = $1 ORDER BY {order_by}", self.case_id
            )


def new_run_id() -> str:
    """An ingestion run id no other promotion uses."""
    return str(uuid.uuid4())


async def promote(
    case: SilverCase, as_of: datetime.date = AS_OF, run_id: str | None = None
) -> GoldResult:
    """Promote as a run of its own (a fresh run id unless given)."""
    async with case.pool.acquire() as conn:
        return await promote_gold(conn, case.case_id, as_of, run_id or new_run_id())


def warnings_with(result: GoldResult, code: str) -> list[Notice]:
    return [w for w in result.warnings if w.code == code]
