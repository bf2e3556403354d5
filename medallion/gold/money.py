"""Money arithmetic for Gold (DOMAIN 4): exact Decimal, rounded once, when stored."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

CENT = Decimal("0.01")


@overload
def to_cents(value: Decimal) -> Decimal: ...
@overload
def to_cents(value: None) -> None: ...
@overload
def to_cents(value: Decimal | None) -> Decimal | None: ...
def to_cents(value: Decimal | None) -> Decimal | None:
    """Round a computed amount to cents, half away from zero (0.125 → 0.13, −0.125 → −0.13).

    `ROUND_HALF_UP` in `decimal` rounds ties away from zero, which is the rule for both signs.
    Call it only when a value is stored, never between steps of a computation.
    """
    if value is None:
        return None
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def sum_present(values: Iterable[Decimal | None]) -> Decimal:
    """Σ that skips null terms and is 0 when none is left (DOMAIN 4, "Nulls")."""
    return sum((v for v in values if v is not None), Decimal(0))


def format_money(value: Decimal) -> str:
    """`2360.5` → `2,360.50`, for warning texts."""
    return f"{to_cents(value):,.2f}"
