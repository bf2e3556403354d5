"""The changes between two builds of a case (DOMAIN §7): kinds, severities and the comparison.

Pure: two `Compared` and the firm's balance alert threshold in, change rows out. The kinds and
severities are named in `gold/change_kinds.py`.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from medallion.gold.change_kinds import ALERT, INFO, KINDS, ChangeCounts, ChangeKind, Severity
from medallion.gold.compared import (
    ASSESSMENTS,
    CASE,
    COLLECTION_ACTIONS,
    CSED_COLUMNS,
    DISPOSABLE_INCOME,
    ELIGIBILITY_COLUMNS,
    FLAG_COLUMNS,
    INCOME_DOCUMENTS,
    LIEN_FILED,
    PAYOFF_BALANCE,
    YEARS,
    Columns,
    Compared,
    Keyed,
    Section,
)

# "Moved by 1.00 or more" (§7) for balances and disposable income.
MONEY_MOVE = Decimal("1.00")

# The statuses a CSED takes from its date and `as_of_date` alone: the date itself is compared
# (`latest_csed`), so moving between them with the calendar is not a change.
DATED_CSED_STATUSES = frozenset({"ACTIVE", "EXPIRING_SOON", "EXPIRED"})


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    severity: Severity
    tax_year: int | None
    key: Columns
    before: Columns | None
    after: Columns | None


def counts_of(changes: list[Change]) -> ChangeCounts:
    return ChangeCounts(
        alert=sum(c.severity == ALERT for c in changes),
        info=sum(c.severity == INFO for c in changes),
    )


def compare(
    previous: Compared, current: Compared, balance_alert_threshold: Decimal
) -> list[Change]:
    """Every change from `previous` to `current`, in kind order (§7's table), then key order."""
    changes = [
        *_years(previous.section(YEARS), current.section(YEARS), balance_alert_threshold),
        *_presence(
            previous.section(ASSESSMENTS), current.section(ASSESSMENTS), "assessment", ALERT
        ),
        *_added_only(previous.section(COLLECTION_ACTIONS), current.section(COLLECTION_ACTIONS)),
        *_presence(
            previous.section(INCOME_DOCUMENTS),
            current.section(INCOME_DOCUMENTS),
            "income_document",
            INFO,
        ),
        *_case(previous.section(CASE), current.section(CASE)),
    ]
    return sorted(changes, key=_order)


def _order(change: Change) -> tuple[int, str]:
    """§7's table order, then the key's text (keys may hold nulls, which do not sort)."""
    return KINDS.index(change.kind), json.dumps(change.key)


def _years(previous: Section, current: Section, threshold: Decimal) -> Iterator[Change]:
    same_columns = previous.value_columns == current.value_columns
    for key in current.rows.keys() - previous.rows.keys():
        after = current.keyed(key)
        grown = (_money(after.values.get(PAYOFF_BALANCE)) or 0) > 0
        yield _change("year_added", ALERT if grown else INFO, after, None, after.values)
    for key in previous.rows.keys() - current.rows.keys():
        before = previous.keyed(key)
        yield _change("year_removed", INFO, before, before.values, None)
    for key in previous.rows.keys() & current.rows.keys():
        if not same_columns or previous.rows[key] != current.rows[key]:
            yield from _same_year(previous.keyed(key), current.keyed(key), threshold)


def _same_year(before: Keyed, after: Keyed, threshold: Decimal) -> Iterator[Change]:
    old, new = before.values, after.values
    old_balance, new_balance = _money(old.get(PAYOFF_BALANCE)), _money(new.get(PAYOFF_BALANCE))
    if _money_moved(old_balance, new_balance):
        # A side with no balance counts as 0 for the rise (a balance appearing is a rise).
        rise = (new_balance or 0) - (old_balance or 0)
        severity = ALERT if rise >= threshold else INFO
        yield _between("balance_changed", severity, after, old, new, (PAYOFF_BALANCE,))
    if _csed_state(old) != _csed_state(new):
        yield _between("csed_changed", ALERT, after, old, new, CSED_COLUMNS)
    if old.get(LIEN_FILED) != new.get(LIEN_FILED):
        yield _between("lien_changed", ALERT, after, old, new, (LIEN_FILED,))
    if any(old.get(c) != new.get(c) for c in FLAG_COLUMNS):
        yield _between("flag_changed", ALERT, after, old, new, FLAG_COLUMNS)


def _csed_state(values: Columns) -> tuple[object, object]:
    status = values.get("csed_status")
    return values.get("latest_csed"), "dated" if status in DATED_CSED_STATUSES else status


def _presence(
    previous: Section,
    current: Section,
    noun: Literal["assessment", "income_document"],
    added_severity: Severity,
) -> Iterator[Change]:
    added: ChangeKind = "assessment_added" if noun == "assessment" else "income_document_added"
    removed: ChangeKind = (
        "assessment_removed" if noun == "assessment" else "income_document_removed"
    )
    for key in current.rows.keys() - previous.rows.keys():
        row = current.keyed(key)
        yield _change(added, added_severity, row, None, {**row.key, **row.values})
    for key in previous.rows.keys() - current.rows.keys():
        row = previous.keyed(key)
        yield _change(removed, INFO, row, {**row.key, **row.values}, None)


def _added_only(previous: Section, current: Section) -> Iterator[Change]:
    """Collection actions: a new one is news; one gone from the transcript is not a change."""
    for key in current.rows.keys() - previous.rows.keys():
        row = current.keyed(key)
        yield _change("collection_action_added", ALERT, row, None, {**row.key, **row.values})


def _case(previous: Section, current: Section) -> Iterator[Change]:
    # A case without resolution options (no interview, no tax year) compares as all null.
    olds = [previous.keyed(key) for key in previous.rows]
    news = [current.keyed(key) for key in current.rows]
    if not olds and not news:
        return
    row = (news or olds)[0]
    old = olds[0].values if olds else {}
    new = news[0].values if news else {}
    if any(old.get(c) != new.get(c) for c in ELIGIBILITY_COLUMNS):
        yield _between("eligibility_changed", ALERT, row, old, new, ELIGIBILITY_COLUMNS)
    old_income, new_income = _money(old.get(DISPOSABLE_INCOME)), _money(new.get(DISPOSABLE_INCOME))
    if _money_moved(old_income, new_income):
        columns = (DISPOSABLE_INCOME,)
        yield _between("disposable_income_changed", INFO, row, old, new, columns)


def _money(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _money_moved(before: Decimal | None, after: Decimal | None) -> bool:
    """Moved by 1.00 or more; a value appearing or disappearing (null on one side) moved."""
    if before is None or after is None:
        return before is not after
    return abs(after - before) >= MONEY_MOVE


def _between(
    kind: ChangeKind,
    severity: Severity,
    row: Keyed,
    old: Columns,
    new: Columns,
    columns: tuple[str, ...],
) -> Change:
    return _change(
        kind,
        severity,
        row,
        {c: old.get(c) for c in columns},
        {c: new.get(c) for c in columns},
    )


def _change(
    kind: ChangeKind,
    severity: Severity,
    row: Keyed,
    before: Columns | None,
    after: Columns | None,
) -> Change:
    return Change(kind, severity, row.tax_year, row.key, before, after)
