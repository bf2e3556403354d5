"""The output of one Gold builder, and how it is written."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.platform.db import Connection

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Built(Generic[RowT]):
    """Rows for one Gold table (dataclasses whose field names are its columns) and warnings."""

    rows: tuple[RowT, ...]
    warnings: tuple[Notice, ...] = field(default_factory=tuple)


def lineage(bronze_ids: Iterable[UUID | None]) -> tuple[UUID, ...]:
    """Distinct contributing Bronze ids, sorted so a rebuild stores the same array."""
    return tuple(sorted({bronze_id for bronze_id in bronze_ids if bronze_id is not None}))


async def copy_rows(conn: Connection, table: str, rows: Sequence[Any]) -> int:
    """COPY the rows into `table`; columns not in the dataclass (computed_at) take defaults."""
    if not rows:
        return 0
    columns = [f.name for f in fields(rows[0])]
    records = [[_db_value(getattr(row, column)) for column in columns] for row in rows]
    await conn.copy_records_to_table(table, records=records, columns=columns)
    return len(rows)


def _db_value(value: Any) -> Any:
    # asyncpg encodes arrays from lists; rows keep tuples so they stay hashable and frozen.
    return list(value) if isinstance(value, tuple) else value
