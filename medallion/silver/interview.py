"""Interview payload → ``interview_snapshot`` and its grids (DOMAIN 1.3.4, 3.11, 3.12)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from medallion.bronze.payload_shape import wrapper_variant
from medallion.silver.interview_fields import (
    INTERVIEW_FIELDS,
    SECTION_NAMES,
    InterviewField,
    known_paths,
)
from medallion.silver.interview_grids import GridRows, build_grids, unmapped_grid_keys
from medallion.silver.issues import Issues
from medallion.silver.parsing import (
    clean_text,
    parse_date,
    parse_filing_status,
    parse_int,
    parse_money,
    parse_pay_frequency,
    ssn_last4,
)
from medallion.silver.payloads import SourcePayload
from medallion.silver.rows import InterviewSnapshotRow

PARSERS: Final[Mapping[str, Callable[[Any], Any]]] = {
    "text": clean_text,
    "date": parse_date,
    "money": parse_money,
    "int": parse_int,
    "filing_status": parse_filing_status,
    "pay_frequency": parse_pay_frequency,
    "ssn_last4": ssn_last4,
}
# Top-level keys that wrap the interview rather than belong to it.
ENVELOPE_KEYS: Final = frozenset({"case_id", "caseId"})
_KNOWN_PATHS: Final = known_paths()
_CONTAINER_PATHS: Final = frozenset(
    ".".join(path.split(".")[:depth])
    for path in _KNOWN_PATHS
    for depth in range(1, path.count(".") + 1)
)


@dataclass(frozen=True)
class InterviewBuild:
    snapshot: InterviewSnapshotRow | None
    grids: GridRows


def build_interview(payload: SourcePayload, *, issues: Issues) -> InterviewBuild:
    document = payload.document
    if not isinstance(document, dict):
        if not payload.is_empty:
            issues.quarantine("", "not_an_object", "interview payload is not an object", document)
        return InterviewBuild(None, GridRows())
    if not any(isinstance(document.get(section), dict) for section in SECTION_NAMES):
        return InterviewBuild(None, GridRows())
    values = {f.column: _read(document, f, issues) for f in INTERVIEW_FIELDS}
    grids = build_grids(document, payload.bronze_id, issues)
    _check_consistency(values, grids, issues)
    snapshot = InterviewSnapshotRow(
        # The layout the fetch stored as the Bronze row's wrapper_variant.
        interview_layout=str(wrapper_variant("interview", document, payload.wrapper_variant)),
        unmapped_keys=unmapped_keys(document),
        values=values,
        bronze_id=payload.bronze_id,
        source_path="",
    )
    return InterviewBuild(snapshot, grids)


def _read(document: Mapping[str, Any], f: InterviewField, issues: Issues) -> Any:
    return issues.read(document, f.aliases, PARSERS[f.kind], concept=f.column, path="interview")


def unmapped_keys(document: Mapping[str, Any]) -> tuple[str, ...]:
    """Dotted paths of keys the field map does not read (drift), sorted."""
    found: list[str] = [
        key for key in document if key not in SECTION_NAMES and key not in ENVELOPE_KEYS
    ]
    for section in SECTION_NAMES:
        if isinstance(document.get(section), dict):
            _walk(document[section], section, found)
    found += unmapped_grid_keys(document)
    return tuple(sorted(found))


def _walk(node: Mapping[str, Any], prefix: str, found: list[str]) -> None:
    for key, value in node.items():
        path = f"{prefix}.{key}"
        if isinstance(value, dict) and path in _CONTAINER_PATHS:
            _walk(value, path, found)
        elif path not in _KNOWN_PATHS:
            found.append(path)


def _check_consistency(values: Mapping[str, Any], grids: GridRows, issues: Issues) -> None:
    def warn_if_differs(code: str, expected: Any, actual: Any, what: str) -> None:
        if expected is not None and actual is not None and expected != actual:
            issues.warn(code, f"interview: {what} differ")

    balances = [row.balance for row in grids.bank_accounts if row.balance is not None]
    if balances:
        warn_if_differs(
            "bank_accounts_mismatch",
            values["bank_accounts_total"],
            sum(balances, Decimal("0.00")),
            "bank grid balances sum vs bank_accounts_total",
        )
    if grids.vehicles:
        warn_if_differs(
            "vehicle_count_mismatch",
            values["vehicle_count"],
            len(grids.vehicles),
            "vehicles in the grid vs vehicle_count",
        )
    members = (values["members_under_65"], values["members_over_65"])
    if None not in members:
        warn_if_differs(
            "household_members_mismatch",
            values["tp_house_members"],
            members[0] + members[1],
            "members under and over 65 vs tp_house_members",
        )
    standards = [
        values[c]
        for c in ("std_food", "std_housekeeping", "std_apparel", "std_personal_care", "std_misc")
    ]
    if None not in standards:
        warn_if_differs(
            "irs_standards_total_mismatch",
            values["std_food_clothing_misc_total"],
            sum(standards, Decimal("0.00")),
            "sum of the food/clothing/misc standards vs their total",
        )
