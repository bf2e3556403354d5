"""County names as interviews write them, matched to the names the standards use (DOMAIN 4.5).

Interviews write "Travis" for "Travis County", "St. Louis City", parishes and boroughs. A name
matches exactly (ignoring case, spacing and dots) when it can; otherwise it matches with the
usual suffix folded away, and a folded name that fits two places (Baltimore city and Baltimore
County) is ambiguous: the caller warns with both candidates and never guesses.
"""

from collections.abc import Iterable
from dataclasses import dataclass

# Longest first, so "city and borough" is folded before "borough".
_SUFFIXES = (
    " city and borough",
    " census area",
    " municipality",
    " municipio",
    " county",
    " parish",
    " borough",
    " city",
)


def exact_key(name: str) -> str:
    key = " ".join(name.replace(".", " ").split()).casefold()
    if key.startswith("saint "):
        key = "st " + key.removeprefix("saint ")
    return key


def folded_key(name: str) -> str:
    key = exact_key(name)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key.removesuffix(suffix)
    return key


@dataclass(frozen=True)
class CountyMatch:
    county: str | None  # the table's name, when exactly one place fits
    candidates: tuple[str, ...]  # every place that fits (two or more: ambiguous)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


def match_county(wanted: str, known: Iterable[str]) -> CountyMatch:
    """The table's county that `wanted` names, among `known` (one state's counties)."""
    # One name per place: two tables may spell it "Baltimore City" and "Baltimore city".
    names = list({exact_key(n): n for n in sorted(set(known), reverse=True)}.values())
    exact = [n for n in names if exact_key(n) == exact_key(wanted)]
    if len(exact) == 1:
        return CountyMatch(county=exact[0], candidates=(exact[0],))
    folded = [n for n in names if folded_key(n) == folded_key(wanted)]
    if len(folded) == 1:
        return CountyMatch(county=folded[0], candidates=(folded[0],))
    return CountyMatch(county=None, candidates=tuple(sorted(folded)))
