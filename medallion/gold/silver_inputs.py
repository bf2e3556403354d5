"""Typed reads of the Silver rows a Gold build needs (DOMAIN 3.3, 3.4, 3.6, 3.7, 3.11, 3.12).

Everything is read once, at the start of the promotion, inside its transaction; the builders
then work on these values only.
"""

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from medallion.platform.db import Connection

_SELECT_SNAPSHOT = """
SELECT s.*, (p.fetched_at AT TIME ZONE 'UTC')::date AS interview_fetched_on
  FROM interview_snapshot s
  LEFT JOIN bronze_payloads p ON p.bronze_id = s.bronze_id
 WHERE s.case_id = $1
"""

_SELECT_BANK_ACCOUNTS = """
SELECT line_no, account_type, institution_name, balance, bronze_id
  FROM interview_bank_accounts WHERE case_id = $1 ORDER BY line_no
"""

_SELECT_VEHICLES = """
SELECT line_no, year, make, model, current_value, mileage, monthly_payment, loan_balance,
       final_payment_date, bronze_id
  FROM interview_vehicles WHERE case_id = $1 ORDER BY line_no
"""

_SELECT_REAL_PROPERTY = """
SELECT line_no, address, current_value, purchase_date, purchase_price, monthly_payment,
       loan_balance, final_payment_date, bronze_id
  FROM interview_real_property WHERE case_id = $1 ORDER BY line_no
"""

_SELECT_OTHER_EXPENSES = """
SELECT line_no, name, amount, bronze_id
  FROM interview_other_expenses WHERE case_id = $1 ORDER BY line_no
"""

_SELECT_INCOME_DOCUMENTS = """
SELECT tax_year, line_no, form_type, gross_amount, federal_withholding, person_type,
       is_self_employment, include_in_projection, is_excluded, duplicate_of_line_no,
       fields, bronze_id,
       -- DOMAIN §7 keys a form by the issuer TIN's last 4 digits; the full TIN is never read.
       NULLIF(right(regexp_replace(issuer_tin, '[^0-9]', '', 'g'), 4), '') AS issuer_tin_last4,
       recipient_tin_last4
  FROM income_documents
 WHERE case_id = $1
 ORDER BY tax_year, line_no
"""

_SELECT_TAX_YEARS = """
SELECT tax_year, owner, filing_status, return_filed, account_balance, accrued_interest,
       accrued_penalty, total_balance, bronze_id
  FROM tax_years
 WHERE case_id = $1
 ORDER BY tax_year, owner
"""

_SELECT_TOLLING_EVENTS = """
SELECT tax_year, owner, origin, event_no, event_type, start_code, start_date, start_line_no,
       end_date, is_open, additional_toll_days, assessed_amount, bronze_id
  FROM csed_tolling_events
 WHERE case_id = $1
 ORDER BY tax_year, owner, origin DESC, event_no
"""

# `csed_tolling_events.event_type` of a TC 150/290/300 with a non-zero amount.
ASSESSMENT_EVENT = "assessment"

_SELECT_ACCOUNT_ACTIVITY = """
SELECT tax_year, owner, line_no, irs_transaction_code, activity_date, amount, transaction_type,
       affects_balance, indicates_collection_action, explanation, bronze_id
  FROM account_activity
 WHERE case_id = $1
 ORDER BY tax_year, owner, line_no
"""


@dataclass(frozen=True)
class InterviewSnapshot:
    """The case's interview row, read by column name through typed accessors."""

    bronze_id: UUID
    # UTC date the interview payload was fetched: the date its balances were true on.
    fetched_on: datetime.date | None
    values: Mapping[str, Any]

    def text(self, column: str) -> str | None:
        value = self.values[column]
        if value is None:
            return None
        return str(value).strip() or None

    def money(self, column: str) -> Decimal | None:
        value = self.values[column]
        return None if value is None else Decimal(value)

    def integer(self, column: str) -> int | None:
        value = self.values[column]
        return None if value is None else int(value)

    def day(self, column: str) -> datetime.date | None:
        value = self.values[column]
        if value is None or isinstance(value, datetime.date):
            return value
        raise TypeError(f"interview_snapshot.{column} is {type(value).__name__}, expected date")

    def any_present(self, columns: tuple[str, ...]) -> bool:
        return any(self.values[c] is not None and str(self.values[c]).strip() for c in columns)


@dataclass(frozen=True)
class IncomeDocument:
    tax_year: int
    line_no: int
    form_type: str | None  # null for an unrecognised form, which is never an input form
    gross_amount: Decimal | None
    federal_withholding: Decimal | None
    person_type: str
    is_self_employment: bool
    include_in_projection: bool
    is_excluded: bool
    duplicate_of_line_no: int | None
    fields: Any  # the form's `Fields` object (box label → value), as parsed JSON
    bronze_id: UUID
    issuer_tin_last4: str | None = None
    recipient_tin_last4: str | None = None

    @property
    def is_input(self) -> bool:
        """An input form of 4.10: projected, not excluded by an analyst, not a duplicate."""
        return (
            self.include_in_projection
            and not self.is_excluded
            and (self.duplicate_of_line_no is None)
        )


@dataclass(frozen=True)
class TaxYear:
    tax_year: int
    owner: str
    filing_status: str | None
    return_filed: bool | None
    account_balance: Decimal | None
    accrued_interest: Decimal | None
    accrued_penalty: Decimal | None
    total_balance: Decimal | None
    bronze_id: UUID


@dataclass(frozen=True)
class Activity:
    tax_year: int
    owner: str
    line_no: int
    code: str | None
    activity_date: datetime.date
    amount: Decimal | None
    transaction_type: str | None
    affects_balance: bool
    indicates_collection_action: bool
    bronze_id: UUID
    explanation: str | None = None


@dataclass(frozen=True)
class TollingEvent:
    """A `csed_tolling_events` row (3.6): an assessment, or a paired tolling interval."""

    tax_year: int
    owner: str
    origin: str  # transcript or manual
    event_no: int
    event_type: str  # `assessment`, or the interval's category
    start_code: str | None
    start_date: datetime.date | None
    start_line_no: int | None
    end_date: datetime.date | None
    is_open: bool
    additional_toll_days: int | None
    assessed_amount: Decimal | None
    bronze_id: UUID | None  # null for an analyst's manual interval

    @property
    def is_assessment(self) -> bool:
        return self.event_type == ASSESSMENT_EVENT


@dataclass(frozen=True)
class BankAccount:
    line_no: int
    account_type: str | None
    institution_name: str | None
    balance: Decimal | None
    bronze_id: UUID


@dataclass(frozen=True)
class Vehicle:
    line_no: int
    year: int | None
    make: str | None
    model: str | None
    current_value: Decimal | None
    mileage: int | None
    monthly_payment: Decimal | None
    loan_balance: Decimal | None
    final_payment_date: datetime.date | None
    bronze_id: UUID


@dataclass(frozen=True)
class RealProperty:
    line_no: int
    address: str | None
    current_value: Decimal | None
    purchase_date: datetime.date | None
    purchase_price: Decimal | None
    monthly_payment: Decimal | None
    loan_balance: Decimal | None
    final_payment_date: datetime.date | None
    bronze_id: UUID


@dataclass(frozen=True)
class OtherExpense:
    line_no: int
    name: str | None
    amount: Decimal | None
    bronze_id: UUID


@dataclass(frozen=True)
class SilverInputs:
    snapshot: InterviewSnapshot | None
    income_documents: tuple[IncomeDocument, ...] = ()
    tax_years: tuple[TaxYear, ...] = ()
    activity: tuple[Activity, ...] = ()
    tolling_events: tuple[TollingEvent, ...] = ()
    bank_accounts: tuple[BankAccount, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    real_property: tuple[RealProperty, ...] = ()
    other_expenses: tuple[OtherExpense, ...] = ()


async def load_silver_inputs(conn: Connection, case_id: str) -> SilverInputs:
    snapshot_row = await conn.fetchrow(_SELECT_SNAPSHOT, case_id)
    snapshot = (
        None
        if snapshot_row is None
        else InterviewSnapshot(
            bronze_id=snapshot_row["bronze_id"],
            fetched_on=snapshot_row["interview_fetched_on"],
            values=dict(snapshot_row),
        )
    )
    documents = tuple(
        IncomeDocument(
            tax_year=r["tax_year"],
            line_no=r["line_no"],
            form_type=r["form_type"],
            gross_amount=r["gross_amount"],
            federal_withholding=r["federal_withholding"],
            person_type=r["person_type"],
            is_self_employment=bool(r["is_self_employment"]),
            include_in_projection=bool(r["include_in_projection"]),
            is_excluded=bool(r["is_excluded"]),
            duplicate_of_line_no=r["duplicate_of_line_no"],
            fields=None if r["fields"] is None else json.loads(r["fields"]),
            bronze_id=r["bronze_id"],
            issuer_tin_last4=r["issuer_tin_last4"],
            recipient_tin_last4=r["recipient_tin_last4"],
        )
        for r in await conn.fetch(_SELECT_INCOME_DOCUMENTS, case_id)
    )
    years = tuple(TaxYear(**dict(r)) for r in await conn.fetch(_SELECT_TAX_YEARS, case_id))
    activity = tuple(
        Activity(
            tax_year=r["tax_year"],
            owner=r["owner"],
            line_no=r["line_no"],
            code=r["irs_transaction_code"],
            activity_date=r["activity_date"],
            amount=r["amount"],
            transaction_type=r["transaction_type"],
            affects_balance=bool(r["affects_balance"]),
            indicates_collection_action=bool(r["indicates_collection_action"]),
            bronze_id=r["bronze_id"],
            explanation=r["explanation"],
        )
        for r in await conn.fetch(_SELECT_ACCOUNT_ACTIVITY, case_id)
    )
    tolling = tuple(
        TollingEvent(**dict(r)) for r in await conn.fetch(_SELECT_TOLLING_EVENTS, case_id)
    )
    return SilverInputs(
        snapshot=snapshot,
        income_documents=documents,
        tax_years=years,
        activity=activity,
        tolling_events=tolling,
        bank_accounts=tuple(
            BankAccount(**dict(r)) for r in await conn.fetch(_SELECT_BANK_ACCOUNTS, case_id)
        ),
        vehicles=tuple(Vehicle(**dict(r)) for r in await conn.fetch(_SELECT_VEHICLES, case_id)),
        real_property=tuple(
            RealProperty(**dict(r)) for r in await conn.fetch(_SELECT_REAL_PROPERTY, case_id)
        ),
        other_expenses=tuple(
            OtherExpense(**dict(r)) for r in await conn.fetch(_SELECT_OTHER_EXPENSES, case_id)
        ),
    )
