"""What the next build of a case compares with (DOMAIN §7): the compared columns, by key.

A build's `Compared` is taken from its Gold rows (and, for collection actions and income
documents, from the Silver rows it read), kept as JSON-ready values (money as a string of cents,
dates as ISO text) and stored on its `gold_builds` row. Values that move with `as_of_date` alone
(`days_remaining`, `months_until_*`, `collection_action_last_365d`) are never taken. A TIN is
kept only as its last 4 digits.
"""

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from medallion.gold.balances import YearBalanceRow
from medallion.gold.csed import CsedAssessmentRow, CsedYearRow
from medallion.gold.flags import TaxYearFlagsRow
from medallion.gold.resolution import ResolutionOptionsRow
from medallion.gold.silver_inputs import Activity, IncomeDocument

JsonValue = str | int | bool | None
Columns = dict[str, JsonValue]

# The sections of a `Compared`, one per keyed thing §7 compares.
YEARS = "years"  # year_balances, csed_by_year and tax_year_flags share the key (tax_year, owner)
ASSESSMENTS = "assessments"
COLLECTION_ACTIONS = "collection_actions"
INCOME_DOCUMENTS = "income_documents"
CASE = "case"  # resolution_options: one row, keyed by the case
SECTIONS = (YEARS, ASSESSMENTS, COLLECTION_ACTIONS, INCOME_DOCUMENTS, CASE)


@dataclass(frozen=True)
class Keyed:
    """One row's key columns and compared columns."""

    key: Columns
    values: Columns = field(default_factory=dict)

    @property
    def tax_year(self) -> int | None:
        year = self.key.get("tax_year")
        return year if isinstance(year, int) else None


KeyText = tuple[JsonValue, ...]


@dataclass(frozen=True)
class Compared:
    """Per section, the rows by their key's values (in the key's column order)."""

    sections: Mapping[str, Mapping[KeyText, Keyed]]

    @classmethod
    def of(cls, sections: Mapping[str, Iterable[Keyed]]) -> "Compared":
        return cls({name: _by_key(rows) for name, rows in sections.items()})

    def section(self, name: str) -> Mapping[KeyText, Keyed]:
        return self.sections.get(name, {})

    def to_json(self) -> str:
        """Compact: per section the key and value column names once, then one pair of value
        lists per row (the large case's 2,000 keys stay near 100 KB)."""
        stored: dict[str, Any] = {}
        for name, rows in self.sections.items():
            first = next(iter(rows.values()), Keyed({}))
            stored[name] = {
                "key": list(first.key),
                "values": list(first.values),
                "rows": [[list(r.key.values()), list(r.values.values())] for r in rows.values()],
            }
        return json.dumps(stored, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Compared":
        sections: dict[str, dict[KeyText, Keyed]] = {}
        for name, stored in json.loads(text).items():
            key_names, value_names = stored["key"], stored["values"]
            sections[name] = {
                tuple(key): Keyed(
                    dict(zip(key_names, key, strict=True)),
                    dict(zip(value_names, values, strict=True)),
                )
                for key, values in stored["rows"]
            }
        return cls(sections)


@dataclass(frozen=True)
class BuildRows:
    """The rows of one build that §7 compares."""

    year_balances: tuple[YearBalanceRow, ...]
    csed_by_year: tuple[CsedYearRow, ...]
    tax_year_flags: tuple[TaxYearFlagsRow, ...]
    csed_by_assessment: tuple[CsedAssessmentRow, ...]
    resolution_options: tuple[ResolutionOptionsRow, ...]
    activity: tuple[Activity, ...]
    income_documents: tuple[IncomeDocument, ...]


def compared_of(case_id: str, rows: BuildRows) -> Compared:
    return Compared(
        {
            YEARS: _years(rows),
            ASSESSMENTS: _by_key(
                Keyed(
                    {
                        "tax_year": a.tax_year,
                        "owner": a.owner,
                        "assessment_code": a.assessment_code,
                        "assessment_date": _json(a.assessment_date),
                        "assessed_amount": _json(a.assessed_amount),
                    },
                    {"adjusted_csed": _json(a.adjusted_csed)},
                )
                for a in rows.csed_by_assessment
            ),
            COLLECTION_ACTIONS: _by_key(
                Keyed(
                    {
                        "tax_year": a.tax_year,
                        "owner": a.owner,
                        "code": a.code,
                        "posted_date": _json(a.activity_date),
                        "amount": _json(a.amount),
                    }
                )
                for a in rows.activity
                if a.indicates_collection_action
            ),
            INCOME_DOCUMENTS: _by_key(
                Keyed(
                    {
                        "tax_year": d.tax_year,
                        "form_type": d.form_type,
                        "issuer_tin_last4": d.issuer_tin_last4,
                        "recipient_tin_last4": d.recipient_tin_last4,
                        "gross_amount": _json(d.gross_amount),
                    }
                )
                for d in rows.income_documents
                if d.duplicate_of_line_no is None
            ),
            CASE: _by_key(
                Keyed(
                    {"case_id": case_id},
                    {
                        "ia_eligible": r.ia_eligible,
                        "oic_eligible": r.oic_eligible,
                        "cnc_eligible": r.cnc_eligible,
                        "disposable_income": _json(r.disposable_income),
                    },
                )
                for r in rows.resolution_options
            ),
        }
    )


def _years(rows: BuildRows) -> dict[KeyText, Keyed]:
    values: dict[tuple[int, str], Columns] = {}
    for b in rows.year_balances:
        values.setdefault((b.tax_year, b.owner), {}).update(
            payoff_balance=_json(b.payoff_balance), lien_filed=b.lien_filed
        )
    for c in rows.csed_by_year:
        values.setdefault((c.tax_year, c.owner), {}).update(
            latest_csed=_json(c.latest_csed), csed_status=c.csed_status
        )
    for f in rows.tax_year_flags:
        values.setdefault((f.tax_year, f.owner), {}).update(
            sfr_indicator=f.sfr_indicator,
            aur_indicator=f.aur_indicator,
            exam_indicator=f.exam_indicator,
        )
    return _by_key(
        Keyed({"tax_year": year, "owner": owner}, columns)
        for (year, owner), columns in sorted(values.items())
    )


def _by_key(rows: Iterable[Keyed]) -> dict[KeyText, Keyed]:
    """Rows by their key's values; rows with equal keys are one row (§7: one change per key).
    Every row of a section has the same key columns in the same order (`compared_of`)."""
    return {tuple(row.key.values()): row for row in rows}


def _json(value: Decimal | datetime.date | None) -> str | None:
    """Money as stored ("1234.50": every compared amount is a numeric(14,2) column or a Gold
    value rounded to cents), a date as ISO text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat()
