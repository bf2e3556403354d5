"""The current Bronze payload of one source, parsed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class SourcePayload:
    source: str
    bronze_id: UUID
    payload_kind: str  # ``json`` or ``empty`` (DOMAIN 2.2)
    document: Any  # parsed with decimals exact
    # Where the records are, as the fetch decided (medallion.bronze.payload_shape); None: not
    # stored.
    wrapper_variant: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.payload_kind == "empty"
