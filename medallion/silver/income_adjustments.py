"""Duplicate WI forms and analyst overrides on ``income_documents`` (DOMAIN 3.7, hazard 12)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from medallion.silver.rows import IncomeDocumentRow

W2 = "W-2"
W2_CORRECTED = "W-2C"

OverrideKey = tuple[int, str | None, str | None, str | None, Decimal | None]


@dataclass(frozen=True)
class IncomeOverride:
    """An analyst's decision from ``income_document_overrides``, kept across rebuilds."""

    is_excluded: bool
    exclusion_reason: str | None


def override_key(row: IncomeDocumentRow) -> OverrideKey:
    return (row.tax_year, row.form_type, row.issuer_tin, row.recipient_tin_last4, row.gross_amount)


def mark_duplicates(rows: Sequence[IncomeDocumentRow]) -> tuple[IncomeDocumentRow, ...]:
    """Points each repeat of an earlier form (same year, type, issuer TIN, recipient last 4, gross
    and withholding; null matching null) at the earliest, and each W-2 that a W-2C of the same year,
    issuer TIN and recipient replaces at that W-2C. Marked lines leave the projection."""
    earliest: dict[tuple[object, ...], int] = {}
    corrections: dict[tuple[object, ...], int] = {}
    for row in sorted(rows, key=lambda r: r.line_no):
        earliest.setdefault(_repeat_key(row), row.line_no)
        if row.form_type == W2_CORRECTED:
            corrections.setdefault(_correction_key(row), row.line_no)
    marked = []
    for row in rows:
        target = earliest[_repeat_key(row)]
        if target == row.line_no and row.form_type == W2:
            target = corrections.get(_correction_key(row), row.line_no)
        if target != row.line_no:
            row = replace(row, duplicate_of_line_no=target, include_in_projection=False)
        marked.append(row)
    return tuple(marked)


def _repeat_key(row: IncomeDocumentRow) -> tuple[object, ...]:
    return (
        row.tax_year,
        row.form_type,
        row.issuer_tin,
        row.recipient_tin_last4,
        row.gross_amount,
        row.federal_withholding,
    )


def _correction_key(row: IncomeDocumentRow) -> tuple[object, ...]:
    return (row.tax_year, row.issuer_tin, row.recipient_tin_last4)


def apply_overrides(
    rows: Sequence[IncomeDocumentRow], overrides: Mapping[OverrideKey, IncomeOverride]
) -> tuple[IncomeDocumentRow, ...]:
    if not overrides:
        return tuple(rows)
    applied = []
    for row in rows:
        override = overrides.get(override_key(row))
        if override is not None:
            row = replace(
                row, is_excluded=override.is_excluded, exclusion_reason=override.exclusion_reason
            )
        applied.append(row)
    return tuple(applied)
