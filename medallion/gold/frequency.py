"""Monthly conversion by frequency (DOMAIN 4.1), driven by `pay_frequency_factors`.

The monthly amount is `amount × periods_per_year / 12`, multiplied before dividing so the only
inexact step is one division carried to 28 significant digits; it is rounded when stored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from medallion.platform.db import Connection

_LOAD_FACTORS = """
SELECT frequency, periods_per_year, accepted_spellings FROM pay_frequency_factors
"""

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class FrequencyFactor:
    frequency: str
    periods_per_year: int
    accepted_spellings: tuple[str, ...]


@dataclass(frozen=True)
class PayFrequencies:
    """The canonical frequencies, their periods per year and the spellings that mean them."""

    periods_per_year: Mapping[str, int]
    canonical_by_spelling: Mapping[str, str]

    @classmethod
    def from_factors(cls, factors: Iterable[FrequencyFactor]) -> "PayFrequencies":
        periods: dict[str, int] = {}
        spellings: dict[str, str] = {}
        for factor in factors:
            periods[factor.frequency] = factor.periods_per_year
            for spelling in (factor.frequency, *factor.accepted_spellings):
                spellings[_spelling_key(spelling)] = factor.frequency
        return cls(periods_per_year=periods, canonical_by_spelling=spellings)

    def normalise(self, raw: str | None) -> str | None:
        """Canonical frequency for a spelling (`" Bi-Weekly "` → `biweekly`), else None."""
        if raw is None:
            return None
        return self.canonical_by_spelling.get(_spelling_key(raw))

    def to_monthly(self, amount: Decimal, frequency: str) -> Decimal:
        """`amount × periods_per_year / 12`, unrounded (rounded once, when stored)."""
        return amount * self.periods_per_year[frequency] / MONTHS_PER_YEAR


def _spelling_key(spelling: str) -> str:
    return " ".join(spelling.split()).casefold()


async def load_pay_frequencies(conn: Connection) -> PayFrequencies:
    rows = await conn.fetch(_LOAD_FACTORS)
    return PayFrequencies.from_factors(
        FrequencyFactor(
            frequency=row["frequency"],
            periods_per_year=row["periods_per_year"],
            accepted_spellings=tuple(row["accepted_spellings"]),
        )
        for row in rows
    )
