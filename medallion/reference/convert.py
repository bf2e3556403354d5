"""Convert the researched standards in `shared/reference/` to the loader's CSV layout
(docs/reference-data.md), keeping each row's sources and check.

    python -m medallion.reference.convert [SHARED_REFERENCE_DIR] [--out DIR]

SHARED_REFERENCE_DIR defaults to `../shared/reference` relative to the repository root; DIR to
`reference_data/standards`. Files holding unverified rows go to `DIR/unverified/`: they are not
part of the shipped default (see `medallion.reference.shipped`). No figure is added or changed.
"""

import argparse
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from medallion.reference import kinds
from medallion.reference.shipped import REPOSITORY_ROOT, SHIPPED_DIR, UNVERIFIED_DIR

DEFAULT_SHARED = REPOSITORY_ROOT.parent / "shared" / "reference"
_IRS = "https://www.irs.gov/businesses/small-businesses-self-employed/"


@dataclass(frozen=True)
class Conversion:
    source_file: str  # the glob of shared/reference files this converts
    kind: str
    title: str  # the IRS table's name
    url: str
    doubt_words: tuple[str, ...]  # Known doubts (SOURCES.md) that concern these files
    rows: Callable[[dict[str, str]], Iterable[dict[str, str]]]


def _status(check: str) -> str:
    return kinds.UNVERIFIED if "unverified" in check else kinds.VERIFIED


def _national(r: dict[str, str]) -> Iterator[dict[str, str]]:
    size = r["household_size"]
    yield {
        "category": r["category"],
        "state": "",
        "household_size": kinds.EACH_ADDITIONAL if size == "each_additional_over_4" else size,
        "amount": r["amount"],
        "sources": r["sources"],
        "check": r["check"],
    }


def _health(r: dict[str, str]) -> Iterator[dict[str, str]]:
    yield {
        "age_band": r["age_band"],
        "amount_per_person": r["amount_per_person"],
        "sources": r["sources"],
        "check": r["check"],
    }


def _housing(r: dict[str, str]) -> Iterator[dict[str, str]]:
    yield {
        "state": r["state"],
        "county": r["county"],
        "family_size": r["family_size"],
        "amount": r["amount"],
        "non_mortgage": r.get("non_mortgage", ""),
        "mortgage_rent": r.get("mortgage_rent", ""),
        "sources": r["source"],
        "check": r["check"],
    }


def _transportation(r: dict[str, str]) -> Iterator[dict[str, str]]:
    kind = r["kind"]
    cost = kinds.OPERATING if kind.startswith("operating") else kind
    yield {
        "cost": cost,
        "census_region": r["census_region"] if cost == kinds.OPERATING else "",
        "msa": r["region_or_msa"] if kind == "operating_msa" else "",
        "vehicles": r["vehicles"],
        "amount": r["amount"],
        "sources": r["sources"],
        "check": "; ".join(part for part in (r["check"], r["note"]) if part),
    }


def _areas(r: dict[str, str]) -> Iterator[dict[str, str]]:
    common = {"census_region": r["census_region"], "sources": r["source"]}
    check = r["note"] or "as listed by the source"
    if r["msa"] == "(region states)":
        for state in r["state"].split(","):
            yield {**common, "msa": "", "state": state.strip(), "county": "", "check": check}
    else:
        yield {
            **common,
            "msa": r["msa"],
            "state": r["state"],
            "county": r["county_or_city"],
            "check": check,
        }


CONVERSIONS = (
    Conversion(
        "national_standards_*.csv",
        kinds.NATIONAL,
        "National Standards: Food, Clothing and Other Items",
        _IRS + "national-standards-food-clothing-and-other-items",
        ("Housekeeping supplies", "Alaska and Hawaii"),
        _national,
    ),
    Conversion(
        "out_of_pocket_health_*.csv",
        kinds.OUT_OF_POCKET_HEALTH,
        "National Standards: Out-of-Pocket Health Care",
        _IRS + "national-standards-out-of-pocket-health-care",
        ("Out-of-pocket health care",),
        _health,
    ),
    Conversion(
        "housing_utilities_*.csv",
        kinds.HOUSING_UTILITIES,
        "Local Standards: Housing and Utilities",
        _IRS + "local-standards-housing-and-utilities",
        (),
        _housing,
    ),
    Conversion(
        "transportation_2*.csv",
        kinds.TRANSPORTATION,
        "Local Standards: Transportation",
        _IRS + "local-standards-transportation",
        ("ownership costs", "Cleveland"),
        _transportation,
    ),
    Conversion(
        "transportation_msa_counties_*.csv",
        kinds.TRANSPORTATION_AREAS,
        "Local Standards: Transportation (Census regions and metropolitan areas)",
        _IRS + "local-standards-transportation",
        ("Alaska and Hawaii",),
        _areas,
    ),
)


def known_doubts(sources_md: str) -> list[str]:
    """The bullets of SOURCES.md's "Known doubts" section, each on one line."""
    section = sources_md.split("## Known doubts", 1)[1].split("\n## ", 1)[0]
    bullets = re.split(r"\n- ", "\n" + section.strip())
    return [" ".join(b.replace("**", "").split()) for b in bullets if b.strip()]


def source_keys(sources_md: str) -> dict[str, str]:
    """SOURCES.md's table of source keys: key → what it names ("the same repository" spelled
    out, so each line stands alone)."""
    keys, repository = {}, ""
    for key, text in re.findall(r"^\| `([^`]+)` \| (.+?) \|$", sources_md, flags=re.MULTILINE):
        named = re.match(r"GitHub [^,]+", text)
        if named:
            repository = named.group(0)
        keys[key] = text.replace("the same repository", repository, 1)
    return keys


def convert_file(
    path: Path, conversion: Conversion, doubts: list[str], keys: dict[str, str]
) -> tuple[str, str]:
    """The converted file's name and text."""
    with path.open(newline="", encoding="utf-8") as f:
        source_rows = list(csv.DictReader(f))
    rows = [row for source_row in source_rows for row in conversion.rows(source_row)]
    effective = {r["effective_from"] for r in source_rows}
    if len(effective) != 1:
        raise SystemExit(f"{path.name}: expected one effective_from, found {sorted(effective)}")
    (effective_from,) = effective
    for row in rows:
        row["status"] = _status(row["check"])
    used = {k for row in rows for k in re.split(r"[;+ ]", f"{row['sources']};{row['check']}")}
    out = io.StringIO()
    out.write(f"# kind: {conversion.kind}\n")
    out.write(f"# effective_from: {effective_from}\n")
    out.write(
        f"# source: IRS Collection Financial Standards, {conversion.title}, effective "
        f"{effective_from}; as researched in shared/reference/{path.name} (each row names "
        "its sources)\n"
    )
    out.write(f"# source_url: {conversion.url}\n")
    year = effective_from[:4]
    for doubt in doubts:
        if any(word in doubt for word in conversion.doubt_words) and (
            not re.search(r"\b20\d\d\b", doubt) or year in doubt
        ):
            out.write(f"# doubt: {doubt}\n")
    for key in sorted(used & keys.keys()):
        out.write(f"# source_key: {key} = {keys[key]}\n")
    spec = kinds.STANDARDS_KINDS[conversion.kind]
    writer = csv.DictWriter(
        out, fieldnames=[*spec.columns, *kinds.PROVENANCE_COLUMNS], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    name = f"{conversion.kind}_{effective_from}.csv"
    return name, out.getvalue()


def convert(shared: Path, out: Path) -> list[Path]:
    sources_md = (shared / "SOURCES.md").read_text(encoding="utf-8")
    doubts, keys = known_doubts(sources_md), source_keys(sources_md)
    written = []
    for conversion in CONVERSIONS:
        for path in sorted(shared.glob(conversion.source_file)):
            name, text = convert_file(path, conversion, doubts, keys)
            unverified = f",{kinds.UNVERIFIED}\n" in text
            target = (out / UNVERIFIED_DIR.name if unverified else out) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=SHIPPED_DIR)
    args = parser.parse_args()
    for path in convert(args.shared, args.out):
        print(path.relative_to(REPOSITORY_ROOT) if path.is_relative_to(REPOSITORY_ROOT) else path)


if __name__ == "__main__":
    main()
