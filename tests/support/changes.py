"""Gold builds and their change rows written straight into the tables of
migrations/040_gold_builds.sql, for tests of what reads them (webhooks) without a promotion."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import asyncpg


@dataclass(frozen=True)
class ChangeRow:
    kind: str
    severity: str
    tax_year: int | None
    key: dict[str, Any]
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


@dataclass(frozen=True)
class RecordedBuild:
    build_id: int
    case_id: str
    run_id: str
    changes: list[ChangeRow] = field(default_factory=list)


SAMPLE_CHANGES = (
    ChangeRow(
        "collection_action_added",
        "alert",
        2021,
        {"tax_year": 2021, "owner": "TP", "code": "971", "posted_date": "2026-03-02",
         "amount": "0.00"},
        None,
        {"code": "971", "posted_date": "2026-03-02"},
    ),
    ChangeRow(
        "balance_changed",
        "info",
        2020,
        {"tax_year": 2020, "owner": "TP"},
        {"payoff_balance": "1200.00"},
        {"payoff_balance": "1240.00"},
    ),
)  # fmt: skip


async def record_build(
    pool: asyncpg.Pool,
    case_id: str,
    changes: tuple[ChangeRow, ...] = SAMPLE_CHANGES,
    *,
    run_id: str | None = None,
    client_name: str | None = None,
) -> RecordedBuild:
    """A committed build of the case (its case row made if missing) with these changes."""
    run_id = run_id or str(uuid.uuid4())
    alerts = sum(c.severity == "alert" for c in changes)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            "INSERT INTO cases (case_id, case_number, client_name) VALUES ($1, $2, $3) "
            "ON CONFLICT (case_id) DO NOTHING",
            case_id,
            f"CASE-{case_id}",
            client_name,
        )
        build_id = await conn.fetchval(
            "INSERT INTO gold_builds (case_id, run_id, as_of_date, compared, alert_changes, "
            "info_changes) VALUES ($1, $2, $3, '{}', $4, $5) RETURNING build_id",
            case_id,
            run_id,
            date(2026, 12, 1),
            alerts,
            len(changes) - alerts,
        )
        for change in changes:
            await conn.execute(
                "INSERT INTO case_changes (build_id, case_id, run_id, previous_run_id, kind, "
                "severity, tax_year, key, before, after, as_of_date) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                build_id,
                case_id,
                run_id,
                "previous-run",
                change.kind,
                change.severity,
                change.tax_year,
                json.dumps(change.key),
                None if change.before is None else json.dumps(change.before),
                None if change.after is None else json.dumps(change.after),
                date(2026, 12, 1),
            )
    return RecordedBuild(build_id, case_id, run_id, list(changes))
