"""Each standards kind's rows, checked one by one and as a whole table before anything is
written (DOMAIN 4.5): positive money, known categories and sizes, no duplicate row, and every
size, band, region and vehicle count present."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from medallion.reference import kinds
from medallion.reference.csv_file import CsvRow, ReferenceFile
from medallion.reference.errors import ReferenceInputError


@dataclass(frozen=True)
class StandardsRecord:
    line: int
    key: tuple[Any, ...]  # what makes the row unique within its file
    values: tuple[Any, ...]  # the table's columns after version_id, in order
    unverified: bool


@dataclass(frozen=True)
class StandardsTable:
    file: ReferenceFile
    kind: kinds.StandardsKind
    records: tuple[StandardsRecord, ...]

    @property
    def unverified_lines(self) -> tuple[int, ...]:
        return tuple(r.line for r in self.records if r.unverified)


# The database columns each kind's records fill, after version_id.
DB_COLUMNS = {
    kinds.NATIONAL: (
        "category",
        "state",
        "household_size",
        "each_additional_person",
        "amount",
    ),
    kinds.OUT_OF_POCKET_HEALTH: ("age_band", "amount_per_person"),
    kinds.HOUSING_UTILITIES: (
        "state",
        "county",
        "family_size",
        "amount",
        "non_mortgage",
        "mortgage_rent",
    ),
    kinds.TRANSPORTATION: ("cost", "census_region", "msa", "vehicles", "amount"),
    kinds.TRANSPORTATION_AREAS: ("census_region", "msa", "state", "county"),
}
PROVENANCE_DB_COLUMNS = ("sources", "checked")


class _Row:
    """One CSV row's cells, read with errors that name the file, the line and the cell."""

    def __init__(self, file: ReferenceFile, row: CsvRow) -> None:
        self._file, self._row = file, row

    def fail(self, reason: str) -> ReferenceInputError:
        return ReferenceInputError(self._file.name, reason, self._row.line)

    def text(self, column: str, *, required: bool = True) -> str | None:
        value = self._row.values[column]
        if not value:
            if required:
                raise self.fail(f"{column} is empty")
            return None
        return value

    def one_of(self, column: str, allowed: Iterable[str]) -> str:
        value = self.text(column)
        choices = tuple(allowed)
        if value not in choices:
            raise self.fail(f"{column} {value!r} is not one of {', '.join(choices)}")
        return value

    def state(self, column: str = "state", *, required: bool = True) -> str | None:
        value = self.text(column, required=required)
        if value is not None and (len(value) != 2 or not value.isalpha() or not value.isupper()):
            raise self.fail(f"{column} {value!r} is not a two-letter state code")
        return value

    def money(self, column: str, *, required: bool = True) -> Decimal | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise self.fail(f"{column} {value!r} is not an amount") from None
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise self.fail(f"{column} {value!r} is not a positive amount of money")
        return amount

    def size(self, column: str, allowed: dict[str, int | None]) -> int | None:
        value = self.text(column)
        assert value is not None
        if value not in allowed:
            raise self.fail(f"{column} {value!r} is not one of {', '.join(allowed)}")
        return allowed[value]

    def provenance(self) -> tuple[tuple[str, str], bool]:
        sources = self.text("sources")
        check = self.text("check")
        status = self.one_of("status", (kinds.VERIFIED, kinds.UNVERIFIED))
        assert sources is not None and check is not None
        return (sources, check), status == kinds.UNVERIFIED


_NATIONAL_SIZES: dict[str, int | None] = {str(n): n for n in kinds.NATIONAL_SIZES}
_HOUSING_SIZES: dict[str, int | None] = {
    **{str(n): n for n in kinds.HOUSING_SIZES[:-1]},
    kinds.FIVE_OR_MORE: kinds.HOUSING_SIZES[-1],
}


def _national(r: _Row) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    category = r.one_of("category", kinds.NATIONAL_CATEGORIES)
    state = r.state(required=False)
    sizes = dict(_NATIONAL_SIZES)
    if category == kinds.NATIONAL_TOTAL:
        sizes[kinds.EACH_ADDITIONAL] = None
    size = r.size("household_size", sizes)
    values = (category, state, size, size is None, r.money("amount"))
    return (category, state, size), values


def _health(r: _Row) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    band = r.one_of("age_band", kinds.AGE_BANDS)
    return (band,), (band, r.money("amount_per_person"))


def _housing(r: _Row) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    state, county = r.state(), r.text("county")
    size = r.size("family_size", _HOUSING_SIZES)
    amount = r.money("amount")
    non_mortgage = r.money("non_mortgage", required=False)
    mortgage_rent = r.money("mortgage_rent", required=False)
    if (non_mortgage is None) != (mortgage_rent is None):
        raise r.fail("non_mortgage and mortgage_rent are given together or not at all")
    if (
        non_mortgage is not None
        and mortgage_rent is not None
        and non_mortgage + mortgage_rent != amount
    ):
        raise r.fail(f"non_mortgage + mortgage_rent = {non_mortgage + mortgage_rent}, not {amount}")
    return (state, county, size), (state, county, size, amount, non_mortgage, mortgage_rent)


def _transportation(r: _Row) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    cost = r.one_of("cost", kinds.TRANSPORTATION_COSTS)
    region = r.text("census_region", required=False)
    msa = r.text("msa", required=False)
    vehicles = r.text("vehicles")
    if cost == kinds.OPERATING:
        region = r.one_of("census_region", kinds.CENSUS_REGIONS)
        allowed_vehicles = tuple(str(n) for n in kinds.VEHICLE_COUNTS)
    elif region is not None or msa is not None:
        raise r.fail(f"{cost} is national: census_region and msa must be empty")
    else:
        allowed_vehicles = ("0",) if cost == kinds.PUBLIC_TRANSPORTATION else ("1", "2")
    if vehicles not in allowed_vehicles:
        raise r.fail(
            f"vehicles {vehicles!r} is not one of {', '.join(allowed_vehicles)} for {cost}"
        )
    key = (cost, region, msa, int(vehicles))
    return key, (*key, r.money("amount"))


def _areas(r: _Row) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    region = r.one_of("census_region", kinds.CENSUS_REGIONS)
    msa = r.text("msa", required=False)
    state = r.state()
    county = r.text("county", required=msa is not None)
    if msa is None and county is not None:
        raise r.fail("a region's state row names no county; give the msa it belongs to")
    key = (region, msa, state, county)
    return key, key


_READERS: dict[str, Callable[[_Row], tuple[tuple[Any, ...], tuple[Any, ...]]]] = {
    kinds.NATIONAL: _national,
    kinds.OUT_OF_POCKET_HEALTH: _health,
    kinds.HOUSING_UTILITIES: _housing,
    kinds.TRANSPORTATION: _transportation,
    kinds.TRANSPORTATION_AREAS: _areas,
}


def standards_table(file: ReferenceFile) -> StandardsTable:
    """The file's rows, each checked, then the table checked for duplicates and gaps."""
    kind = kinds.STANDARDS_KINDS.get(file.kind)
    if kind is None:
        raise ReferenceInputError(
            file.name, f"kind {file.kind!r} is not one of {', '.join(kinds.STANDARDS_KINDS)}"
        )
    expected = (*kind.columns, *kinds.PROVENANCE_COLUMNS)
    if file.columns != expected:
        raise ReferenceInputError(
            file.name, f"column line is {','.join(file.columns)}; expected {','.join(expected)}"
        )
    if not file.rows:
        raise ReferenceInputError(file.name, "has no rows")
    records: list[StandardsRecord] = []
    seen: dict[tuple[Any, ...], int] = {}
    for row in file.rows:
        reader = _Row(file, row)
        key, values = _READERS[kind.name](reader)
        provenance, unverified = reader.provenance()
        if key in seen:
            raise reader.fail(f"duplicates line {seen[key]}")
        seen[key] = row.line
        records.append(StandardsRecord(row.line, key, (*values, *provenance), unverified))
    table = StandardsTable(file=file, kind=kind, records=tuple(records))
    _check_complete(table)
    return table


def _check_complete(table: StandardsTable) -> None:
    """Every size, band, region and vehicle count a lookup may ask for is present."""
    keys = {r.key for r in table.records}
    missing: list[str] = []
    if table.kind.name == kinds.NATIONAL:
        for state in sorted({k[1] for k in keys}, key=lambda s: s or ""):
            for category in kinds.NATIONAL_CATEGORIES:
                sizes: list[int | None] = list(kinds.NATIONAL_SIZES)
                if category == kinds.NATIONAL_TOTAL:
                    sizes.append(None)
                missing += [
                    f"{category} {state or 'national'} size {size or kinds.EACH_ADDITIONAL}"
                    for size in sizes
                    if (category, state, size) not in keys
                ]
    elif table.kind.name == kinds.OUT_OF_POCKET_HEALTH:
        missing += [band for band in kinds.AGE_BANDS if (band,) not in keys]
    elif table.kind.name == kinds.HOUSING_UTILITIES:
        for state, county in sorted({k[:2] for k in keys}):
            missing += [
                f"{state} {county} family size {size}"
                for size in kinds.HOUSING_SIZES
                if (state, county, size) not in keys
            ]
    elif table.kind.name == kinds.TRANSPORTATION:
        needed: set[tuple[Any, ...]] = {(kinds.PUBLIC_TRANSPORTATION, None, None, 0)}
        needed |= {(kinds.OWNERSHIP, None, None, n) for n in kinds.VEHICLE_COUNTS}
        areas: set[tuple[str, str | None]] = {(region, None) for region in kinds.CENSUS_REGIONS}
        areas |= {(k[1], k[2]) for k in keys if k[0] == kinds.OPERATING}
        needed |= {(kinds.OPERATING, *area, n) for area in areas for n in kinds.VEHICLE_COUNTS}
        missing += [
            " ".join(str(p) for p in k if p is not None) for k in sorted(needed - keys, key=str)
        ]
    elif table.kind.name == kinds.TRANSPORTATION_AREAS:
        regions = {k[0] for k in keys if k[1] is None}
        missing += [f"{region} states" for region in kinds.CENSUS_REGIONS if region not in regions]
    if missing:
        shown = "; ".join(missing[:5]) + (
            f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise ReferenceInputError(table.file.name, f"is incomplete: no row for {shown}")
