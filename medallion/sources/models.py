"""What a successful source call returns: the raw response, ready for Bronze."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from medallion.sources.names import Source

SourceSystem = Literal["tiparser", "casehelper"]


@dataclass(frozen=True)
class SourceResponse:
    """A 2xx answer, whatever its body: the caller decides whether it is usable JSON."""

    source: Source
    source_system: SourceSystem
    method: str
    url: str  # without credentials
    status: int
    content_type: str | None
    body: bytes
