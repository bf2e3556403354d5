"""The versioned rule tables Silver applies (seeded by ``migrations/011_silver_rules.sql``)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from medallion.platform.db import Connection
from medallion.silver import jsontext


@dataclass(frozen=True)
class TransactionRule:
    """A row of ``at_transaction_rules`` (DOMAIN 3.5)."""

    code: str
    meaning: str
    transaction_type: str
    affects_balance: bool
    affects_csed: bool
    starts_csed: bool
    csed_toll_days: int
    indicates_collection_action: bool
    balance_sign: int


@dataclass(frozen=True)
class FormRule:
    """A row of ``wi_type_rules`` (DOMAIN 3.8)."""

    form_code: str
    category: str
    is_self_employment: bool
    include_in_projection: bool
    affects_resolution_options: bool
    resolution_income_asset: str | None
    income_fields: tuple[str, ...]
    withholding_fields: tuple[str, ...]


CLOSE, CANCEL, REVERSE = "close", "cancel", "reverse"


class Explained(Protocol):
    """A transaction as the tolling rules see it."""

    @property
    def code(self) -> str: ...

    @property
    def explanation(self) -> str | None: ...


@dataclass(frozen=True)
class TollingRule:
    """A row of ``csed_calculation_rules``."""

    rule_id: str
    category: str
    start_codes: frozenset[str]
    start_pattern: re.Pattern[str] | None
    start_requires_amount: bool
    end_code: str | None
    end_pattern: re.Pattern[str] | None
    end_action: str | None
    additional_toll_days: int
    additional_toll_months: int
    end_without_start_counts: bool

    def starts(self, txn: Explained) -> bool:
        return txn.code in self.start_codes and _matches(self.start_pattern, txn.explanation)

    def ends(self, txn: Explained) -> bool:
        return txn.code == self.end_code and _matches(self.end_pattern, txn.explanation)

    def extra_days(self, end: date) -> int:
        return self.additional_toll_days + _days_to_months_later(end, self.additional_toll_months)


def _matches(pattern: re.Pattern[str] | None, explanation: str | None) -> bool:
    return pattern is None or (explanation is not None and pattern.search(explanation) is not None)


def _days_to_months_later(start: date, months: int) -> int:
    """Days from ``start`` to the same day ``months`` calendar months later (that month's last day
    when it has no such day)."""
    if months == 0:
        return 0
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return (date(year, month, day) - start).days


def compile_pattern(text: str | None) -> re.Pattern[str] | None:
    return None if text is None else re.compile(text, re.IGNORECASE)


@dataclass(frozen=True)
class RuleSet:
    version: str
    transactions: Mapping[str, TransactionRule]
    forms: Mapping[str, FormRule]
    tolling: tuple[TollingRule, ...] = ()


CURRENT_RULES_VERSION_SQL = "SELECT rules_version FROM rule_sets WHERE is_current"

TRANSACTION_RULES_SQL = """
SELECT code, meaning, transaction_type, affects_balance, affects_csed, starts_csed,
       csed_toll_days, indicates_collection_action, balance_sign
FROM at_transaction_rules
WHERE rules_version = $1
"""

FORM_RULES_SQL = """
SELECT form_code, category, is_self_employment, include_in_projection,
       affects_resolution_options, resolution_income_asset,
       income_fields::text AS income_fields, withholding_fields::text AS withholding_fields
FROM wi_type_rules
WHERE rules_version = $1
"""


TOLLING_RULES_SQL = """
SELECT rule_id, category, start_codes, start_explanation_pattern, start_requires_amount, end_code,
       end_explanation_pattern, end_action, additional_toll_days, additional_toll_months,
       end_without_start_counts
FROM csed_calculation_rules
WHERE rules_version = $1 AND active
ORDER BY pairing_order
"""


def _labels(json_text: str | None) -> tuple[str, ...]:
    if json_text is None:
        return ()
    labels: Any = jsontext.loads(json_text)
    return tuple(str(label) for label in labels)


# A published rules_version never changes (new rules get a new version), so each version's rules
# are read once per process; only the name of the current version is asked on every promotion.
_RULES_BY_VERSION: dict[str, RuleSet] = {}


async def load_rules(conn: Connection) -> RuleSet:
    version = await conn.fetchval(CURRENT_RULES_VERSION_SQL)
    if version is None:
        raise RuntimeError("no current rule set in rule_sets: apply migrations 011 and later")
    if version not in _RULES_BY_VERSION:
        _RULES_BY_VERSION[version] = await _read_rules(conn, version)
    return _RULES_BY_VERSION[version]


async def _read_rules(conn: Connection, version: str) -> RuleSet:
    transactions = {
        row["code"]: TransactionRule(
            code=row["code"],
            meaning=row["meaning"],
            transaction_type=row["transaction_type"],
            affects_balance=row["affects_balance"],
            affects_csed=row["affects_csed"],
            starts_csed=row["starts_csed"],
            csed_toll_days=row["csed_toll_days"],
            indicates_collection_action=row["indicates_collection_action"],
            balance_sign=row["balance_sign"],
        )
        for row in await conn.fetch(TRANSACTION_RULES_SQL, version)
    }
    forms = {
        row["form_code"]: FormRule(
            form_code=row["form_code"],
            category=row["category"],
            is_self_employment=row["is_self_employment"],
            include_in_projection=row["include_in_projection"],
            affects_resolution_options=row["affects_resolution_options"],
            resolution_income_asset=row["resolution_income_asset"],
            income_fields=_labels(row["income_fields"]),
            withholding_fields=_labels(row["withholding_fields"]),
        )
        for row in await conn.fetch(FORM_RULES_SQL, version)
    }
    tolling = tuple(
        TollingRule(
            rule_id=row["rule_id"],
            category=row["category"],
            start_codes=frozenset(row["start_codes"]),
            start_pattern=compile_pattern(row["start_explanation_pattern"]),
            start_requires_amount=row["start_requires_amount"],
            end_code=row["end_code"],
            end_pattern=compile_pattern(row["end_explanation_pattern"]),
            end_action=row["end_action"],
            additional_toll_days=row["additional_toll_days"],
            additional_toll_months=row["additional_toll_months"],
            end_without_start_counts=row["end_without_start_counts"],
        )
        for row in await conn.fetch(TOLLING_RULES_SQL, version)
    )
    return RuleSet(version, transactions, forms, tolling)
