"""Where a source payload keeps its records (DOMAIN 1.2.4–1.2.6, 1.3.4), decided once.

The fetch activity decides it, to tell `json` from `empty` and to spot a contract break (records
under no known wrapper), and stores it with the Bronze row as `wrapper_variant`; Silver reads
the records where that says (`medallion.silver.wrappers`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

AT_WRAPPERS = ("at_records", "records", "data")
WI_FLAT_WRAPPERS = ("forms", "wi_forms", "data", "documents", "income_documents")
TRT_WRAPPERS = ("records", "trt_records", "data", "documents")
INTERVIEW_SECTIONS = (
    "employment", "household", "assets", "income", "expenses", "raw_data",
    "Result", "result", "irs_standards",
)  # fmt: skip

BARE_ARRAY = "bare_array"
TOP_LEVEL_TRANSACTIONS = "transactions"


@dataclass(frozen=True)
class PayloadShape:
    # None when no known wrapper holds the records: a contract break.
    wrapper_variant: str | None
    records: int

    @property
    def is_known(self) -> bool:
        return self.wrapper_variant is not None

    @property
    def is_empty(self) -> bool:
        return self.is_known and self.records == 0


_UNKNOWN = PayloadShape(wrapper_variant=None, records=0)


def _is_list_of_objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _at_shape(payload: Any) -> PayloadShape:
    if isinstance(payload, list):
        return PayloadShape(BARE_ARRAY, len(payload))
    if not isinstance(payload, dict):
        return _UNKNOWN
    for key in AT_WRAPPERS:
        value = payload.get(key)
        if isinstance(value, list) and (key != "data" or _is_list_of_objects(value)):
            return PayloadShape(key, len(value))
    if isinstance(payload.get("transactions"), list):
        return PayloadShape(TOP_LEVEL_TRANSACTIONS, 1)  # the object itself is the one record
    return _UNKNOWN


def _wi_shape(payload: Any) -> PayloadShape:
    if isinstance(payload, list):
        return PayloadShape(BARE_ARRAY, len(payload))
    if not isinstance(payload, dict):
        return _UNKNOWN
    years = payload.get("years_data")
    if isinstance(years, dict):
        forms = 0
        for entry in years.values():
            inner = entry.get("forms") if isinstance(entry, dict) else entry
            forms += len(inner) if isinstance(inner, list) else 0
        return PayloadShape("years_data", forms)
    return _listed_under(payload, WI_FLAT_WRAPPERS)


def _trt_shape(payload: Any) -> PayloadShape:
    if isinstance(payload, list):
        return PayloadShape(BARE_ARRAY, len(payload))
    if not isinstance(payload, dict):
        return _UNKNOWN
    return _listed_under(payload, TRT_WRAPPERS)


def _listed_under(payload: dict[str, Any], wrappers: Iterable[str]) -> PayloadShape:
    """The first wrapper key holding a list: its records."""
    for key in wrappers:
        if isinstance(payload.get(key), list):
            return PayloadShape(key, len(payload[key]))
    return _UNKNOWN


def _interview_shape(payload: Any) -> PayloadShape:
    if not isinstance(payload, dict):
        return _UNKNOWN
    present = [key for key in INTERVIEW_SECTIONS if isinstance(payload.get(key), dict)]
    # An object with none of the sections is the source saying it has nothing (DOMAIN 1.2.2).
    # The nested layout groups values in sub-objects; the flat one keeps scalars per section.
    nested = any(
        isinstance(value, dict)
        for key in ("assets", "income", "expenses")
        for value in (payload.get(key) or {}).values()
    )
    return PayloadShape("nested" if nested else "flat", len(present))


_SHAPES = {"at": _at_shape, "wi": _wi_shape, "trt": _trt_shape, "interview": _interview_shape}


def payload_shape(source: str, payload: Any) -> PayloadShape:
    return _SHAPES[source](payload)


def wrapper_variant(source: str, payload: Any, stored: str | None) -> str | None:
    """The variant stored with the Bronze row, or, for rows stored without one, decided now."""
    return stored if stored is not None else payload_shape(source, payload).wrapper_variant
