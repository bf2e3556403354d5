"""How the sources print money, dates and form types: several spellings, chosen per value."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Literal

DateStyle = Literal["mdy_dash", "mdy_slash", "iso", "month_abbr"]
DATE_STYLES: tuple[DateStyle, ...] = ("mdy_dash", "mdy_slash", "iso", "month_abbr")

MoneyStyle = Literal["number", "dollar", "commas", "parens", "dollar_inside"]

# IRS transcripts print "May 5" without a period; other months are abbreviated "Jan." etc.
_MONTHS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
)

MoneyValue = float | str


def format_date(value: date, style: DateStyle) -> str:
    if style == "mdy_dash":
        return value.strftime("%m-%d-%Y")
    if style == "mdy_slash":
        return value.strftime("%m/%d/%Y")
    if style == "iso":
        return value.isoformat()
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def _commas(cents: int) -> str:
    return f"{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def format_money(cents: int, style: MoneyStyle) -> MoneyValue:
    """Render an amount in cents; every style parses back to the same value (DOMAIN 3.1)."""
    if style == "number":
        return cents / 100
    negative = cents < 0
    if style == "dollar":
        return f"-${_commas(cents)}" if negative else f"${_commas(cents)}"
    if style == "dollar_inside":
        return f"$-{_commas(cents)}" if negative else f"${_commas(cents)}"
    if style == "parens":
        return f"({_commas(cents)})" if negative else _commas(cents)
    return f"-{_commas(cents)}" if negative else _commas(cents)


def format_printed(cents: int) -> str:
    """Money as a transcript prints it: "$52,400.00", negatives in parentheses."""
    return f"({_commas(cents)})" if cents < 0 else f"${_commas(cents)}"


_FORM_SPELLINGS: dict[str, tuple[str, ...]] = {
    "W-2": ("W-2", "W2", "w-2"),
    "W-2C": ("W-2C", "W2C"),
    "1099-NEC": ("1099-NEC", "1099 NEC", "1099NEC"),
    "1099-INT": ("1099-INT", "1099 INT"),
    "1099-R": ("1099-R", "1099 R"),
    "1099-G": ("1099-G",),
    "1099-DIV": ("1099-DIV", "1099 DIV"),
    "1099-B": ("1099-B",),
}


@dataclass
class Formatter:
    """Picks a spelling for each printed value, mostly the payload's main one."""

    rng: random.Random
    date_style: DateStyle
    money_styles: tuple[MoneyStyle, ...] = ("number", "number", "dollar", "commas")
    negative_styles: tuple[MoneyStyle, ...] = ("number", "dollar", "parens", "dollar_inside")
    form_type_variety: float = 0.3

    def money(self, cents: int) -> MoneyValue:
        styles = self.negative_styles if cents < 0 else self.money_styles
        return format_money(cents, self.rng.choice(styles))

    def date(self, value: date) -> str:
        style = self.date_style if self.rng.random() < 0.75 else self.rng.choice(DATE_STYLES)
        return format_date(value, style)

    def form_type(self, canonical: str) -> str:
        spellings = _FORM_SPELLINGS.get(canonical, (canonical,))
        if self.rng.random() < self.form_type_variety:
            return self.rng.choice(spellings)
        return spellings[0]
