"""Parsers for raw source values (DOMAIN 3.1).

Every parser is pure. Empty input (absent, null or a blank string) gives ``None``; non-empty input
that cannot be parsed raises :class:`ParseError`, so the caller decides between a warning and a
quarantine. ``0`` and ``false`` are values, never empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache, wraps
from typing import Any, Final, TypeVar

CENT: Final = Decimal("0.01")
# numeric(14,2) holds at most twelve digits before the point.
MONEY_LIMIT: Final = Decimal("1000000000000")
MIN_TAX_YEAR: Final = 1900
_DETAIL_VALUE_LIMIT: Final = 60
_TEXT_CACHE_SIZE: Final = 8192

T = TypeVar("T")


class ParseError(ValueError):
    """A non-empty value that cannot be read as the expected kind."""

    def __init__(self, reason_code: str, detail: str) -> None:
        super().__init__(f"{reason_code}: {detail}")
        self.reason_code = reason_code
        self.detail = detail


def memoised_for_text(parse: Callable[[Any], T]) -> Callable[[Any], T]:
    """``parse``, remembering its results for text inputs. A large case repeats the same strings
    (dates, codes, form types, masked SSNs) thousands of times; results are immutable, and a
    failure is not remembered, so it is raised again each time."""
    remembered = lru_cache(maxsize=_TEXT_CACHE_SIZE)(parse)

    @wraps(parse)
    def parse_value(value: Any) -> T:
        return remembered(value) if type(value) is str else parse(value)

    return parse_value


def is_empty(value: Any) -> bool:
    """Absent, null or a blank string. ``0``, ``false``, ``[]`` and ``{}`` are values."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A value known to be harmless (a transaction code) for an error detail: quoted,
    shortened, any SSN-shaped digits masked. Other values never enter a detail."""
    text = mask_ssn_text(str(value))
    if len(text) > _DETAIL_VALUE_LIMIT:
        text = text[: _DETAIL_VALUE_LIMIT - 1] + "…"
    return repr(text) if isinstance(value, str) else text


# --- text ---------------------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """A scalar as trimmed text; numbers keep their exact decimal text."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    raise ParseError("not_text", f"expected text, got {type(value).__name__}")


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


# --- money --------------------------------------------------------------------------------------

_MONEY_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+"
# After removing whitespace: optional sign and dollar sign in either order, or parentheses.
_MONEY_PLAIN = re.compile(rf"^(?P<sign>-?)\$?(?P<sign2>-?)(?P<number>{_MONEY_NUMBER})$")
_MONEY_PARENS = re.compile(rf"^\$?\(\$?(?P<number>{_MONEY_NUMBER})\)$")


@memoised_for_text
def parse_money(value: Any) -> Decimal | None:
    """Dollars as a Decimal with two places, rounded half away from zero."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ParseError("bad_amount", "a yes/no value is not an amount")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        amount = _money_from_text(value)
    else:
        raise ParseError("bad_amount", f"expected an amount, got {type(value).__name__}")
    if not amount.is_finite():
        raise ParseError("bad_amount", "amount is not finite")
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # "(0)" and "-0.001" are 0.00, not -0.00
    if abs(rounded) >= MONEY_LIMIT:
        raise ParseError("bad_amount", "amount exceeds numeric(14,2)")
    return rounded


def _money_from_text(text: str) -> Decimal:
    compact = "".join(text.split())
    negative = False
    match = _MONEY_PLAIN.match(compact)
    if match:
        if match["sign"] and match["sign2"]:
            raise ParseError("bad_amount", "amount has two minus signs")
        negative = bool(match["sign"] or match["sign2"])
    else:
        match = _MONEY_PARENS.match(compact)
        if not match:
            raise ParseError("bad_amount", "amount is not a dollar amount")
        negative = True
    try:
        amount = Decimal(match["number"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise ParseError("bad_amount", "amount is not a number") from exc
    return -amount if negative else amount


# --- dates --------------------------------------------------------------------------------------

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_US_DATE = re.compile(r"^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$")
_NAMED_MONTH_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


@memoised_for_text
def parse_date(value: Any) -> date | None:
    """``YYYY-MM-DD``, ISO date-time, ``MM-DD-YYYY``, ``MM/DD/YYYY``, ``Mon. D, YYYY``,
    ``Month D, YYYY``."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ParseError("bad_date", f"date is not text but {type(value).__name__}")
    text = collapse_spaces(value)
    try:
        if match := _ISO_DATE.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _US_DATE.match(text):
            return date(int(match[4]), int(match[1]), int(match[3]))
        if (match := _NAMED_MONTH_DATE.match(text)) and match[1].lower() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
    except ValueError as exc:
        raise ParseError("bad_date", "date is not a calendar date") from exc
    raise ParseError("bad_date", "date is in no accepted format")


# --- tax year -----------------------------------------------------------------------------------

_FOUR_DIGIT_RUN = re.compile(r"(?<!\d)\d{4}(?!\d)")
_YEAR_MONTH_PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


def parse_tax_year(value: Any, *, max_year: int) -> int | None:
    """One 4-digit token, a ``YYYYMM`` period or a date's year, within 1900…``max_year``.

    Never strips all non-digits and never supplies a default year.
    """
    if is_empty(value):
        return None
    year = _year_candidate(value)
    if not MIN_TAX_YEAR <= year <= max_year:
        raise ParseError("bad_tax_year", f"tax year is outside {MIN_TAX_YEAR}…{max_year}")
    return year


@memoised_for_text
def _year_candidate(value: Any) -> int:
    if isinstance(value, bool):
        raise ParseError("bad_tax_year", "a yes/no value is not a tax year")
    if isinstance(value, date):
        return value.year
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        raise ParseError("bad_tax_year", "tax year is not a whole number")
    if not isinstance(value, str):
        raise ParseError(
            "bad_tax_year", f"tax year is not text or a number but {type(value).__name__}"
        )
    text = value.strip()
    tokens = _FOUR_DIGIT_RUN.findall(text)
    if len(tokens) == 1:
        return int(tokens[0])
    if match := _YEAR_MONTH_PERIOD.match(text):
        return int(match[1])
    detail = "has several 4-digit years" if tokens else "holds no 4-digit year"
    raise ParseError("bad_tax_year", f"tax year {detail}")


# --- booleans and enumerations ------------------------------------------------------------------

_BOOLEANS: Final = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "filed": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
    "unfiled": False,
}


def parse_bool(value: Any) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        return _BOOLEANS[value.strip().lower()]
    raise ParseError("bad_boolean", "value is not a yes/no value")


FILING_STATUSES: Final = ("SINGLE", "MFJ", "MFS", "HOH", "QSS")
_FILING_STATUS_SPELLINGS: Final = {
    "single": "SINGLE",
    "married filing jointly": "MFJ",
    "married filing joint": "MFJ",
    "mfj": "MFJ",
    "joint": "MFJ",
    "married filing separately": "MFS",
    "mfs": "MFS",
    "head of household": "HOH",
    "hoh": "HOH",
    "qualifying widow(er)": "QSS",
    "qw": "QSS",
    "qss": "QSS",
}


def parse_filing_status(value: Any) -> str | None:
    if is_empty(value):
        return None
    key = collapse_spaces(str(value)).lower()
    if key in _FILING_STATUS_SPELLINGS:
        return _FILING_STATUS_SPELLINGS[key]
    raise ParseError("bad_filing_status", "filing status is not recognised")


PAY_FREQUENCIES: Final = ("weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annual")
_PAY_FREQUENCY_SPELLINGS: Final = {
    "weekly": "weekly",
    "every week": "weekly",
    "biweekly": "biweekly",
    "bi-weekly": "biweekly",
    "every two weeks": "biweekly",
    "every other week": "biweekly",
    "semimonthly": "semimonthly",
    "semi-monthly": "semimonthly",
    "twice a month": "semimonthly",
    "monthly": "monthly",
    "month": "monthly",
    "quarterly": "quarterly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
    "year": "annual",
}


def parse_pay_frequency(value: Any) -> str | None:
    """Canonical pay frequency (DOMAIN 4.1)."""
    if is_empty(value):
        return None
    key = collapse_spaces(str(value)).lower()
    if key in _PAY_FREQUENCY_SPELLINGS:
        return _PAY_FREQUENCY_SPELLINGS[key]
    raise ParseError("bad_pay_frequency", "pay frequency is not recognised")


OWNER_TAXPAYER: Final = "TP"
OWNER_SPOUSE: Final = "S"
_OWNER_SPELLINGS: Final = {
    "tp": OWNER_TAXPAYER,
    "taxpayer": OWNER_TAXPAYER,
    "primary": OWNER_TAXPAYER,
    "s": OWNER_SPOUSE,
    "sp": OWNER_SPOUSE,
    "spouse": OWNER_SPOUSE,
}


def parse_owner(value: Any) -> tuple[str, bool]:
    """Canonical owner and whether the raw value was recognised; missing means ``TP``."""
    if is_empty(value):
        return OWNER_TAXPAYER, True
    canonical = _OWNER_SPELLINGS.get(str(value).strip().lower())
    if canonical is None:
        return OWNER_TAXPAYER, False
    return canonical, True


# --- codes --------------------------------------------------------------------------------------

_W2_PREFIX = re.compile(r"^W\s*-?\s*2(?P<rest>.*)$")
_DASHED_SERIES = re.compile(r"^(?P<series>1099)\s*-?\s*(?P<kind>[A-Z]+)$")
_PREFIXED_1099 = re.compile(r"^(?P<agency>SSA|RRB)\s*-?\s*1099$")


@memoised_for_text
def normalise_form_type(value: Any) -> str | None:
    """``w2``→``W-2``, ``W2C``→``W-2C``, ``1099 nec``→``1099-NEC``, ``SSA1099``→``SSA-1099``."""
    text = clean_text(value)
    if text is None:
        return None
    form = collapse_spaces(text.upper())
    if match := _W2_PREFIX.match(form):
        return "W-2" + match["rest"].replace(" ", "").lstrip("-")
    if match := _DASHED_SERIES.match(form):
        return f"{match['series']}-{match['kind']}"
    if match := _PREFIXED_1099.match(form):
        return f"{match['agency']}-1099"
    return form


_DIGIT_RUN = re.compile(r"\d+")


@memoised_for_text
def parse_transaction_code(value: Any) -> str | None:
    """The first run of digits, padded to three (``TC 150``→``150``, ``971 AC 043``→``971``)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ParseError("bad_code", "a yes/no value is not a transaction code")
    match = _DIGIT_RUN.search(str(value))
    if match is None:
        raise ParseError("bad_code", f"transaction code {shown(value)} holds no digits")
    if len(match[0]) > 3:
        raise ParseError("bad_code", f"transaction code {shown(value)} has more than 3 digits")
    return match[0].zfill(3)


def parse_int(value: Any) -> int | None:
    """A whole number from an integer, an integral decimal or text such as ``"88,000"``."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ParseError("bad_integer", "a yes/no value is not a number")
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ParseError("bad_integer", "value is not a whole number") from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise ParseError("bad_integer", "value is not a whole number")
    return int(number)


# --- identifiers --------------------------------------------------------------------------------

_SSN_SHAPED = re.compile(r"(?<!\d)\d{3}-?\d{2}-?(\d{4})(?!\d)")


@memoised_for_text
def ssn_last4(value: Any) -> str | None:
    """The last four digits of an SSN or TIN in any masked or clear form; fewer digits → None."""
    if is_empty(value) or isinstance(value, bool):
        return None
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else None


@memoised_for_text
def mask_tin(value: Any) -> str | None:
    """Every digit but the last four replaced by ``X`` (``12-3454567``→``XX-XXX4567``)."""
    text = clean_text(value)
    if text is None:
        return None
    digit_positions = [index for index, ch in enumerate(text) if ch.isdigit()]
    hidden = set(digit_positions[:-4])
    return "".join("X" if index in hidden else ch for index, ch in enumerate(text))


def mask_ssn_text(text: str) -> str:
    """Masks every SSN-shaped run of nine digits in free text, keeping the last four."""
    return _SSN_SHAPED.sub(lambda match: f"XXX-XX-{match[1]}", text)
