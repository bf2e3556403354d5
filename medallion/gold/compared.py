"""What the next build of a case compares with (DOMAIN §7): the compared columns, by key.

A build's `Compared` is taken from its Gold rows (and, for collection actions and income
documents, from the Silver rows it read), kept as JSON-ready values (money as a string of cents,
dates as ISO text) and stored on its `gold_builds` row. Rows are tuples of values under column
names kept once per section: a large case has thousands of keys, and only the few that changed
are ever turned into named columns. Values that move with `as_of_date` alone
(`days_remaining`, `months_until_*`, `collection_action_last_365d`) are never taken. A TIN is
kept only as its last 4 digits.
"""

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

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

# Key and compared columns per section (DOMAIN §7's keys; `years` merges three tables).
PAYOFF_BALANCE = "payoff_balance"
LIEN_FILED = "lien_filed"
CSED_COLUMNS = ("latest_csed", "csed_status")
FLAG_COLUMNS = ("sfr_indicator", "aur_indicator", "exam_indicator")
ELIGIBILITY_COLUMNS = ("ia_eligible", "oic_eligible", "cnc_eligible")
DISPOSABLE_INCOME = "disposable_income"
YEAR_KEY = ("tax_year", "owner")
YEAR_VALUES = (PAYOFF_BALANCE, LIEN_FILED, *CSED_COLUMNS, *FLAG_COLUMNS)
ASSESSMENT_KEY = ("tax_year", "owner", "assessment_code", "assessment_date", "assessed_amount")
ASSESSMENT_VALUES = ("adjusted_csed",)
COLLECTION_ACTION_KEY = ("tax_year", "owner", "code", "posted_date", "amount")
INCOME_DOCUMENT_KEY = (
    "tax_year",
    "form_type",
    "issuer_tin_last4",
    "recipient_tin_last4",
    "gross_amount",
)
CASE_KEY = ("case_id",)
CASE_VALUES = (*ELIGIBILITY_COLUMNS, DISPOSABLE_INCOME)


@dataclass(frozen=True)
class Keyed:
    """One row's key columns and compared columns, by name."""

    key: Columns
    values: Columns = field(default_factory=dict)

    @property
    def tax_year(self) -> int | None:
        year = self.key.get("tax_year")
        return year if isinstance(year, int) else None


KeyValues = tuple[JsonValue, ...]


@dataclass(frozen=True)
class Section:
    """One section's rows: compared values by key values, the column names once. Rows with
    equal keys are one row (§7: one change per kind and key)."""

    key_columns: tuple[str, ...] = ()
    value_columns: tuple[str, ...] = ()
    rows: Mapping[KeyValues, tuple[JsonValue, ...]] = field(default_factory=dict)

    def keyed(self, key: KeyValues) -> Keyed:
        return Keyed(
            dict(zip(self.key_columns, key, strict=True)),
            dict(zip(self.value_columns, self.rows[key], strict=True)),
        )

    @classmethod
    def of(cls, rows: Iterable[Keyed]) -> "Section":
        """A section from named rows (all with the same columns)."""
        listed = list(rows)
        first = listed[0] if listed else Keyed({})
        return cls(
            tuple(first.key),
            tuple(first.values),
            {tuple(r.key.values()): tuple(r.values.values()) for r in listed},
        )


_EMPTY = Section()


@dataclass(frozen=True)
class Compared:
    sections: Mapping[str, Section]

    @classmethod
    def of(cls, sections: Mapping[str, Iterable[Keyed]]) -> "Compared":
        return cls({name: Section.of(rows) for name, rows in sections.items()})

    def section(self, name: str) -> Section:
        return self.sections.get(name, _EMPTY)

    def to_json(self) -> str:
        return json.dumps(
            {
                name: {
                    "key": section.key_columns,
                    "values": section.value_columns,
                    "rows": [[key, values] for key, values in section.rows.items()],
                }
                for name, section in self.sections.items()
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> "Compared":
        return cls(
            {
                name: Section(
                    tuple(stored["key"]),
                    tuple(stored["values"]),
                    {tuple(key): tuple(values) for key, values in stored["rows"]},
                )
                for name, stored in json.loads(text).items()
            }
        )


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


def compared_of(rows: BuildRows) -> Compared:
    return Compared(
        {
            YEARS: _years(rows),
            ASSESSMENTS: Section(
                ASSESSMENT_KEY,
                ASSESSMENT_VALUES,
                {
                    (
                        a.tax_year,
                        a.owner,
                        a.assessment_code,
                        _json(a.assessment_date),
                        _json(a.assessed_amount),
                    ): (_json(a.adjusted_csed),)
                    for a in rows.csed_by_assessment
                },
            ),
            COLLECTION_ACTIONS: Section(
                COLLECTION_ACTION_KEY,
                (),
                {
                    (a.tax_year, a.owner, a.code, _json(a.activity_date), _json(a.amount)): ()
                    for a in rows.activity
                    if a.indicates_collection_action
                },
            ),
            INCOME_DOCUMENTS: Section(
                INCOME_DOCUMENT_KEY,
                (),
                {
                    (
                        d.tax_year,
                        d.form_type,
                        d.issuer_tin_last4,
                        d.recipient_tin_last4,
                        _json(d.gross_amount),
                    ): ()
                    for d in rows.income_documents
                    if d.duplicate_of_line_no is None
                },
            ),
            CASE: Section(
                CASE_KEY,
                CASE_VALUES,
                {
                    (r.case_id,): (
                        r.ia_eligible,
                        r.oic_eligible,
                        r.cnc_eligible,
                        _json(r.disposable_income),
                    )
                    for r in rows.resolution_options
                },
            ),
        }
    )


def _years(rows: BuildRows) -> Section:
    values: dict[tuple[int, str], Columns] = {}
    for b in rows.year_balances:
        values.setdefault((b.tax_year, b.owner), {}).update(
            {PAYOFF_BALANCE: _json(b.payoff_balance), LIEN_FILED: b.lien_filed}
        )
    for c in rows.csed_by_year:
        csed = (_json(c.latest_csed), c.csed_status)
        values.setdefault((c.tax_year, c.owner), {}).update(zip(CSED_COLUMNS, csed, strict=True))
    for f in rows.tax_year_flags:
        flags = (f.sfr_indicator, f.aur_indicator, f.exam_indicator)
        values.setdefault((f.tax_year, f.owner), {}).update(zip(FLAG_COLUMNS, flags, strict=True))
    return Section(
        YEAR_KEY,
        YEAR_VALUES,
        {
            key: tuple(columns.get(c) for c in YEAR_VALUES)
            for key, columns in sorted(values.items())
        },
    )


def _json(value: Decimal | datetime.date | None) -> str | None:
    """Money as stored ("1234.50": every compared amount is a numeric(14,2) column or a Gold
    value rounded to cents), a date as ISO text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat()
