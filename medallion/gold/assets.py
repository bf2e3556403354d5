"""Assets (DOMAIN 4.6): `financial_accounts`, `vehicles`, `real_property`, `other_assets`.

Grid rows of the interview are preferred; the snapshot's totals are used only when the grid is
empty, so nothing is counted twice. In every `equity` a null loan counts as 0 and a null value
gives a null equity (it may be negative: a loan above the value).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.money import to_cents
from medallion.gold.silver_inputs import InterviewSnapshot

FINANCIAL_ACCOUNTS_TABLE = "financial_accounts"
VEHICLES_TABLE = "vehicles"
REAL_PROPERTY_TABLE = "real_property"
OTHER_ASSETS_TABLE = "other_assets"

# Snapshot balances that become one financial account each: (account_type, value, loan).
SNAPSHOT_ACCOUNTS = (
    ("cash", "cash_on_hand", None),
    ("investment", "investments_value", "investments_loan"),
    ("life_insurance_cash_value", "life_insurance_value", "life_insurance_loan"),
    ("retirement", "retirement_value", "retirement_loan"),
)
SNAPSHOT_VEHICLE_SLOTS = (1, 2, 3, 4)
SNAPSHOT_OTHER_ASSETS = (
    ("personal_effects", "personal_effects_value", "personal_effects_loan"),
    ("other", "other_assets_value", "other_assets_loan"),
)
UNKNOWN_KIND = "unknown"


@dataclass(frozen=True)
class FinancialAccountRow:
    case_id: str
    account_no: int
    account_type: str
    institution_name: str | None
    current_balance: Decimal | None
    loan_balance: Decimal | None
    equity: Decimal | None
    balance_date: datetime.date | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class VehicleRow:
    case_id: str
    vehicle_no: int
    year: int | None
    make: str | None
    model: str | None
    vehicle_type: str
    current_value: Decimal | None
    mileage: int | None
    loan_balance: Decimal | None
    monthly_payment: Decimal | None
    final_payment_date: datetime.date | None
    equity: Decimal | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class RealPropertyRow:
    case_id: str
    property_no: int
    address: str | None
    property_type: str
    current_market_value: Decimal | None
    purchase_date: datetime.date | None
    purchase_price: Decimal | None
    mortgage_balance: Decimal | None
    monthly_payment: Decimal | None
    final_payment_date: datetime.date | None
    equity: Decimal | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class OtherAssetRow:
    case_id: str
    asset_no: int
    asset_kind: str
    current_value: Decimal | None
    loan_balance: Decimal | None
    equity: Decimal | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def equity(value: Decimal | None, loan: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value - (loan or Decimal(0))


def bank_account_type(raw: str | None) -> str:
    """The grid's free-text type as `checking`, `savings` or `other`."""
    text = (raw or "").casefold()
    if "check" in text:
        return "checking"
    if "saving" in text:
        return "savings"
    return "other"


def build_financial_accounts(ctx: GoldContext) -> Built[FinancialAccountRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    # (account_type, institution, balance, loan, bronze_id)
    entries: list[tuple[str, str | None, Decimal | None, Decimal | None, UUID]] = [
        (bank_account_type(a.account_type), a.institution_name, a.balance, None, a.bronze_id)
        for a in ctx.silver.bank_accounts
    ]
    if not entries and s.money("bank_accounts_total") is not None:
        entries.append(("bank_total", None, s.money("bank_accounts_total"), None, s.bronze_id))
    for account_type, value_column, loan_column in SNAPSHOT_ACCOUNTS:
        value, loan = _value_and_loan(s, value_column, loan_column)
        if value is not None or loan is not None:
            entries.append((account_type, None, value, loan, s.bronze_id))
    rows = tuple(
        FinancialAccountRow(
            case_id=ctx.case_id,
            account_no=n,
            account_type=account_type,
            institution_name=institution,
            current_balance=to_cents(balance),
            loan_balance=to_cents(loan),
            equity=to_cents(equity(balance, loan)),
            balance_date=s.fetched_on,
            source_bronze_ids=lineage([bronze_id]),
            as_of_date=ctx.as_of,
            assumptions=(),
        )
        for n, (account_type, institution, balance, loan, bronze_id) in enumerate(entries)
    )
    return Built(rows=rows)


def build_vehicles(ctx: GoldContext) -> Built[VehicleRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    rows = [
        VehicleRow(
            case_id=ctx.case_id,
            vehicle_no=n,
            year=v.year,
            make=v.make,
            model=v.model,
            vehicle_type=UNKNOWN_KIND,
            current_value=to_cents(v.current_value),
            mileage=v.mileage,
            loan_balance=to_cents(v.loan_balance),
            monthly_payment=to_cents(v.monthly_payment),
            final_payment_date=v.final_payment_date,
            equity=to_cents(equity(v.current_value, v.loan_balance)),
            source_bronze_ids=lineage([v.bronze_id]),
            as_of_date=ctx.as_of,
            assumptions=(),
        )
        for n, v in enumerate(ctx.silver.vehicles)
    ]
    if not rows:
        for slot in SNAPSHOT_VEHICLE_SLOTS:
            value, loan = _value_and_loan(s, f"vehicle{slot}_value", f"vehicle{slot}_loan")
            if value is None and loan is None:
                continue
            rows.append(
                VehicleRow(
                    case_id=ctx.case_id,
                    vehicle_no=len(rows),
                    year=None,
                    make=None,
                    model=None,
                    vehicle_type=UNKNOWN_KIND,
                    current_value=to_cents(value),
                    mileage=None,
                    loan_balance=to_cents(loan),
                    monthly_payment=None,
                    final_payment_date=None,
                    equity=to_cents(equity(value, loan)),
                    source_bronze_ids=lineage([s.bronze_id]),
                    as_of_date=ctx.as_of,
                    assumptions=(),
                )
            )
    return Built(rows=tuple(rows))


def build_real_property(ctx: GoldContext) -> Built[RealPropertyRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    rows = [
        RealPropertyRow(
            case_id=ctx.case_id,
            property_no=n,
            address=p.address,
            property_type=UNKNOWN_KIND,
            current_market_value=to_cents(p.current_value),
            purchase_date=p.purchase_date,
            purchase_price=to_cents(p.purchase_price),
            mortgage_balance=to_cents(p.loan_balance),
            monthly_payment=to_cents(p.monthly_payment),
            final_payment_date=p.final_payment_date,
            equity=to_cents(equity(p.current_value, p.loan_balance)),
            source_bronze_ids=lineage([p.bronze_id]),
            as_of_date=ctx.as_of,
            assumptions=(),
        )
        for n, p in enumerate(ctx.silver.real_property)
    ]
    value, loan = _value_and_loan(s, "real_estate_value", "real_estate_loan")
    if not rows and (value is not None or loan is not None):
        rows.append(
            RealPropertyRow(
                case_id=ctx.case_id,
                property_no=0,
                address=None,
                property_type=UNKNOWN_KIND,
                current_market_value=to_cents(value),
                purchase_date=None,
                purchase_price=None,
                mortgage_balance=to_cents(loan),
                monthly_payment=None,
                final_payment_date=None,
                equity=to_cents(equity(value, loan)),
                source_bronze_ids=lineage([s.bronze_id]),
                as_of_date=ctx.as_of,
                assumptions=(),
            )
        )
    return Built(rows=tuple(rows))


def build_other_assets(ctx: GoldContext) -> Built[OtherAssetRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    rows: list[OtherAssetRow] = []
    for kind, value_column, loan_column in SNAPSHOT_OTHER_ASSETS:
        value, loan = _value_and_loan(s, value_column, loan_column)
        if value is None and loan is None:
            continue
        rows.append(
            OtherAssetRow(
                case_id=ctx.case_id,
                asset_no=len(rows),
                asset_kind=kind,
                current_value=to_cents(value),
                loan_balance=to_cents(loan),
                equity=to_cents(equity(value, loan)),
                source_bronze_ids=lineage([s.bronze_id]),
                as_of_date=ctx.as_of,
                assumptions=(),
            )
        )
    return Built(rows=tuple(rows))


def _value_and_loan(
    s: InterviewSnapshot, value_column: str, loan_column: str | None
) -> tuple[Decimal | None, Decimal | None]:
    return s.money(value_column), None if loan_column is None else s.money(loan_column)
