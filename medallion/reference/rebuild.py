"""Which cases' Gold rests on reference data that a later load replaced (DOMAIN 3.14, 4.5), so
`medallion reference load … --rebuild` can rebuild them from stored Bronze.

A case qualifies when one of its expense lines used a standards version that is no longer the
one in force on the line's as-of date, or when its tax projections were computed before the tax
tables now loaded. Lines that found no table at all are not counted.
"""

from medallion.platform.db import Connection
from medallion.reference.kinds import TAX_TABLES

_SELECT_CASES = """
SELECT e.case_id
  FROM monthly_expenses e
  JOIN reference_versions used ON used.version_id = e.reference_version_id
  JOIN reference_periods p
    ON p.kind = used.kind
   AND p.effective_from <= e.as_of_date
   AND (p.effective_to IS NULL OR e.as_of_date < p.effective_to)
 WHERE p.version_id <> e.reference_version_id
UNION
SELECT t.case_id
  FROM tax_projections t
  JOIN reference_versions v ON v.kind = $1 AND v.retired_at IS NULL
 WHERE t.computed_at < v.loaded_at
ORDER BY 1
"""


async def cases_on_older_versions(conn: Connection) -> list[str]:
    return [r["case_id"] for r in await conn.fetch(_SELECT_CASES, TAX_TABLES)]
