"""Warnings and quarantine rows collected while typing one source payload (DOMAIN 3.13)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from medallion.silver.aliases import AliasList, AliasSpec, resolve
from medallion.silver.masking import mask_identifiers
from medallion.silver.parsing import ParseError

T = TypeVar("T")


@dataclass(frozen=True)
class SilverWarning:
    """A data-quality finding that does not stop the row. Never carries names or full SSNs."""

    code: str
    source: str
    tax_year: int | None
    detail: str


@dataclass(frozen=True)
class QuarantineRow:
    source: str
    bronze_id: UUID
    source_path: str
    reason_code: str
    detail: str
    raw_fragment: Any  # identifiers already masked


QUARANTINE_REASONS = frozenset(
    {
        "unknown_wrapper",
        "missing_tax_year",
        "bad_tax_year",
        "bad_date",
        "bad_code",
        "bad_amount",
        "not_an_object",
        "contract_error",
        "duplicate_year_record",
    }
)


@dataclass
class Issues:
    """Collects the findings of one source payload."""

    source: str
    bronze_id: UUID
    warnings: list[SilverWarning] = field(default_factory=list)
    quarantined: list[QuarantineRow] = field(default_factory=list)

    def warn(self, code: str, detail: str, tax_year: int | None = None) -> None:
        self.warnings.append(SilverWarning(code, self.source, tax_year, detail))

    def quarantine(self, path: str, reason_code: str, detail: str, fragment: Any) -> None:
        if reason_code not in QUARANTINE_REASONS:
            raise ValueError(f"unknown quarantine reason {reason_code!r}")
        self.quarantined.append(
            QuarantineRow(
                self.source,
                self.bronze_id,
                path,
                reason_code,
                detail,
                mask_identifiers(fragment),
            )
        )

    def read(
        self,
        record: Any,
        aliases: AliasList | Sequence[AliasSpec],
        parser: Callable[[Any], T | None],
        *,
        concept: str,
        path: str,
        tax_year: int | None = None,
    ) -> T | None:
        """Resolves ``concept`` by alias and parses it; a bad value becomes null plus a warning
        named by the parser's reason code, an alias conflict a warning ``alias_conflict``."""
        found = resolve(record, aliases, comparable=parser)
        if found.conflicting_aliases:
            others = ", ".join(found.conflicting_aliases)
            self.warn(
                "alias_conflict",
                f"{path}: {concept} differs between {found.alias} and {others}; {found.alias} used",
                tax_year,
            )
        try:
            return parser(found.value)
        except ParseError as exc:
            self.warn(exc.reason_code, f"{path}: {concept}: {exc.detail}", tax_year)
            return None
