"""``tax_years``: one row per year and owner seen in any source (DOMAIN 3.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar
from uuid import UUID

from medallion.silver.at import AtYearRecord
from medallion.silver.parsing import OWNER_TAXPAYER
from medallion.silver.rows import IncomeDocumentRow, TaxYearRow, TrtRecordRow


def build_tax_years(
    at_years: Sequence[AtYearRecord],
    at_bronze_id: UUID | None,
    documents: Sequence[IncomeDocumentRow],
    wi_filing_status: Mapping[int, str],
    trt_rows: Sequence[TrtRecordRow],
    trt_filing_status: Mapping[int, str],
) -> tuple[TaxYearRow, ...]:
    """AT records give full rows; years seen only in WI or TRT get an owner-``TP`` row with null AT
    fields, pointing at the year's first WI form, else its first TRT line. Filing status falls back
    from AT to the TRT ``Filing status`` line, then to the year's first WI form that has one."""
    first_form = _first_by_line(documents)
    first_trt_line = _first_by_line(trt_rows)

    def filing_status(year: int, from_at: str | None) -> str | None:
        return from_at or trt_filing_status.get(year) or wi_filing_status.get(year)

    rows = []
    for record in at_years:
        if at_bronze_id is None:  # pragma: no cover - AT records always come with their payload
            raise ValueError("AT year records without an AT payload id")
        rows.append(
            TaxYearRow(
                tax_year=record.tax_year,
                owner=record.owner,
                owner_raw=record.owner_raw,
                source_file=record.source_file,
                filing_status=filing_status(record.tax_year, record.filing_status),
                return_filed=record.return_filed,
                return_filed_date=record.return_filed_date,
                agi=record.money["agi"],
                taxable_income=record.money["taxable_income"],
                tax_per_return=record.money["tax_per_return"],
                total_tax=record.money["total_tax"],
                account_balance=record.money["account_balance"],
                accrued_interest=record.money["accrued_interest"],
                accrued_penalty=record.money["accrued_penalty"],
                total_balance=record.money["total_balance"],
                processing_date=record.processing_date,
                has_at=True,
                has_wi=record.tax_year in first_form,
                has_trt=record.tax_year in first_trt_line,
                bronze_id=at_bronze_id,
                source_path=record.path,
            )
        )
    at_year_numbers = {record.tax_year for record in at_years}
    for year in sorted((first_form.keys() | first_trt_line.keys()) - at_year_numbers):
        origin = first_form.get(year) or first_trt_line[year]
        rows.append(
            TaxYearRow(
                tax_year=year,
                owner=OWNER_TAXPAYER,
                owner_raw=None,
                source_file=None,
                filing_status=filing_status(year, None),
                return_filed=None,
                return_filed_date=None,
                agi=None,
                taxable_income=None,
                tax_per_return=None,
                total_tax=None,
                account_balance=None,
                accrued_interest=None,
                accrued_penalty=None,
                total_balance=None,
                processing_date=None,
                has_at=False,
                has_wi=year in first_form,
                has_trt=year in first_trt_line,
                bronze_id=origin.bronze_id,
                source_path=origin.source_path,
            )
        )
    return tuple(rows)


Row = TypeVar("Row", IncomeDocumentRow, TrtRecordRow)


def _first_by_line(rows: Sequence[Row]) -> dict[int, Row]:
    first: dict[int, Row] = {}
    for row in sorted(rows, key=lambda r: r.line_no):
        first.setdefault(row.tax_year, row)
    return first
