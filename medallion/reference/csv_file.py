"""Reading one reference CSV file: its `# key: value` header lines, then a column line and rows
(layout: docs/reference-data.md)."""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from medallion.reference.errors import ReferenceInputError

REQUIRED_HEADERS = ("kind", "effective_from", "source", "source_url")
# Header lines that may appear more than once: the known doubts about the figures (shown when
# unverified rows load), and what each source key in the `sources` column names (for readers).
REPEATABLE_HEADERS = ("doubt", "source_key")
# Header lines a kind may add (the transaction rules name the rule set they become).
OPTIONAL_HEADERS = ("rules_version",)


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class ReferenceFile:
    name: str  # the file's name, as errors and reference_versions name it
    digest: str  # sha256 of the bytes
    kind: str
    effective_from: datetime.date
    source: str
    source_url: str
    doubts: tuple[str, ...]
    optional: dict[str, str]  # OPTIONAL_HEADERS given
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]


def read_reference_file(path: Path) -> ReferenceFile:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReferenceInputError(name, f"cannot be read ({err.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReferenceInputError(name, "is not UTF-8 text") from None
    headers: dict[str, list[str]] = {}
    lines = text.splitlines(keepends=True)
    body_start = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            body_start = number - 1
            break
        key, sep, value = line[1:].partition(":")
        key = key.strip()
        if not sep or key not in (*REQUIRED_HEADERS, *REPEATABLE_HEADERS, *OPTIONAL_HEADERS):
            raise ReferenceInputError(
                name,
                "header line is not one of "
                + ", ".join(
                    f"`# {k}: …`"
                    for k in (*REQUIRED_HEADERS, *REPEATABLE_HEADERS, *OPTIONAL_HEADERS)
                ),
                number,
            )
        headers.setdefault(key, []).append(value.strip())
    else:
        body_start = len(lines)
    for key in REQUIRED_HEADERS:
        values = headers.get(key, [])
        if len(values) != 1 or not values[0]:
            raise ReferenceInputError(name, f"needs exactly one non-empty `# {key}:` header line")
    try:
        effective_from = datetime.date.fromisoformat(headers["effective_from"][0])
    except ValueError:
        raise ReferenceInputError(
            name, f"effective_from {headers['effective_from'][0]!r} is not a date (YYYY-MM-DD)"
        ) from None
    reader = csv.reader(io.StringIO("".join(lines[body_start:])))
    try:
        columns = tuple(next(reader))
    except StopIteration:
        raise ReferenceInputError(name, "has no column line after the header") from None
    rows = []
    for cells in reader:
        line_no = body_start + reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            raise ReferenceInputError(
                name, f"has {len(cells)} cells where the column line names {len(columns)}", line_no
            )
        rows.append(
            CsvRow(line=line_no, values=dict(zip(columns, (c.strip() for c in cells), strict=True)))
        )
    return ReferenceFile(
        name=name,
        digest=hashlib.sha256(data).hexdigest(),
        kind=headers["kind"][0],
        effective_from=effective_from,
        source=headers["source"][0],
        source_url=headers["source_url"][0],
        doubts=tuple(headers.get("doubt", ())),
        optional={key: headers[key][-1] for key in OPTIONAL_HEADERS if key in headers},
        columns=columns,
        rows=tuple(rows),
    )
