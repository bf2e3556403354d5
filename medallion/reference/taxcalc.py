"""Tax tables read from Tax-Calculator's `policy_current_law.json` (DOMAIN 3.14, 4.10).

Tax-Calculator lists a parameter's value only in the years it changes: a later year takes the
last listed value. Past the last year it lists, Tax-Calculator projects indexed parameters with
its own inflation factors; those are projections, not published figures, so the tables stop at
the last year in which every indexed parameter read here is listed (Tax-Calculator's
LAST_KNOWN_YEAR). A bound of 9e99 is Tax-Calculator's "no upper bound".
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from medallion.reference.errors import ReferenceInputError

# Tax-Calculator's MARS labels and our filing statuses; `widow` is the qualifying surviving
# spouse, who takes the joint figures.
FILING_STATUSES = {
    "single": "SINGLE",
    "mjoint": "MFJ",
    "mseparate": "MFS",
    "headhh": "HOH",
    "widow": "QSS",
}
STANDARD_DEDUCTION = "STD"
WAGE_BASE = "SS_Earnings_c"
BRACKETS = 7  # II_brk1..7 with II_rt1..7; II_rt8 applies above II_brk7, the 9e99 sentinel
NO_UPPER_BOUND = Decimal("9e99")


@dataclass(frozen=True)
class Bracket:
    income_min: Decimal
    income_max: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class TaxTablesFromTaxcalc:
    first_year: int
    last_year: int
    standard_deductions: Mapping[tuple[int, str], Decimal]
    brackets: Mapping[tuple[int, str], tuple[Bracket, ...]]
    wage_bases: Mapping[int, Decimal]


class _Parameter:
    """One parameter's listed values, by (year, MARS label or None)."""

    def __init__(self, file: str, document: Mapping[str, Any], name: str) -> None:
        self.file, self.name = file, name
        spec = document.get(name)
        if not isinstance(spec, dict) or not isinstance(spec.get("value"), list):
            raise ReferenceInputError(file, f"has no parameter {name} with a list of values")
        self.indexed = bool(spec.get("indexed"))
        self.values: dict[tuple[int, str | None], Decimal] = {}
        for item in spec["value"]:
            try:
                year, mars = int(item["year"]), item.get("MARS")
                value = Decimal(str(item["value"]))
            except (KeyError, TypeError, ValueError, ArithmeticError):
                raise ReferenceInputError(
                    file, f"{name} has an unreadable entry {item!r}"
                ) from None
            if mars is not None and mars not in FILING_STATUSES:
                raise ReferenceInputError(file, f"{name} names an unknown MARS {mars!r}")
            if not value.is_finite() or value < 0:
                raise ReferenceInputError(file, f"{name} {year} {mars or ''} is {value}")
            self.values[(year, mars)] = value
        if not self.values:
            raise ReferenceInputError(file, f"{name} lists no value")

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.values})

    def at(self, year: int, mars: str | None = None) -> Decimal:
        """The value in force in `year`: the last one listed in or before it."""
        listed = [y for (y, m) in self.values if m == mars and y <= year]
        if not listed:
            raise ReferenceInputError(
                self.file, f"{self.name} lists nothing for {mars or 'all'} in or before {year}"
            )
        return self.values[(max(listed), mars)]


def read_taxcalc_policy(file: str, text: str) -> TaxTablesFromTaxcalc:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReferenceInputError(file, f"is not JSON ({err.msg}, line {err.lineno})") from None
    if not isinstance(document, dict):
        raise ReferenceInputError(file, "is not a Tax-Calculator policy file (no object)")
    std = _Parameter(file, document, STANDARD_DEDUCTION)
    wage_base = _Parameter(file, document, WAGE_BASE)
    bounds = [_Parameter(file, document, f"II_brk{n}") for n in range(1, BRACKETS + 1)]
    rates = [_Parameter(file, document, f"II_rt{n}") for n in range(1, BRACKETS + 1)]
    parameters = [std, wage_base, *bounds, *rates]
    first_year = min(p.years[0] for p in parameters)
    indexed = [p for p in parameters if p.indexed]
    last_year = (
        min(p.years[-1] for p in indexed) if indexed else max(p.years[-1] for p in parameters)
    )
    years = range(first_year, last_year + 1)
    deductions, brackets = {}, {}
    for year in years:
        for mars, status in FILING_STATUSES.items():
            deductions[(year, status)] = std.at(year, mars)
            brackets[(year, status)] = _brackets(file, year, mars, bounds, rates)
    return TaxTablesFromTaxcalc(
        first_year=first_year,
        last_year=last_year,
        standard_deductions=deductions,
        brackets=brackets,
        wage_bases={year: wage_base.at(year) for year in years},
    )


def _brackets(
    file: str, year: int, mars: str, bounds: list[_Parameter], rates: list[_Parameter]
) -> tuple[Bracket, ...]:
    result = []
    lower = Decimal(0)
    for bound, rate in zip(bounds, rates, strict=True):
        upper: Decimal | None = bound.at(year, mars)
        if upper is not None and upper >= NO_UPPER_BOUND:
            upper = None
        value = rate.at(year)
        if value >= 1:
            raise ReferenceInputError(file, f"{rate.name} {year} is {value}, not a rate below 1")
        if upper is not None and upper < lower:
            raise ReferenceInputError(
                file, f"{bound.name} {year} {mars} is below the bracket before"
            )
        if upper is None or upper > lower:  # a bracket of no width taxes nothing
            result.append(Bracket(income_min=lower, income_max=upper, rate=value))
        if upper is None:
            return tuple(result)
        lower = upper
    raise ReferenceInputError(file, f"II_brk{BRACKETS} {year} {mars} is not the 9e99 open bound")
