from decimal import Decimal

from medallion.gold.money import format_money, sum_present, to_cents


def test_ties_round_half_away_from_zero_for_both_signs() -> None:
    assert to_cents(Decimal("0.125")) == Decimal("0.13")
    assert to_cents(Decimal("-0.125")) == Decimal("-0.13")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")  # a binary float would give 2.67


def test_below_half_rounds_toward_zero() -> None:
    assert to_cents(Decimal("2166.6666666")) == Decimal("2166.67")
    assert to_cents(Decimal("-0.1249999")) == Decimal("-0.12")


def test_null_stays_null() -> None:
    assert to_cents(None) is None


def test_sum_skips_nulls_and_is_zero_when_none_is_left() -> None:
    assert sum_present([Decimal("1.10"), None, Decimal("-0.10")]) == Decimal("1.00")
    assert sum_present([None, None]) == Decimal(0)
    assert sum_present([]) == Decimal(0)


def test_money_is_formatted_with_thousands_and_cents() -> None:
    assert format_money(Decimal("2360.5")) == "2,360.50"
    assert format_money(Decimal("-1234567.891")) == "-1,234,567.89"
