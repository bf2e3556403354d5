"""The one warning type: from the workflow, a promotion or the status report, to every reader.

Codes, ids, years and figures only, never a taxpayer's name or SSN (it is kept in Temporal
history and in `ingestion_runs`).
"""

from dataclasses import dataclass
from typing import Literal

Layer = Literal["workflow", "silver", "gold", "report"]


@dataclass(frozen=True)
class Notice:
    code: str
    detail: str
    source: str | None = None
    tax_year: int | None = None
    layer: Layer = "workflow"
