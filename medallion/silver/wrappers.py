"""Reading the record arrays of a source payload where its wrapper variant says (DOMAIN
1.2.4–1.2.6, hazard 1).

The variant is decided once, by `medallion.bronze.payload_shape` at fetch time, and stored with the
Bronze row; a payload stored without one has it decided the same way here. No variant →
:class:`UnknownWrapper`, and the caller quarantines the payload ``unknown_wrapper``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from medallion.bronze.payload_shape import BARE_ARRAY, TOP_LEVEL_TRANSACTIONS, wrapper_variant
from medallion.silver.aliases import pointer
from medallion.silver.parsing import ParseError, parse_tax_year


class UnknownWrapper(ValueError):
    def __init__(self, source: str, keys: list[str]) -> None:
        shown_keys = ", ".join(sorted(keys)[:12]) or "none"
        super().__init__(
            f"{source} payload has no known record wrapper (top-level keys: {shown_keys})"
        )
        self.detail = str(self)


@dataclass(frozen=True)
class Located:
    """One record and its JSON pointer in the payload."""

    path: str
    value: Any


@dataclass(frozen=True)
class Unwrapped:
    variant: str
    records: tuple[Located, ...]


def _from_array(variant: str, items: list[Any], *prefix: str) -> Unwrapped:
    return Unwrapped(variant, tuple(Located(pointer(*prefix, i), v) for i, v in enumerate(items)))


def _variant(source: str, payload: Any, stored: str | None) -> str:
    variant = wrapper_variant(source, payload, stored)
    if variant is None:
        keys = list(payload) if isinstance(payload, Mapping) else []
        raise UnknownWrapper(source.upper(), keys)
    return variant


def _records(variant: str, payload: Any) -> Unwrapped:
    if variant == BARE_ARRAY:
        return _from_array(BARE_ARRAY, payload)
    return _from_array(variant, payload[variant], variant)


def unwrap_at(payload: Any, variant: str | None = None) -> Unwrapped:
    """``at_records``, ``records``, ``data`` (objects only), top-level ``transactions``, array."""
    decided = _variant("at", payload, variant)
    if decided == TOP_LEVEL_TRANSACTIONS:
        return Unwrapped(TOP_LEVEL_TRANSACTIONS, (Located("", payload),))
    return _records(decided, payload)


def unwrap_trt(payload: Any, variant: str | None = None) -> Unwrapped:
    """``records``, ``trt_records``, ``data``, ``documents``, bare array."""
    return _records(_variant("trt", payload, variant), payload)


@dataclass(frozen=True)
class WiModule:
    """A ``years_data`` entry: its key, the year read from it and its module-level owner."""

    key: str
    year: int | None
    year_error: ParseError | None
    owner: Any


@dataclass(frozen=True)
class WiForm:
    path: str
    value: Any
    module: WiModule | None


@dataclass(frozen=True)
class WiUnwrapped:
    variant: str
    forms: tuple[WiForm, ...]
    # Year entries that are neither ``{"forms": [...]}`` nor an array.
    malformed_modules: tuple[Located, ...] = ()


def unwrap_wi(payload: Any, *, max_year: int, variant: str | None = None) -> WiUnwrapped:
    """``years_data`` (object keyed by year), ``forms``, ``wi_forms``, ``data``, ``documents``,
    ``income_documents``, bare array. Forms are flattened in ascending year-key order, then array
    order (never the key order of a jsonb object)."""
    decided = _variant("wi", payload, variant)
    if decided == "years_data":
        return _unwrap_years_data(payload["years_data"], max_year)
    found = _records(decided, payload)
    return WiUnwrapped(found.variant, tuple(WiForm(r.path, r.value, None) for r in found.records))


def _unwrap_years_data(years_data: Mapping[str, Any], max_year: int) -> WiUnwrapped:
    modules = [_wi_module(key, entry, max_year) for key, entry in years_data.items()]
    # Readable years first, ascending; unreadable keys after them in text order.
    modules.sort(key=lambda m: (m[0].year is None, m[0].year or 0, m[0].key))
    forms: list[WiForm] = []
    malformed: list[Located] = []
    for module, entry in modules:
        prefix: tuple[str, ...]
        if isinstance(entry, list):
            items, prefix = entry, ("years_data", module.key)
        elif isinstance(entry, Mapping) and isinstance(entry.get("forms"), list):
            items, prefix = entry["forms"], ("years_data", module.key, "forms")
        else:
            malformed.append(Located(pointer("years_data", module.key), entry))
            continue
        forms.extend(WiForm(pointer(*prefix, i), item, module) for i, item in enumerate(items))
    return WiUnwrapped("years_data", tuple(forms), tuple(malformed))


def _wi_module(key: str, entry: Any, max_year: int) -> tuple[WiModule, Any]:
    owner = entry.get("owner") if isinstance(entry, Mapping) else None
    try:
        year, error = parse_tax_year(key, max_year=max_year), None
    except ParseError as exc:
        year, error = None, exc
    return WiModule(key, year, error, owner), entry
