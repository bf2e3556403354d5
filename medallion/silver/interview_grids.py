"""Interview grids → ``interview_bank_accounts``, ``interview_real_property``,
``interview_vehicles``, ``interview_other_expenses`` (DOMAIN 3.12)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from medallion.silver.aliases import lookup, pointer
from medallion.silver.interview_fields import (
    BANK_ACCOUNTS_GRID,
    GRID_KEYS,
    OTHER_EXPENSES_GRID,
    REAL_PROPERTY_GRID,
    VEHICLES_GRID,
)
from medallion.silver.issues import Issues
from medallion.silver.parsing import clean_text, parse_date, parse_int, parse_money
from medallion.silver.rows import BankAccountRow, OtherExpenseRow, RealPropertyRow, VehicleRow

Row = TypeVar("Row")


@dataclass(frozen=True)
class GridRows:
    bank_accounts: tuple[BankAccountRow, ...] = ()
    real_property: tuple[RealPropertyRow, ...] = ()
    vehicles: tuple[VehicleRow, ...] = ()
    other_expenses: tuple[OtherExpenseRow, ...] = ()


def build_grids(document: Mapping[str, Any], bronze_id: UUID, issues: Issues) -> GridRows:
    return GridRows(
        bank_accounts=_grid(document, BANK_ACCOUNTS_GRID, issues, _bank_account, bronze_id),
        real_property=_grid(document, REAL_PROPERTY_GRID, issues, _real_property, bronze_id),
        vehicles=_grid(document, VEHICLES_GRID, issues, _vehicle, bronze_id),
        other_expenses=_grid(document, OTHER_EXPENSES_GRID, issues, _other_expense, bronze_id),
    )


Reader = Callable[[str, Callable[[Any], Any]], Any]


def _grid(
    document: Mapping[str, Any],
    grid_path: str,
    issues: Issues,
    make: Callable[[int, Reader, UUID, str], Row],
    bronze_id: UUID,
) -> tuple[Row, ...]:
    items = lookup(document, grid_path)
    if not isinstance(items, list):
        return ()
    rows = []
    for line_no, item in enumerate(items):
        path = pointer(*grid_path.split("."), line_no)
        if not isinstance(item, dict):
            issues.quarantine(
                path, "not_an_object", f"interview grid entry {path} is not an object", item
            )
            continue

        def read(key: str, parser: Callable[[Any], Any], item: Any = item, path: str = path) -> Any:
            return issues.read(item, (key,), parser, concept=key, path=path)

        rows.append(make(line_no, read, bronze_id, path))
    return tuple(rows)


def _bank_account(line_no: int, read: Reader, bronze_id: UUID, path: str) -> BankAccountRow:
    return BankAccountRow(
        line_no=line_no,
        account_type=read("type", clean_text),
        institution_name=read("fullName", clean_text),
        balance=read("balance", parse_money),
        bronze_id=bronze_id,
        source_path=path,
    )


def _real_property(line_no: int, read: Reader, bronze_id: UUID, path: str) -> RealPropertyRow:
    return RealPropertyRow(
        line_no=line_no,
        address=read("propertyAddress", clean_text),
        current_value=read("currentValue", parse_money),
        purchase_date=read("purchasedDate", parse_date),
        purchase_price=read("purchasedPrice", parse_money),
        monthly_payment=read("monthlyPayment", parse_money),
        loan_balance=read("loanBalance", parse_money),
        final_payment_date=read("finalPaymentDate", parse_date),
        bronze_id=bronze_id,
        source_path=path,
    )


def _vehicle(line_no: int, read: Reader, bronze_id: UUID, path: str) -> VehicleRow:
    return VehicleRow(
        line_no=line_no,
        year=read("year", parse_int),
        make=read("make", clean_text),
        model=read("model", clean_text),
        current_value=read("currentValue", parse_money),
        mileage=read("mileage", parse_int),
        monthly_payment=read("monthlyPayment", parse_money),
        loan_balance=read("loanBalance", parse_money),
        final_payment_date=read("finalPaymentDate", parse_date),
        bronze_id=bronze_id,
        source_path=path,
    )


def _other_expense(line_no: int, read: Reader, bronze_id: UUID, path: str) -> OtherExpenseRow:
    return OtherExpenseRow(
        line_no=line_no,
        name=read("name", clean_text),
        amount=read("amount", parse_money),
        bronze_id=bronze_id,
        source_path=path,
    )


def unmapped_grid_keys(document: Mapping[str, Any]) -> list[str]:
    """``assets.vehicles.vehiclesGrid[].color`` for each grid entry key no column reads."""
    found: set[str] = set()
    for grid_path, keys in GRID_KEYS.items():
        items = lookup(document, grid_path)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    found.update(f"{grid_path}[].{key}" for key in item if key not in keys)
    return sorted(found)
