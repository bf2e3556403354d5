"""Masking taxpayer identifiers in JSON fragments kept past Bronze (DOMAIN 3.0, 3.13)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from medallion.silver.parsing import mask_tin

# Keys that name an SSN or TIN: ``RecipientSSN``, ``Recipient's TIN``, ``PayerEIN``, ``ID``.
_IDENTIFIER_KEY = re.compile(
    r"(?i:ssn|social security number|identification number)|TIN$|EIN$|^(?i:id|tin|ein)$"
)
_DASHED_SSN = re.compile(r"^\s*\d{3}-\d{2}-\d{4}\s*$")


@lru_cache(maxsize=4096)  # box labels repeat on every form of a kind
def is_identifier_key(key: str) -> bool:
    return _IDENTIFIER_KEY.search(key) is not None


def mask_identifiers(value: Any) -> Any:
    """A copy of ``value`` with identifier-named scalars and dashed SSNs masked to their last four
    digits. Other values (amounts included) are kept verbatim."""
    if isinstance(value, Mapping):
        return {
            key: _mask_scalar(item)
            if is_identifier_key(str(key)) and not isinstance(item, Mapping | list)
            else mask_identifiers(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [mask_identifiers(item) for item in value]
    if isinstance(value, str) and _DASHED_SSN.match(value):
        return mask_tin(value)
    return value


def _mask_scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return mask_tin(value)
