"""Warnings and quarantine rows collected while typing one source payload (DOMAIN 3.13)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.silver.aliases import SEVERAL, AliasList, AliasSpec, Resolved, ScannedRecord, resolve
from medallion.silver.masking import mask_identifiers
from medallion.silver.parsing import ParseError

T = TypeVar("T")


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
    warnings: list[Notice] = field(default_factory=list)
    quarantined: list[QuarantineRow] = field(default_factory=list)

    def warn(self, code: str, detail: str, tax_year: int | None = None) -> None:
        # A data-quality finding that does not stop the row. Never carries names or full SSNs.
        self.warnings.append(
            Notice(code=code, detail=detail, source=self.source, tax_year=tax_year, layer="silver")
        )

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
        """Resolves ``concept`` by alias and parses it (see :meth:`parsed`)."""
        found = resolve(record, aliases, comparable=parser)
        return self.parsed(found, parser, concept=concept, path=path, tax_year=tax_year)

    def parsed(
        self,
        found: Resolved,
        parser: Callable[[Any], T | None],
        *,
        concept: str,
        path: str,
        tax_year: int | None = None,
    ) -> T | None:
        """Parses a resolved value; a bad value becomes null plus a warning named by the parser's
        reason code, an alias conflict a warning ``alias_conflict``."""
        if found.conflicting_aliases:
            others = ", ".join(found.conflicting_aliases)
            self.warn(
                "alias_conflict",
                f"{path}: {concept} differs between {found.alias} and {others}; {found.alias} used",
                tax_year,
            )
        return self.parse(found.value, parser, concept, path, tax_year)

    def parse(
        self,
        value: Any,
        parser: Callable[[Any], T | None],
        concept: str,
        path: str,
        tax_year: int | None,
    ) -> T | None:
        """``parser(value)``, or null plus a warning named by the parser's reason code."""
        if value is None:
            return None  # every parser reads empty as None (parsing.py)
        try:
            return parser(value)
        except ParseError as exc:
            self.warn(exc.reason_code, f"{path}: {concept}: {exc.detail}", tax_year)
            return None


class RecordReader:
    """Reads the concepts of one scanned record the way :meth:`Issues.read` reads one: resolved by
    alias, parsed, conflicts and bad values reported. Called for every field of every record, so
    the common case (one alias holds a value) skips building a :class:`Resolved`."""

    __slots__ = ("_found", "_issues", "_path", "_tax_year")

    def __init__(
        self, found: ScannedRecord, issues: Issues, path: str, tax_year: int | None = None
    ) -> None:
        self._found = found
        self._issues = issues
        self._path = path
        self._tax_year = tax_year

    def __call__(self, concept: str, parser: Callable[[Any], T | None]) -> T | None:
        value = self._found.sole_value(concept)
        if value is SEVERAL:
            return self._issues.parsed(
                self._found.resolved(concept, parser),
                parser,
                concept=concept,
                path=self._path,
                tax_year=self._tax_year,
            )
        return self._issues.parse(value, parser, concept, self._path, self._tax_year)
