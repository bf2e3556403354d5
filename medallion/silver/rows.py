"""Typed Silver rows. Field names are the table's column names (DOMAIN 3.3–3.12); ``case_id`` and
``rules_version`` are added when the rows are written.

Rows are slotted but not frozen: a frozen dataclass sets each field through
``object.__setattr__``, about ten times the cost of a plain one, and a large case builds tens of
thousands of rows. They are treated as values all the same: built once, changed only through
``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID


@dataclass(slots=True)
class TaxYearRow:
    tax_year: int
    owner: str
    owner_raw: str | None
    source_file: str | None
    filing_status: str | None
    return_filed: bool | None
    return_filed_date: date | None
    agi: Decimal | None
    taxable_income: Decimal | None
    tax_per_return: Decimal | None
    total_tax: Decimal | None
    account_balance: Decimal | None
    accrued_interest: Decimal | None
    accrued_penalty: Decimal | None
    total_balance: Decimal | None
    processing_date: date | None
    has_at: bool
    has_wi: bool
    has_trt: bool
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class AccountActivityRow:
    tax_year: int
    owner: str
    line_no: int
    irs_transaction_code: str
    activity_date: date
    amount: Decimal | None
    amount_sign_inferred: bool
    explanation: str | None
    balance_after: Decimal | None
    transaction_type: str
    affects_balance: bool
    affects_csed: bool
    starts_csed: bool
    csed_toll_days: int | None
    indicates_collection_action: bool
    balance_sign: int | None
    rule_matched: bool
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class IncomeDocumentRow:
    tax_year: int
    line_no: int
    form_type: str | None
    gross_amount: Decimal | None
    federal_withholding: Decimal | None
    issuer_tin: str | None
    issuer_name: str | None
    issuer_address: str | None
    recipient_tin_last4: str | None
    recipient_name: str | None
    recipient_address: str | None
    person_type: str
    person_type_basis: str
    source_category: str | None
    category: str
    is_self_employment: bool
    include_in_projection: bool
    affects_resolution_options: bool
    resolution_income_asset: str | None
    rule_matched: bool
    is_excluded: bool
    exclusion_reason: str | None
    duplicate_of_line_no: int | None
    fields: Any  # the form's ``Fields`` object, identifiers masked
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class TrtRecordRow:
    line_no: int
    tax_year: int
    response_date: date | None
    form_number: str | None
    tax_period_ending: date | None
    primary_ssn_last4: str | None
    spouse_ssn_last4: str | None
    record_type: str | None
    category: str | None
    sub_category: str | None
    line_number: str | None
    description: str | None
    raw_value: str | None
    numeric_value: Decimal | None
    value_kind: str
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class InterviewSnapshotRow:
    interview_layout: str
    unmapped_keys: tuple[str, ...]
    values: dict[str, Any]  # column name → typed value, per the field map of interview_fields
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class BankAccountRow:
    line_no: int
    account_type: str | None
    institution_name: str | None
    balance: Decimal | None
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class RealPropertyRow:
    line_no: int
    address: str | None
    current_value: Decimal | None
    purchase_date: date | None
    purchase_price: Decimal | None
    monthly_payment: Decimal | None
    loan_balance: Decimal | None
    final_payment_date: date | None
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class VehicleRow:
    line_no: int
    year: int | None
    make: str | None
    model: str | None
    current_value: Decimal | None
    mileage: int | None
    monthly_payment: Decimal | None
    loan_balance: Decimal | None
    final_payment_date: date | None
    bronze_id: UUID
    source_path: str


@dataclass(slots=True)
class OtherExpenseRow:
    line_no: int
    name: str | None
    amount: Decimal | None
    bronze_id: UUID
    source_path: str
