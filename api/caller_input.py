"""Rules for text and flags a caller sends, checked before anything reaches Temporal or Postgres.

Postgres rejects NUL in text and lone surrogates anywhere; control and format characters make
logs and the UI lie about what was sent. Such input is refused with a 422 that names the field.
"""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

CASE_NUMBER_MAX_CHARS = 64
REASON_MAX_CHARS = 500

# Cc: control (NUL, BEL, newline), Cs: lone surrogates, Cf: format (bidi overrides, zero width).
_UNPRINTABLE = {"Cc", "Cs", "Cf"}


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


CaseNumber = Annotated[
    str, Field(min_length=1, max_length=CASE_NUMBER_MAX_CHARS), AfterValidator(printable)
]
Reason = Annotated[str, Field(min_length=1, max_length=REASON_MAX_CHARS), AfterValidator(printable)]
QueryFlag = Annotated[bool, BeforeValidator(true_or_false)]
