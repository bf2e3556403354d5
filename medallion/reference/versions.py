"""`reference_versions`: which file every reference row came from, and which table of each kind
is in force on a date (DOMAIN 3.14, 4.5).

A table stays in force from its effective date until a newer period of the same kind starts.
"""

import datetime
from dataclasses import dataclass

from medallion.platform.db import Connection

LOCK_LOADS = "SELECT pg_advisory_xact_lock(hashtextextended('reference-load', 0))"

INSERT_VERSION = """
INSERT INTO reference_versions
       (kind, effective_from, source_name, source_url, file_name, file_digest, unverified)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING version_id
"""

SELECT_CURRENT = """
SELECT version_id, file_name, file_digest FROM reference_versions
 WHERE kind = $1 AND effective_from = $2 AND retired_at IS NULL
"""

_SELECT_PERIODS = """
SELECT version_id, kind, effective_from, effective_to, source_name, source_url, file_name,
       file_digest, unverified, loaded_at
  FROM reference_periods
 ORDER BY kind, effective_from
"""


@dataclass(frozen=True)
class ReferenceVersion:
    version_id: int
    kind: str
    effective_from: datetime.date
    effective_to: datetime.date | None  # exclusive; None while no newer period is loaded
    source_name: str
    source_url: str
    file_name: str
    file_digest: str
    unverified: bool
    loaded_at: datetime.datetime

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


async def reference_versions(conn: Connection) -> list[ReferenceVersion]:
    """Every loaded version that no later load replaced, oldest period first within a kind."""
    return [ReferenceVersion(**dict(r)) for r in await conn.fetch(_SELECT_PERIODS)]


def in_force(versions: list[ReferenceVersion], day: datetime.date) -> dict[str, ReferenceVersion]:
    """The version of each kind in force on `day`, by kind."""
    return {v.kind: v for v in versions if v.in_force_on(day)}
