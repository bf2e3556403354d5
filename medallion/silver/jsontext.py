"""JSON text for jsonb parameters, writing decimals exactly (never through a float)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def loads(text: str) -> Any:
    """Parses JSON with every non-integer number as a Decimal."""
    return json.loads(text, parse_float=Decimal)


# The standard encoder refuses Decimals; most values (WI box labels and amounts as printed) hold
# none, and it is several times faster than the writer below, which a large case calls thousands
# of times. Object keys are text, as in any parsed JSON, so both give the same text.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """Compact JSON text; Decimals are written as their exact decimal text."""
    try:
        return _COMPACT.encode(value)
    except TypeError:
        pass  # a Decimal somewhere: write the value exactly
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, Mapping):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write non-finite decimal {value} as JSON")
        out.append(str(value))
    else:
        out.append(json.dumps(value, ensure_ascii=False))
