"""What the database says after a run: Bronze duplicates, odd bodies kept byte for byte, and
each case's Silver and Gold row counts."""

from typing import Any

import asyncpg

from medallion.cases.layer_tables import LayerTable
from medallion.gold.tables import GOLD_TABLES
from medallion.silver.tables import SILVER_TABLES

_DUPLICATES_SQL = """
SELECT case_id, source, payload_sha256, count(*) AS n FROM bronze_payloads
WHERE case_id = ANY($1::text[]) GROUP BY 1, 2, 3 HAVING count(*) > 1
"""
_KEPT_SQL = "SELECT raw_bytes FROM bronze_payloads WHERE case_id = $1 AND source = $2"


def _counts_by_case(tables: tuple[LayerTable, ...], layer: str) -> str:
    unions = " UNION ALL ".join(
        f"SELECT case_id, '{layer}.{t.count}' AS label, count(*) AS n FROM {t.name}"
        f" WHERE case_id = ANY($1::text[]) GROUP BY case_id"
        for t in tables
    )
    return unions


_COUNTS_SQL = (
    _counts_by_case(SILVER_TABLES, "silver") + " UNION ALL " + _counts_by_case(GOLD_TABLES, "gold")
)


async def duplicated(conn: asyncpg.Connection, case_ids: list[str]) -> list[dict[str, Any]]:
    return [dict(row) for row in await conn.fetch(_DUPLICATES_SQL, case_ids)]


async def kept_bodies(conn: asyncpg.Connection, case_id: str, source: str) -> list[bytes]:
    return [bytes(row["raw_bytes"]) for row in await conn.fetch(_KEPT_SQL, case_id, source)]


async def layer_counts(conn: asyncpg.Connection, case_ids: list[str]) -> dict[str, dict[str, int]]:
    """Per case, the row count of every Silver and Gold table that holds any of its rows."""
    counts: dict[str, dict[str, int]] = {case_id: {} for case_id in case_ids}
    for row in await conn.fetch(_COUNTS_SQL, case_ids):
        counts[row["case_id"]][row["label"]] = row["n"]
    return counts


def count_differences(
    chaos: dict[str, dict[str, int]], baseline: dict[str, dict[str, int]]
) -> dict[str, dict[str, tuple[int, int]]]:
    """Per case that differs: label → (rows after the chaos run, rows after the fault-free run)."""
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for case_id in baseline:
        ours, theirs = chaos.get(case_id, {}), baseline[case_id]
        differing = {
            label: (ours.get(label, 0), theirs.get(label, 0))
            for label in sorted(set(ours) | set(theirs))
            if ours.get(label, 0) != theirs.get(label, 0)
        }
        if differing:
            found[case_id] = differing
    return found
