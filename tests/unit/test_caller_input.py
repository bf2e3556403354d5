"""The OpenAPI schema states the rules api/caller_input.py applies: its pattern for printable text
admits exactly the characters printable() lets through, and an RFC 3339 time needs its zone."""

import sys

import jsonschema_rs
import pytest

from api.caller_input import PRINTABLE_PATTERN, printable, rfc3339


def _printable(char: str) -> bool:
    try:
        printable(char)
    except ValueError:
        return False
    return True


def test_the_printable_pattern_admits_what_printable_admits() -> None:
    # Read as JSON Schema reads it (ECMA: `$` is the very end), by the validator schemathesis uses.
    schema = jsonschema_rs.validator_for({"type": "string", "pattern": PRINTABLE_PATTERN})
    disagree = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF  # lone surrogates: no JSON text carries them
        and schema.is_valid(chr(code)) != _printable(chr(code))
    ]
    assert disagree == []


@pytest.mark.parametrize(
    "text", ["0.5", "1700000000", "2026-12-06", "2026-12-06T20:24:37", "2026-12-06T20:24:37Z\n"]
)
def test_a_time_without_date_time_and_zone_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="RFC 3339"):
        rfc3339(text)


@pytest.mark.parametrize("text", ["2026-12-06T20:24:37Z", "2026-12-06t20:24:37.5+01:00"])
def test_an_rfc_3339_time_passes(text: str) -> None:
    assert rfc3339(text) == text
