"""Canonical JSON for payload hashing (DOMAIN 2.5).

Object keys sorted, no insignificant whitespace, array order kept, numbers exactly as received
(their source text, never re-rendered through a float), strings as raw UTF-8 with only `"`, `\\`
and control characters escaped.
"""

import hashlib
import json
import re
from typing import Any


class _NumberText(str):
    """A JSON number kept as the text it arrived as."""


def _refuse_constant(word: str) -> Any:
    raise NonFiniteNumber(f"JSON with {word}")


class NonFiniteNumber(ValueError):
    """NaN or Infinity: Python's parser accepts them, JSON and Postgres do not."""


def loads_preserving_numbers(text: str | bytes) -> Any:
    return json.loads(
        text, parse_float=_NumberText, parse_int=_NumberText, parse_constant=_refuse_constant
    )


# What a canonical string escapes; most strings hold none of it.
_TO_ESCAPE = re.compile(r'["\\\x00-\x1f]')


def _escape(text: str) -> str:
    if _TO_ESCAPE.search(text) is None:
        return f'"{text}"'
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, _NumberText):
        out.append(str.__str__(value))
    elif isinstance(value, str):
        out.append(_escape(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value)):
            if i:
                out.append(",")
            out.append(_escape(key))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    else:  # only reachable for values built in Python rather than parsed
        out.append(json.dumps(value))


def canonical_json(value: Any) -> str:
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def canonical_sha256(body: bytes) -> str:
    """SHA-256 of the canonical form of a JSON body; raises ValueError if it is not JSON."""
    return hashlib.sha256(canonical_json(loads_preserving_numbers(body)).encode()).hexdigest()
