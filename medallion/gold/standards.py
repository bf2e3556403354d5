"""IRS collection standards in effect on the build's as-of date (DOMAIN 3.14, 4.5)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from medallion.db import Connection

_SELECT_IN_EFFECT = """
SELECT category, household_size, state, county, amount
  FROM irs_collection_standards
 WHERE effective_from <= $1 AND (effective_to IS NULL OR effective_to > $1)
"""


@dataclass(frozen=True)
class CollectionStandard:
    category: str
    household_size: int | None
    state: str | None
    county: str | None
    amount: Decimal


@dataclass(frozen=True)
class CollectionStandards:
    in_effect: tuple[CollectionStandard, ...]

    def lookup(
        self,
        category: str,
        *,
        household_size: int | None = None,
        state: str | None = None,
        county: str | None = None,
    ) -> Decimal | None:
        """The most specific figure for the category: a row's null household size, state or
        county applies to any; a row that names one applies only to an equal value."""
        matches = [
            row
            for row in self.in_effect
            if row.category == category
            and _applies(row.household_size, household_size)
            and _applies(_folded(row.state), _folded(state))
            and _applies(_folded(row.county), _folded(county))
        ]
        if not matches:
            return None
        best = max(
            matches,
            key=lambda r: (r.county is not None, r.state is not None, r.household_size is not None),
        )
        return best.amount


def _applies(row_value: object, wanted: object) -> bool:
    return row_value is None or row_value == wanted


def _folded(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split()).casefold()


async def load_collection_standards(conn: Connection, as_of: datetime.date) -> CollectionStandards:
    return CollectionStandards(
        in_effect=tuple(
            CollectionStandard(**dict(r)) for r in await conn.fetch(_SELECT_IN_EFFECT, as_of)
        )
    )
