"""A layer's tables, each named once with the label it is counted under (DOMAIN 5).

Every statement here formats table names from a layer's registry (`silver/tables.py`,
`gold/tables.py`), never from input; `case_id` is always a bound parameter.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LayerTable:
    name: str
    # Its field in the layer's counts record and the status report's block.
    count: str


def delete_in_one_statement(tables: Iterable[LayerTable]) -> str:
    """One round trip empties the case's rows in every table (no foreign keys between them)."""
    deletes = ", ".join(
        f"d{n} AS (DELETE FROM {t.name} WHERE case_id = $1)" for n, t in enumerate(tables)
    )
    return f"WITH {deletes} SELECT 1"


def counts_query(tables: Iterable[LayerTable]) -> str:
    """One round trip: a row whose columns are the counts, named by their labels."""
    return "SELECT " + ", ".join(
        f"(SELECT count(*) FROM {t.name} WHERE case_id = $1)::int AS {t.count}" for t in tables
    )


def check_counted(tables: Iterable[LayerTable], counts_type: type) -> None:
    """The registry's labels are exactly the counts record's fields."""
    labels = {t.count for t in tables}
    names = {f.name for f in fields(counts_type)}
    if labels != names:
        raise RuntimeError(f"count labels {sorted(labels)} differ from {sorted(names)}")
