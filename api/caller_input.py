"""Rules for text and flags a caller sends, checked before anything reaches Temporal or Postgres,
and stated in the OpenAPI schema as the very rules the API applies.

Postgres rejects NUL in text and lone surrogates anywhere; control and format characters make
logs and the UI lie about what was sent. Such input is refused with a 422 that names the field.
"""

import re
import sys
import unicodedata
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

CASE_NUMBER_MAX_CHARS = 64
REASON_MAX_CHARS = 500

# Cc: control (NUL, BEL, newline), Cs: lone surrogates, Cf: format (bidi overrides, zero width).
_UNPRINTABLE = {"Cc", "Cs", "Cf"}


def _unprintable_ranges() -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) in _UNPRINTABLE:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


def _class_member(code: int) -> str:
    # \xNN and \uNNNN read the same in ECMA (JSON Schema), Python and Rust regexes; the few
    # characters beyond the BMP are written as themselves, which all three read as one code point.
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else chr(code)


# "Printable text" for the schema: no character of the categories above. Lone surrogates are
# left out of the class (a schema's JSON text cannot carry them); printable() refuses them.
PRINTABLE_PATTERN = (
    "^[^"
    + "".join(
        _class_member(low) + ("" if low == high else "-" + _class_member(high))
        for low, high in _unprintable_ranges()
        if unicodedata.category(chr(low)) != "Cs"
    )
    + "]*$"
)


def printable(value: str) -> str:
    for position, char in enumerate(value):
        if unicodedata.category(char) in _UNPRINTABLE:
            raise ValueError(
                f"must be printable text; character {position + 1} is U+{ord(char):04X}"
            )
    return value


def true_or_false(value: object) -> object:
    """A query flag is the word true or false; not 0, 1, yes, no, on or off."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false")


# RFC 3339, as `format: date-time` says: a full date and time with its zone. Pydantic alone would
# also take a bare date or a number of seconds since 1970.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", re.ASCII
)


def rfc3339(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with its zone, e.g. 2026-01-31T08:00:00Z")
    return value


def _printable_text(max_chars: int) -> Any:
    return Field(
        min_length=1, max_length=max_chars, json_schema_extra={"pattern": PRINTABLE_PATTERN}
    )


CaseNumber = Annotated[str, _printable_text(CASE_NUMBER_MAX_CHARS), AfterValidator(printable)]
Reason = Annotated[str, _printable_text(REASON_MAX_CHARS), AfterValidator(printable)]
QueryFlag = Annotated[bool, BeforeValidator(true_or_false)]
Rfc3339 = Annotated[datetime, BeforeValidator(rfc3339)]
