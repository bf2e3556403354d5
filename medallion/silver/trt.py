"""Tax Return Transcript payload → ``trt_records`` rows (DOMAIN 1.2.6, 3.10)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from medallion.silver.aliases import AliasList, RecordAliases, resolve
from medallion.silver.issues import Issues, RecordReader
from medallion.silver.parsing import (
    ParseError,
    clean_text,
    parse_date,
    parse_filing_status,
    parse_money,
    parse_tax_year,
    ssn_last4,
)
from medallion.silver.payloads import SourcePayload
from medallion.silver.rows import TrtRecordRow
from medallion.silver.wrappers import UnknownWrapper, unwrap_trt

RESPONSE_DATE = AliasList("response_date", "responseDate")
FORM_NUMBER = AliasList("form_number", "formNumber", "Form Number", "form", "schedule")
TAX_PERIOD_ENDING = AliasList("tax_period_ending", "taxPeriodEnding", "Tax Period Ending")
TAX_YEAR = AliasList("tax_year", "taxYear", "year", "Year")
PRIMARY_SSN = AliasList("primary_ssn", "primarySSN", "Primary SSN")
SPOUSE_SSN = AliasList("spouse_ssn", "spouseSSN", "Spouse SSN")
RECORD_TYPE = AliasList("type", "Type")
CATEGORY = AliasList("category", "Category")  # never falls back to ``type``
SUB_CATEGORY = AliasList("sub_category", "subCategory", "Sub Category", "subcategory")
LINE_NUMBER = AliasList("line_number", "lineNumber", "line")
DESCRIPTION = AliasList("description", "label")
VALUE = AliasList("data", "Data", "amount", "value")

# A line is read in one pass over its keys; concept names are the ones warnings use.
LINE_FIELDS = RecordAliases(
    {
        "response_date": RESPONSE_DATE,
        "form_number": FORM_NUMBER,
        "tax_period_ending": TAX_PERIOD_ENDING,
        "tax_year": TAX_YEAR,
        "primary_ssn": PRIMARY_SSN,
        "spouse_ssn": SPOUSE_SSN,
        "type": RECORD_TYPE,
        "category": CATEGORY,
        "sub_category": SUB_CATEGORY,
        "line_number": LINE_NUMBER,
        "description": DESCRIPTION,
        "value": VALUE,
    }
)

FILING_STATUS_LINE = "filing status"


@dataclass(frozen=True)
class TrtBuild:
    rows: tuple[TrtRecordRow, ...]
    filing_status_by_year: Mapping[int, str]


def build_trt(payload: SourcePayload, *, max_year: int, issues: Issues) -> TrtBuild:
    try:
        unwrapped = unwrap_trt(payload.document, payload.wrapper_variant)
    except UnknownWrapper as exc:
        if not payload.is_empty:
            issues.quarantine("", "unknown_wrapper", exc.detail, payload.document)
        return TrtBuild((), {})
    top_response_date = (
        resolve(payload.document, RESPONSE_DATE).value
        if isinstance(payload.document, dict)
        else None
    )
    rows = []
    for line_no, located in enumerate(unwrapped.records):
        row = _trt_row(
            line_no, located.path, located.value, top_response_date, max_year, issues, payload
        )
        if row is not None:
            rows.append(row)
    return TrtBuild(tuple(rows), _filing_status_by_year(rows, issues))


def _trt_row(
    line_no: int,
    path: str,
    line: Any,
    top_response_date: Any,
    max_year: int,
    issues: Issues,
    payload: SourcePayload,
) -> TrtRecordRow | None:
    if not isinstance(line, dict):
        issues.quarantine(path, "not_an_object", f"TRT line at {path} is not an object", line)
        return None
    found = LINE_FIELDS.scan(line)
    period = found.resolved("tax_period_ending")
    year_source = period if period.value is not None else found.resolved("tax_year")
    try:
        tax_year = parse_tax_year(year_source.value, max_year=max_year)
    except ParseError as exc:
        issues.quarantine(
            path, exc.reason_code, f"TRT line {year_source.alias}: {exc.detail}", line
        )
        return None
    if tax_year is None:
        issues.quarantine(
            path, "missing_tax_year", "TRT line has no tax period ending or year", line
        )
        return None

    read = RecordReader(found, issues, path, tax_year)

    raw_value = read("value", clean_text)
    numeric_value = _money_or_none(raw_value)
    response_date = read("response_date", parse_date)
    if response_date is None and found.value("response_date") is None:
        response_date = _date_or_none(top_response_date)
    return TrtRecordRow(
        line_no=line_no,
        tax_year=tax_year,
        response_date=response_date,
        form_number=read("form_number", clean_text),
        tax_period_ending=read("tax_period_ending", parse_date),
        primary_ssn_last4=read("primary_ssn", ssn_last4),
        spouse_ssn_last4=read("spouse_ssn", ssn_last4),
        record_type=read("type", clean_text),
        category=read("category", clean_text),
        sub_category=read("sub_category", clean_text),
        line_number=read("line_number", clean_text),
        description=read("description", clean_text),
        raw_value=raw_value,
        numeric_value=numeric_value,
        value_kind="empty"
        if raw_value is None
        else "money"
        if numeric_value is not None
        else "text",
        bronze_id=payload.bronze_id,
        source_path=path,
    )


def _money_or_none(text: str | None) -> Any:
    """A printed value that is not an amount (``Single``) is text, not an error."""
    try:
        return parse_money(text)
    except ParseError:
        return None


def _date_or_none(value: Any) -> Any:
    try:
        return parse_date(value)
    except ParseError:
        return None


def _filing_status_by_year(rows: list[TrtRecordRow], issues: Issues) -> dict[int, str]:
    """The first ``Filing status`` line of each year, as a filing-status code."""
    found: dict[int, str] = {}
    for row in rows:
        if row.tax_year in found or (row.sub_category or "").lower() != FILING_STATUS_LINE:
            continue
        try:
            status = parse_filing_status(row.raw_value)
        except ParseError as exc:
            issues.warn(exc.reason_code, f"{row.source_path}: {exc.detail}", row.tax_year)
            continue
        if status is not None:
            found[row.tax_year] = status
    return found
