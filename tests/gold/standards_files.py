"""Small, complete standards files in the loader's layout (docs/reference-data.md), written for
one test's own effective date so no other test's build sees them.

Every figure is `base + bump`, so two periods written with different bumps differ everywhere.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from medallion.reference import kinds

REGION_STATES = {
    "Northeast": ("NY", "PA"),
    "Midwest": ("OH", "IL"),
    "South": ("TX", "MD"),
    "West": ("CA", "AK"),
}
# county → housing figure for a household of 1 (each further person adds 100, up to 5 or more)
HOUSING = {
    ("OH", "Franklin County"): 1500,
    ("OH", "Cuyahoga County"): 1400,
    ("OH", "Adams County"): 1100,
    ("TX", "Travis County"): 1700,
    ("MD", "Baltimore City"): 1450,
    ("MD", "Baltimore County"): 1650,
    ("MO", "St. Louis city"): 1300,
    ("MO", "St. Louis County"): 1550,
    ("LA", "Orleans Parish"): 1350,
}
MSA_COUNTIES = {("Midwest", "Cleveland"): (("OH", "Cuyahoga"),)}
NATIONAL = {  # category → figures for households of 1–4
    "food": (400, 700, 850, 1000),
    "housekeeping_supplies": (40, 70, 80, 90),
    "apparel_services": (90, 180, 190, 280),
    "personal_care": (50, 90, 95, 115),
    "miscellaneous": (150, 270, 320, 390),
}
EACH_ADDITIONAL_PERSON = 380
HEALTH = {"under_65": 80, "65_and_older": 150}
OWNERSHIP = {1: 600, 2: 1200}
PUBLIC_TRANSPORTATION = 240
OPERATING_REGION = {1: 250, 2: 500}
OPERATING_MSA = {1: 300, 2: 600}

PROVENANCE = "test-fixture,written by the test,verified"


def _file(path: Path, kind: str, day: datetime.date, columns: str, rows: list[str]) -> Path:
    header = (
        f"# kind: {kind}\n# effective_from: {day}\n# source: test figures\n"
        "# source_url: https://example.invalid/standards\n"
        "# doubt: figures made up for a test\n"
    )
    path.write_text(header + columns + "\n" + "".join(row + "\n" for row in rows))
    return path


def _money(base: int, bump: int) -> str:
    return str(Decimal(base + bump))


def national(directory: Path, day: datetime.date, bump: int = 0) -> Path:
    rows = []
    totals = [0, 0, 0, 0]
    for category, figures in NATIONAL.items():
        for size, figure in enumerate(figures, start=1):
            rows.append(f"{category},,{size},{_money(figure, bump)},{PROVENANCE}")
            totals[size - 1] += figure + bump
    rows += [f"total,,{size},{total},{PROVENANCE}" for size, total in enumerate(totals, 1)]
    additional = _money(EACH_ADDITIONAL_PERSON, bump)
    rows.append(f"total,,{kinds.EACH_ADDITIONAL},{additional},{PROVENANCE}")
    columns = "category,state,household_size,amount,sources,check,status"
    return _file(directory / f"national_{day}.csv", kinds.NATIONAL, day, columns, rows)


def health(directory: Path, day: datetime.date, bump: int = 0) -> Path:
    rows = [f"{band},{_money(figure, bump)},{PROVENANCE}" for band, figure in HEALTH.items()]
    columns = "age_band,amount_per_person,sources,check,status"
    return _file(directory / f"health_{day}.csv", kinds.OUT_OF_POCKET_HEALTH, day, columns, rows)


def housing(directory: Path, day: datetime.date, bump: int = 0) -> Path:
    rows = [
        f'{state},"{county}",{kinds.FIVE_OR_MORE if size == 5 else size},'
        f"{_money(figure + 100 * (size - 1), bump)},,,{PROVENANCE}"
        for (state, county), figure in HOUSING.items()
        for size in kinds.HOUSING_SIZES
    ]
    columns = "state,county,family_size,amount,non_mortgage,mortgage_rent,sources,check,status"
    return _file(directory / f"housing_{day}.csv", kinds.HOUSING_UTILITIES, day, columns, rows)


def transportation(directory: Path, day: datetime.date, bump: int = 0) -> Path:
    rows = [f"ownership,,,{n},{_money(a, bump)},{PROVENANCE}" for n, a in OWNERSHIP.items()]
    rows.append(f"public_transportation,,,0,{_money(PUBLIC_TRANSPORTATION, bump)},{PROVENANCE}")
    for region in REGION_STATES:
        rows += [
            f"operating,{region},,{n},{_money(a, bump)},{PROVENANCE}"
            for n, a in OPERATING_REGION.items()
        ]
    for region, msa in MSA_COUNTIES:
        rows += [
            f"operating,{region},{msa},{n},{_money(a, bump)},{PROVENANCE}"
            for n, a in OPERATING_MSA.items()
        ]
    columns = "cost,census_region,msa,vehicles,amount,sources,check,status"
    name = f"transportation_{day}.csv"
    return _file(directory / name, kinds.TRANSPORTATION, day, columns, rows)


def areas(directory: Path, day: datetime.date) -> Path:
    rows = [
        f"{region},,{state},,{PROVENANCE}"
        for region, states in REGION_STATES.items()
        for state in states
    ]
    rows += [
        f"{region},{msa},{state},{county},{PROVENANCE}"
        for (region, msa), counties in MSA_COUNTIES.items()
        for state, county in counties
    ]
    columns = "census_region,msa,state,county,sources,check,status"
    name = f"areas_{day}.csv"
    return _file(directory / name, kinds.TRANSPORTATION_AREAS, day, columns, rows)


def every_kind(directory: Path, day: datetime.date, bump: int = 0) -> list[Path]:
    return [
        national(directory, day, bump),
        health(directory, day, bump),
        housing(directory, day, bump),
        transportation(directory, day, bump),
        areas(directory, day),
    ]
