"""The IRS Collection Financial Standards in force on the build's as-of date, and the lookups
the expense rules make (DOMAIN 4.5; the model: docs/reference-data.md).

A table stays in force until a newer period of its kind is loaded. Every figure found says
which reference version it came from; a figure not found says why (no table in force, no row
for the county, a county name that fits two places).
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import asyncpg

from medallion.platform.db import Connection
from medallion.reference import kinds
from medallion.reference.counties import match_county
from medallion.reference.versions import ReferenceVersion

_SELECT_NATIONAL = """
SELECT category, state, household_size, amount FROM standards_national WHERE version_id = $1
"""
_SELECT_HEALTH = """
SELECT age_band, amount_per_person FROM standards_out_of_pocket_health WHERE version_id = $1
"""
# Only the case's state: a build never needs another state's 250 counties.
_SELECT_HOUSING = """
SELECT county, family_size, amount FROM standards_housing_utilities
 WHERE version_id = $1 AND state = $2
"""
_SELECT_TRANSPORTATION = """
SELECT cost, census_region, msa, vehicles, amount FROM standards_transportation
 WHERE version_id = $1
"""
_SELECT_AREAS = """
SELECT census_region, msa, state, county FROM standards_transportation_areas WHERE version_id = $1
"""

# Standards older than this on the as-of date are flagged: the IRS publishes each spring.
OUTDATED_AFTER_YEARS = 1


@dataclass(frozen=True)
class Standard:
    """A looked-up figure and the version it came from, or why there is none."""

    amount: Decimal | None
    version: ReferenceVersion | None = None
    missing: str | None = None  # the reason, when amount is None
    ambiguous_county: tuple[str, ...] = ()  # the places a county name could mean

    @classmethod
    def none(cls, reason: str, ambiguous_county: tuple[str, ...] = ()) -> "Standard":
        return cls(amount=None, missing=reason, ambiguous_county=ambiguous_county)


@dataclass(frozen=True)
class CollectionStandards:
    as_of: datetime.date
    versions: Mapping[str, ReferenceVersion]  # in force on as_of, by kind
    state: str | None  # the state the housing rows were loaded for
    national: Mapping[tuple[str, str | None, int | None], Decimal] = field(default_factory=dict)
    health: Mapping[str, Decimal] = field(default_factory=dict)
    housing: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)  # county → size
    transportation: Mapping[tuple[str, str | None, str | None, int], Decimal] = field(
        default_factory=dict
    )
    region_of_state: Mapping[str, str] = field(default_factory=dict)
    # state → county → metropolitan area
    msa_counties: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def _absent(self, kind: str) -> Standard | None:
        if kind not in self.versions:
            return Standard.none(f"no {kind} table in force on {self.as_of}")
        return None

    def _found(self, kind: str, amount: Decimal) -> Standard:
        return Standard(amount=amount, version=self.versions[kind])

    def national_item(self, category: str, household_size: int | None) -> Standard:
        """One national category; households above four take the four-person figure, the
        additional persons are allowed by `national_additional_persons`."""
        absent = self._absent(kinds.NATIONAL)
        if absent is not None:
            return absent
        if household_size is None or household_size < 1:
            return Standard.none("the interview gives no household size")
        size = min(household_size, max(kinds.NATIONAL_SIZES))
        amount = self.national.get((category, self._national_state(), size))
        if amount is None:
            return Standard.none(f"no {kinds.NATIONAL} row for {category}, household of {size}")
        return self._found(kinds.NATIONAL, amount)

    def national_additional_persons(self, household_size: int) -> Standard:
        """The amount for the persons beyond four: the published per-person figure × persons."""
        absent = self._absent(kinds.NATIONAL)
        if absent is not None:
            return absent
        each = self.national.get((kinds.NATIONAL_TOTAL, self._national_state(), None))
        if each is None:
            return Standard.none(f"no {kinds.NATIONAL} row for each additional person")
        extra = household_size - max(kinds.NATIONAL_SIZES)
        return self._found(kinds.NATIONAL, each * extra)

    def _national_state(self) -> str | None:
        """AK or HI when the table in force has figures of their own, else the national ones."""
        if self.state is not None and any(key[1] == self.state for key in self.national):
            return self.state
        return None

    def out_of_pocket_health(self, under_65: int | None, over_65: int | None) -> Standard:
        absent = self._absent(kinds.OUT_OF_POCKET_HEALTH)
        if absent is not None:
            return absent
        if under_65 is None or over_65 is None:
            return Standard.none("the interview gives no members under and over 65")
        total = Decimal(0)
        for persons, band in ((under_65, kinds.AGE_BANDS[0]), (over_65, kinds.AGE_BANDS[1])):
            if persons:
                total += self.health[band] * persons
        return self._found(kinds.OUT_OF_POCKET_HEALTH, total)

    def housing_utilities(
        self, state: str | None, county: str | None, household_size: int | None
    ) -> Standard:
        absent = self._absent(kinds.HOUSING_UTILITIES)
        if absent is not None:
            return absent
        if state is None or county is None:
            return Standard.none("the interview gives no state and county")
        if household_size is None or household_size < 1:
            return Standard.none("the interview gives no household size")
        match = match_county(county, self.housing)
        if match.county is None:
            if match.ambiguous:
                return Standard.none(
                    f"county {county!r} of {state} could be {' or '.join(match.candidates)}",
                    match.candidates,
                )
            return Standard.none(
                f"no {kinds.HOUSING_UTILITIES} row for county {county!r} of {state}"
            )
        size = min(household_size, max(kinds.HOUSING_SIZES))
        return self._found(kinds.HOUSING_UTILITIES, self.housing[match.county][size])

    def ownership(self, vehicle_no: int) -> Standard:
        """The ownership allowance of the first or second vehicle. The table gives the total for
        one and for two vehicles; the second vehicle's is the difference."""
        absent = self._absent(kinds.TRANSPORTATION)
        if absent is not None:
            return absent
        one = self.transportation[(kinds.OWNERSHIP, None, None, 1)]
        if vehicle_no == 1:
            return self._found(kinds.TRANSPORTATION, one)
        return self._found(
            kinds.TRANSPORTATION, self.transportation[(kinds.OWNERSHIP, None, None, 2)] - one
        )

    def public_transportation(self) -> Standard:
        absent = self._absent(kinds.TRANSPORTATION)
        if absent is not None:
            return absent
        return self._found(
            kinds.TRANSPORTATION, self.transportation[(kinds.PUBLIC_TRANSPORTATION, None, None, 0)]
        )

    def operating(self, state: str | None, county: str | None, vehicles: int) -> Standard:
        """By metropolitan area when the county is in one, else by the state's Census region;
        for one or two vehicles (more count as two)."""
        for kind in (kinds.TRANSPORTATION, kinds.TRANSPORTATION_AREAS):
            absent = self._absent(kind)
            if absent is not None:
                return absent
        region = self.region_of_state.get(state or "")
        if region is None:
            return Standard.none(
                f"state {state!r} is in no Census region of the transportation table"
            )
        if county is None:
            return Standard.none("the interview gives no county, so no metropolitan area is known")
        counted = min(max(vehicles, 1), max(kinds.VEHICLE_COUNTS))
        counties = self.msa_counties.get(state or "", {})
        match = match_county(county, counties)
        msas = {counties[c] for c in match.candidates}
        if len(msas) > 1:
            return Standard.none(
                f"county {county!r} of {state} could be {' or '.join(match.candidates)}",
                match.candidates,
            )
        msa = msas.pop() if msas else None
        amount = self.transportation.get((kinds.OPERATING, region, msa, counted))
        if amount is None:  # the areas table in force is newer than the transportation table
            return Standard.none(f"no {kinds.TRANSPORTATION} row for {msa or region}")
        return self._found(kinds.TRANSPORTATION, amount)


async def load_collection_standards(
    conn: Connection,
    as_of: datetime.date,
    state: str | None,
    in_force: Mapping[str, ReferenceVersion],
) -> CollectionStandards:
    versions = {kind: v for kind, v in in_force.items() if kind in kinds.STANDARDS_KINDS}

    async def rows(kind: str, query: str, *args: object) -> list[asyncpg.Record]:
        version = versions.get(kind)
        return [] if version is None else await conn.fetch(query, version.version_id, *args)

    housing: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for r in await rows(kinds.HOUSING_UTILITIES, _SELECT_HOUSING, state):
        housing[r["county"]][r["family_size"]] = r["amount"]
    region_of_state: dict[str, str] = {}
    msa_counties: dict[str, dict[str, str]] = defaultdict(dict)
    for r in await rows(kinds.TRANSPORTATION_AREAS, _SELECT_AREAS):
        if r["msa"] is None:
            region_of_state[r["state"]] = r["census_region"]
        else:
            msa_counties[r["state"]][r["county"]] = r["msa"]
    return CollectionStandards(
        as_of=as_of,
        versions=versions,
        state=state,
        national={
            (r["category"], r["state"], r["household_size"]): r["amount"]
            for r in await rows(kinds.NATIONAL, _SELECT_NATIONAL)
        },
        health={
            r["age_band"]: r["amount_per_person"]
            for r in await rows(kinds.OUT_OF_POCKET_HEALTH, _SELECT_HEALTH)
        },
        housing=housing,
        transportation={
            (r["cost"], r["census_region"], r["msa"], r["vehicles"]): r["amount"]
            for r in await rows(kinds.TRANSPORTATION, _SELECT_TRANSPORTATION)
        },
        region_of_state=region_of_state,
        msa_counties=msa_counties,
    )


def outdated(version: ReferenceVersion, as_of: datetime.date) -> bool:
    """More than a year past the table's effective date."""
    start = version.effective_from
    try:
        year_later = start.replace(year=start.year + OUTDATED_AFTER_YEARS)
    except ValueError:  # 29 February
        year_later = start.replace(year=start.year + OUTDATED_AFTER_YEARS, day=28)
    return as_of > year_later
