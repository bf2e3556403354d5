"""Deterministic synthetic case data in the shapes TiParser and CaseHelper send."""

from sandbox.data.payloads import (
    CasePayloads,
    case_payloads,
    document,
    large_case,
    payload_bytes,
    records,
)
from sandbox.data.profiles import (
    LARGE_CASE_ID,
    RESERVED_CASES,
    SOURCES,
    CaseProfile,
    Source,
    profile_for,
)

__all__ = [
    "LARGE_CASE_ID",
    "RESERVED_CASES",
    "SOURCES",
    "CasePayloads",
    "CaseProfile",
    "Source",
    "case_payloads",
    "document",
    "large_case",
    "payload_bytes",
    "profile_for",
    "records",
]
