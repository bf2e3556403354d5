"""Which shape each case's payloads take: reserved case ids pin one variant, others draw one.

The reserved ids are documented in sandbox/README.md; keep the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from sandbox.data.seeding import case_rng

Source = Literal["at", "wi", "trt", "interview"]
SOURCES: tuple[Source, ...] = ("at", "wi", "trt", "interview")

AtWrapper = Literal["at_records", "records", "data", "transactions", "bare"]
AtStyle = Literal["snake", "camel", "pascal", "legacy"]
WiWrapper = Literal[
    "years_data",
    "years_data_arrays",
    "forms",
    "wi_forms",
    "data",
    "documents",
    "income_documents",
    "bare",
]
WiStyle = Literal["pascal", "snake", "camel", "nested_form"]
TrtWrapper = Literal["records", "trt_records", "data", "documents", "bare"]
TrtStyle = Literal["snake", "camel", "space"]
InterviewLayout = Literal["nested", "flat"]
CaseSize = Literal["normal", "large"]

AT_WRAPPERS: tuple[AtWrapper, ...] = ("at_records", "records", "data", "transactions", "bare")
AT_STYLES: tuple[AtStyle, ...] = ("snake", "camel", "pascal", "legacy")
WI_WRAPPERS: tuple[WiWrapper, ...] = (
    "years_data",
    "years_data_arrays",
    "forms",
    "wi_forms",
    "data",
    "documents",
    "income_documents",
    "bare",
)
WI_STYLES: tuple[WiStyle, ...] = ("pascal", "snake", "camel", "nested_form")
TRT_WRAPPERS: tuple[TrtWrapper, ...] = ("records", "trt_records", "data", "documents", "bare")
TRT_STYLES: tuple[TrtStyle, ...] = ("snake", "camel", "space")

T = TypeVar("T")


@dataclass(frozen=True)
class CaseProfile:
    """Everything about a case's payloads that is decided before any value is drawn."""

    at_wrapper: AtWrapper = "at_records"
    at_style: AtStyle = "snake"
    wi_wrapper: WiWrapper = "years_data"
    wi_style: WiStyle = "pascal"
    trt_wrapper: TrtWrapper = "records"
    trt_style: TrtStyle = "snake"
    interview_layout: InterviewLayout = "nested"
    absent: frozenset[Source] = frozenset()
    married: bool = True
    hazards: bool = False
    # Records Silver must quarantine or warn about, added on top of the generated ones.
    silver_hazards: bool = False
    size: CaseSize = "normal"


CANONICAL = CaseProfile()
LARGE_CASE_ID = "909000"


def _reserved() -> dict[str, CaseProfile]:
    table: dict[str, CaseProfile] = {"1295022": CANONICAL, "5550123": CANONICAL}
    for index, at_wrapper in enumerate(AT_WRAPPERS, start=1):
        table[f"90100{index}"] = replace(CANONICAL, at_wrapper=at_wrapper)
    for index, at_style in enumerate(AT_STYLES, start=1):
        table[f"90101{index}"] = replace(CANONICAL, at_style=at_style)
    for index, wi_wrapper in enumerate(WI_WRAPPERS, start=1):
        table[f"90200{index}"] = replace(CANONICAL, wi_wrapper=wi_wrapper)
    for index, wi_style in enumerate(WI_STYLES, start=1):
        table[f"90201{index}"] = replace(CANONICAL, wi_style=wi_style)
    for index, trt_wrapper in enumerate(TRT_WRAPPERS, start=1):
        table[f"90300{index}"] = replace(CANONICAL, trt_wrapper=trt_wrapper)
    for index, trt_style in enumerate(TRT_STYLES, start=1):
        table[f"90301{index}"] = replace(CANONICAL, trt_style=trt_style)
    table["904101"] = replace(CANONICAL, absent=frozenset({"at"}))
    table["904201"] = replace(CANONICAL, absent=frozenset({"wi"}))
    table["904301"] = replace(CANONICAL, absent=frozenset({"interview"}))
    table["904901"] = replace(CANONICAL, absent=frozenset(SOURCES))
    table["905001"] = replace(CANONICAL, interview_layout="nested")
    table["905002"] = replace(CANONICAL, interview_layout="flat")
    table["906001"] = replace(CANONICAL, married=False)
    table["907001"] = replace(CANONICAL, hazards=True)
    table["907002"] = replace(CANONICAL, silver_hazards=True)
    table[LARGE_CASE_ID] = replace(CANONICAL, size="large")
    return table


RESERVED_CASES: dict[str, CaseProfile] = _reserved()


def profile_for(case_id: str) -> CaseProfile:
    if case_id in RESERVED_CASES:
        return RESERVED_CASES[case_id]
    if re.fullmatch(r"9040[0-9]{2}", case_id):
        return replace(CANONICAL, absent=frozenset({"trt"}))
    return _drawn_profile(case_id)


def _drawn_profile(case_id: str) -> CaseProfile:
    """Any other case: mostly the shapes seen from the live services, sometimes a variant."""
    rng = case_rng(case_id, "profile")

    def mostly(primary: T, others: tuple[T, ...], share: float = 0.6) -> T:
        return primary if rng.random() < share else rng.choice(others)

    return CaseProfile(
        at_wrapper=mostly("at_records", AT_WRAPPERS[1:]),
        at_style=mostly("snake", AT_STYLES[1:]),
        wi_wrapper=mostly("years_data", WI_WRAPPERS[1:]),
        wi_style=mostly("pascal", WI_STYLES[1:]),
        trt_wrapper=mostly("records", TRT_WRAPPERS[1:]),
        trt_style=mostly("snake", TRT_STYLES[1:]),
        interview_layout="nested" if rng.random() < 0.8 else "flat",
        absent=frozenset({"trt"}) if rng.random() < 0.25 else frozenset(),
        married=rng.random() < 0.6,
    )
