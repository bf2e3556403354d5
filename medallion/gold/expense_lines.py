"""The interview's expense lines (DOMAIN 4.5) and the "other" entries merged beside them."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.gold.money import sum_present
from medallion.gold.silver_inputs import InterviewSnapshot, OtherExpense


@dataclass(frozen=True)
class ExpenseLine:
    category: str
    subcategory: str  # equal to the category for a line without one (keys hold no null)
    column: str
    standard_column: str | None = None


@dataclass(frozen=True)
class Allowance:
    """One line's figures before it becomes a row."""

    category: str
    subcategory: str
    actual: Decimal | None
    standard: Decimal | None
    kind: str  # national, local, none
    allowed: Decimal | None
    needs_review: bool = False
    standard_missing: bool = False
    bronze_ids: tuple[UUID, ...] = ()
    # The reference version the standard came from (None: supplied by the interview, or none).
    version_id: int | None = None
    missing_reason: str | None = None  # why no standard was found


NATIONAL_LINES = (
    ExpenseLine("food", "food", "exp_food", "std_food"),
    ExpenseLine("housekeeping", "housekeeping", "exp_housekeeping", "std_housekeeping"),
    ExpenseLine("apparel", "apparel", "exp_apparel", "std_apparel"),
    ExpenseLine("personal_care", "personal_care", "exp_personal_care", "std_personal_care"),
    ExpenseLine("misc", "misc", "exp_misc", "std_misc"),
)

# Each national line's category as the IRS table names it.
NATIONAL_CATEGORIES = {
    "food": "food",
    "housekeeping": "housekeeping_supplies",
    "apparel": "apparel_services",
    "personal_care": "personal_care",
    "misc": "miscellaneous",
}

# The row allowing the national standards' per-person amount for persons beyond four.
ADDITIONAL_PERSONS = ("national_standards", "additional_persons")

# One local standard covers housing and utilities together.
HOUSING_GROUP = (
    ExpenseLine("housing", "mortgage_lien_1", "exp_mortgage_lien1"),
    ExpenseLine("housing", "mortgage_lien_2", "exp_mortgage_lien2"),
    ExpenseLine("housing", "rent", "exp_rent"),
    ExpenseLine("housing", "insurance", "exp_home_insurance"),
    ExpenseLine("housing", "property_tax", "exp_property_tax"),
    ExpenseLine("utilities", "gas", "exp_util_gas"),
    ExpenseLine("utilities", "electricity", "exp_util_electricity"),
    ExpenseLine("utilities", "water", "exp_util_water"),
    ExpenseLine("utilities", "sewer", "exp_util_sewer"),
    ExpenseLine("utilities", "cable", "exp_util_cable"),
    ExpenseLine("utilities", "trash", "exp_util_trash"),
    ExpenseLine("utilities", "phone", "exp_util_phone"),
)

# Lines without a standard.
PLAIN_LINES = (
    ExpenseLine("healthcare", "insurance", "exp_health_insurance"),
    ExpenseLine("taxes", "taxes", "exp_taxes"),
    ExpenseLine("court_payments", "court_payments", "exp_court_payments"),
    ExpenseLine("child_care", "child_care", "exp_child_care"),
    ExpenseLine("insurance", "term_life", "exp_term_life"),
    ExpenseLine("insurance", "whole_life", "exp_whole_life"),
)

# An "other" entry whose name holds one of these words duplicates a dedicated line; when that
# line is filled in, the dedicated line wins and the entry is not added.
DEDICATED_LINE_WORDS = (
    (("court",), ("exp_court_payments",)),
    (("child care", "childcare"), ("exp_child_care",)),
    (("life insurance",), ("exp_term_life", "exp_whole_life")),
)

UNNAMED = "unnamed"


def other_expense_allowances(
    s: InterviewSnapshot, entries: Sequence[OtherExpense]
) -> list[Allowance]:
    """`other/<name>` rows: entries with the same name (ignoring case and spacing) summed,
    allowed at their actual and flagged for review."""
    by_name: dict[str, list[OtherExpense]] = defaultdict(list)
    for entry in entries:
        name = " ".join((entry.name or "").split()).casefold() or UNNAMED
        if not _covered_by_dedicated_line(s, name):
            by_name[name].append(entry)
    allowances = []
    for name, group in by_name.items():
        amounts = [e.amount for e in group]
        if all(a is None for a in amounts):
            continue
        actual = sum_present(amounts)
        allowances.append(
            Allowance(
                category="other",
                subcategory=name,
                actual=actual,
                standard=None,
                kind="none",
                allowed=actual,
                needs_review=True,
                bronze_ids=tuple(e.bronze_id for e in group),
            )
        )
    return allowances


def skipped_other_expenses(s: InterviewSnapshot, entries: Sequence[OtherExpense]) -> list[int]:
    """Line numbers of "other" entries left out because their dedicated line is filled in."""
    return [
        e.line_no
        for e in entries
        if _covered_by_dedicated_line(s, " ".join((e.name or "").split()).casefold())
    ]


def _covered_by_dedicated_line(s: InterviewSnapshot, name: str) -> bool:
    return any(
        any(word in name for word in words) and any(s.money(c) is not None for c in columns)
        for words, columns in DEDICATED_LINE_WORDS
    )
