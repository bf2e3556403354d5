"""The kinds and severities of a change between two builds of a case (DOMAIN §7), named once.

The comparison (`gold/changes.py`), the API, the CLI and the tests take them from here.
"""

from dataclasses import dataclass
from typing import Literal, get_args

Severity = Literal["alert", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
ALERT: Severity = "alert"
INFO: Severity = "info"

ChangeKind = Literal[
    "year_added",
    "year_removed",
    "balance_changed",
    "assessment_added",
    "assessment_removed",
    "csed_changed",
    "collection_action_added",
    "lien_changed",
    "flag_changed",
    "income_document_added",
    "income_document_removed",
    "eligibility_changed",
    "disposable_income_changed",
]
KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)


@dataclass(frozen=True)
class ChangeCounts:
    """A build's changes by severity."""

    alert: int = 0
    info: int = 0
