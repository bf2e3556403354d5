"""Parse a source's body into JSON that Postgres jsonb can hold, or say why it cannot.

jsonb refuses NaN and Infinity, the NUL character and lone surrogates; text refuses NUL. Such a
body is still kept in Bronze, as bytes (`non_json`), never lost and never retried.
"""

from typing import Any

from medallion.bronze.canonical_json import NonFiniteNumber, loads_preserving_numbers


class NotStorableJson(ValueError):
    """The body is not JSON Postgres can store; the message says why, in our words."""


def parse_storable(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise NotStorableJson("not UTF-8 text") from None
    try:
        parsed = loads_preserving_numbers(text)
    except NonFiniteNumber as err:
        raise NotStorableJson(str(err)) from None
    except ValueError:
        raise NotStorableJson("not JSON") from None
    # Valid UTF-8 holds no surrogate and strict parsing refuses a raw NUL in a string, so only
    # a \u escape can bring either in.
    if "\\u" in text and not _all_strings_storable(parsed):
        raise NotStorableJson("JSON with a NUL character or a lone surrogate")
    return parsed


def _all_strings_storable(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not _storable_string(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _storable_string(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
