"""Whose income a WI form is: ``taxpayer`` or ``spouse`` (DOMAIN 3.9).

The first rule that decides wins; its number is stored as ``person_type_basis``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from medallion.silver.parsing import OWNER_SPOUSE, is_empty, parse_owner

TAXPAYER = "taxpayer"
SPOUSE = "spouse"
DEFAULT_BASIS = "default"


@dataclass(frozen=True)
class Identities:
    """What other sources say about the taxpayer and spouse: SSN last 4 from TRT
    (``primary_ssn``/``spouse_ssn``) and the interview (``taxpayerSSN``/``spouseSSN``), and the
    interview's spouse name."""

    taxpayer_last4: frozenset[str] = frozenset()
    spouse_last4: frozenset[str] = frozenset()
    spouse_name: str | None = None

    @property
    def has_spouse(self) -> bool:
        return bool(self.spouse_last4 or self.spouse_name)


@dataclass(frozen=True)
class FormPersonHints:
    module_owner: Any  # the ``owner`` of the years_data entry holding the form
    recipient_tin_last4: str | None
    taxpayer_type: str | None
    labels: tuple[Any, ...]  # ``Label`` and ``owner`` of the form
    recipient_name: str | None


_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise_name(name: str) -> str:
    """Upper-case, punctuation dropped, spaces collapsed."""
    return " ".join(_PUNCTUATION.sub("", name.upper()).split())


def detect_person_type(hints: FormPersonHints, identities: Identities) -> tuple[str, str]:
    """``(person_type, basis)``; basis is the rule number ``"1"``…``"5"`` or ``"default"``."""
    if not is_empty(hints.module_owner) and parse_owner(hints.module_owner) == (OWNER_SPOUSE, True):
        return SPOUSE, "1"
    last4 = hints.recipient_tin_last4
    if last4 is not None:
        is_spouse, is_taxpayer = (
            last4 in identities.spouse_last4,
            last4 in identities.taxpayer_last4,
        )
        if is_spouse != is_taxpayer:
            return (SPOUSE if is_spouse else TAXPAYER), "2"
    declared = (hints.taxpayer_type or "").strip().lower()
    if declared in (TAXPAYER, SPOUSE):
        return declared, "3"
    if any(
        str(label).strip().lower() in ("spouse", "s") for label in hints.labels if label is not None
    ):
        return SPOUSE, "4"
    if hints.recipient_name and _names_spouse(hints.recipient_name, identities.spouse_name):
        return SPOUSE, "5"
    return TAXPAYER, DEFAULT_BASIS


def _names_spouse(recipient_name: str, spouse_name: str | None) -> bool:
    if "spouse" in recipient_name.lower():
        return True
    return spouse_name is not None and normalise_name(recipient_name) == normalise_name(spouse_name)
