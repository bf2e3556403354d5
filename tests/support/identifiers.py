"""The taxpayer identifiers a case's stored interview holds: what no log or span may show."""

import json
from collections.abc import Iterator
from typing import Any

import asyncpg

IDENTIFYING_KEYS = ("taxpayerName", "taxpayerSSN", "taxpayerDOB", "taxpayerEmail", "spouseName")


def values_under(node: Any, keys: tuple[str, ...]) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str) and value:
                yield value
            yield from values_under(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from values_under(item, keys)


async def interview_identifiers(pool: asyncpg.Pool, case_id: str) -> set[str]:
    """The identifiers in the case's Bronze interview (the sandbox's carry some)."""
    interview = await pool.fetchval(
        "SELECT raw_payload FROM bronze_payloads WHERE case_id = $1 AND source = 'interview'",
        case_id,
    )
    return set(values_under(json.loads(interview), IDENTIFYING_KEYS))
