"""`medallion reference load transaction-rules`: a corrected code table becomes the current rule
set, with its AUR codes (DOMAIN 3.5, 4.9). Each test has a database of its own, because a new
current rule set would change every other test's Silver builds."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import pytest_asyncio

from medallion.platform.migrate import apply_migrations
from medallion.reference.errors import ReferenceInputError
from medallion.reference.transaction_rules import load_transaction_rules

HEADER = (
    "# kind: transaction_rules\n# effective_from: 2026-12-01\n# rules_version: {version}\n"
    "# source: corrected by a tax specialist (test)\n# source_url: https://example.invalid/6209\n"
    "code,meaning,transaction_type,affects_balance,affects_csed,starts_csed,"
    "indicates_collection_action,balance_sign,aur_code,notes\n"
)
ROWS = (
    "150,Return filed,return_filed,Y,Y,Y,N,+1,N,\n"
    "290,Additional tax assessed,assessment,Y,Y,Y,N,+1,N,\n"
    "922,Underreporter review,pending,N,N,N,N,0,Y,confirmed against Document 6209\n"
)


@pytest_asyncio.fixture(loop_scope="session")
async def conn(migrated_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    name = f"rules_{uuid.uuid4().hex}"
    admin = await asyncpg.connect(migrated_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    dsn = urlunsplit(urlsplit(migrated_dsn)._replace(path=f"/{name}"))
    await apply_migrations(dsn)
    connection = await asyncpg.connect(dsn)
    try:
        yield connection
    finally:
        await connection.close()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


def _file(directory: Path, version: str = "2026.1", rows: str = ROWS) -> Path:
    path = directory / f"rules_{version}.csv"
    path.write_text(HEADER.format(version=version) + rows)
    return path


async def _state(conn: asyncpg.Connection) -> tuple[object, ...]:
    return (
        await conn.fetchval("SELECT rules_version FROM rule_sets WHERE is_current"),
        await conn.fetchval("SELECT count(*) FROM at_transaction_rules"),
        await conn.fetchval("SELECT array_agg(code ORDER BY code) FROM aur_codes"),
        await conn.fetchval("SELECT count(*) FROM reference_versions"),
    )


async def test_the_table_becomes_the_current_rule_set(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    before = await conn.fetchval("SELECT rules_version FROM rule_sets WHERE is_current")
    result = await load_transaction_rules(conn, _file(tmp_path))

    assert (result.rules_version, result.codes, result.aur_codes) == ("2026.1", 3, ("922",))
    assert await conn.fetchval("SELECT rules_version FROM rule_sets WHERE is_current") == "2026.1"
    codes = await conn.fetch(
        "SELECT code FROM at_transaction_rules WHERE rules_version = '2026.1' ORDER BY code"
    )
    assert [r["code"] for r in codes] == ["150", "290", "922"]
    # The form and pairing rules carry over from the set it replaces.
    for table in ("wi_type_rules", "csed_calculation_rules"):
        counts = await conn.fetch(
            f"SELECT rules_version, count(*) FROM {table} GROUP BY rules_version"
        )
        by_version = {r["rules_version"]: r["count"] for r in counts}
        assert by_version["2026.1"] == by_version[before] > 0, table
    notes = await conn.fetchval("SELECT notes FROM aur_codes WHERE code = '922'")
    assert notes == "confirmed against Document 6209"


async def test_loading_the_same_file_again_changes_nothing(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    path = _file(tmp_path)
    first = await load_transaction_rules(conn, path)
    state = await _state(conn)
    again = await load_transaction_rules(conn, path)
    assert (again.changed, again.version_id) == (False, first.version_id)
    assert await _state(conn) == state


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (ROWS + "150,Again,return_filed,Y,Y,Y,N,+1,N,\n", "duplicates line 7"),
        (ROWS.replace("Y,Y,Y,N,+1,N", "Y,maybe,Y,N,+1,N", 1), "affects_csed 'maybe'"),
        (ROWS.replace("assessment", "assessed", 1), "transaction_type 'assessed'"),
        (ROWS.replace(",0,Y,", ",2,Y,", 1), "balance_sign '2'"),
    ],
)
async def test_bad_input_changes_nothing(
    conn: asyncpg.Connection, tmp_path: Path, rows: str, reason: str
) -> None:
    state = await _state(conn)
    with pytest.raises(ReferenceInputError, match=reason):
        await load_transaction_rules(conn, _file(tmp_path, rows=rows))
    assert await _state(conn) == state


async def test_a_rules_version_that_exists_is_refused(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    current = await conn.fetchval("SELECT rules_version FROM rule_sets WHERE is_current")
    state = await _state(conn)
    with pytest.raises(ReferenceInputError, match="already exists"):
        await load_transaction_rules(conn, _file(tmp_path, version=current))
    assert await _state(conn) == state
