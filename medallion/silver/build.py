"""All Silver rows of one case from its current payloads, without touching the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.silver.at import AtBuild, build_at
from medallion.silver.income_adjustments import IncomeOverride, OverrideKey, apply_overrides
from medallion.silver.interview import InterviewBuild, build_interview
from medallion.silver.interview_grids import GridRows
from medallion.silver.issues import Issues, QuarantineRow
from medallion.silver.payloads import SourcePayload
from medallion.silver.person_type import Identities
from medallion.silver.rows import (
    AccountActivityRow,
    IncomeDocumentRow,
    InterviewSnapshotRow,
    TaxYearRow,
    TrtRecordRow,
)
from medallion.silver.rules import RuleSet
from medallion.silver.tax_years import build_tax_years
from medallion.silver.tolling import TollingEventRow, build_tolling_events
from medallion.silver.trt import TrtBuild, build_trt
from medallion.silver.wi import WiBuild, build_wi


@dataclass(frozen=True)
class SilverBuild:
    tax_years: tuple[TaxYearRow, ...] = ()
    account_activity: tuple[AccountActivityRow, ...] = ()
    income_documents: tuple[IncomeDocumentRow, ...] = ()
    trt_records: tuple[TrtRecordRow, ...] = ()
    interview_snapshot: InterviewSnapshotRow | None = None
    grids: GridRows = field(default_factory=GridRows)
    tolling_events: tuple[TollingEventRow, ...] = ()
    quarantined: tuple[QuarantineRow, ...] = ()
    warnings: tuple[Notice, ...] = ()


def build_silver(
    payloads: Mapping[str, SourcePayload],
    rules: RuleSet,
    *,
    max_year: int,
    overrides: Mapping[OverrideKey, IncomeOverride] | None = None,
) -> SilverBuild:
    """Types every current payload. The interview and TRT go first: WI person detection reads the
    SSNs and spouse name they carry (DOMAIN 3.9)."""
    issues = {source: Issues(source, payload.bronze_id) for source, payload in payloads.items()}
    interview = (
        build_interview(payloads["interview"], issues=issues["interview"])
        if "interview" in payloads
        else InterviewBuild(None, GridRows())
    )
    trt = (
        build_trt(payloads["trt"], max_year=max_year, issues=issues["trt"])
        if "trt" in payloads
        else TrtBuild((), {})
    )
    wi = (
        build_wi(
            payloads["wi"],
            rules,
            identities(trt, interview),
            max_year=max_year,
            issues=issues["wi"],
        )
        if "wi" in payloads
        else WiBuild((), {})
    )
    at = (
        build_at(payloads["at"], rules, max_year=max_year, issues=issues["at"])
        if "at" in payloads
        else AtBuild((), ())
    )
    at_bronze_id: UUID | None = payloads["at"].bronze_id if "at" in payloads else None
    documents = apply_overrides(wi.documents, overrides or {})
    return SilverBuild(
        tax_years=build_tax_years(
            at.years,
            at_bronze_id,
            documents,
            wi.filing_status_by_year,
            trt.rows,
            trt.filing_status_by_year,
        ),
        account_activity=at.activity,
        income_documents=documents,
        trt_records=trt.rows,
        interview_snapshot=interview.snapshot,
        grids=interview.grids,
        tolling_events=(
            build_tolling_events(at.years, rules.tolling, at_bronze_id) if at_bronze_id else ()
        ),
        quarantined=tuple(q for found in issues.values() for q in found.quarantined),
        warnings=tuple(w for found in issues.values() for w in found.warnings),
    )


def identities(trt: TrtBuild, interview: InterviewBuild) -> Identities:
    """Taxpayer and spouse SSN last 4 from TRT and the interview, and the interview spouse name."""
    taxpayer = {row.primary_ssn_last4 for row in trt.rows if row.primary_ssn_last4}
    spouse = {row.spouse_ssn_last4 for row in trt.rows if row.spouse_ssn_last4}
    spouse_name = None
    if interview.snapshot is not None:
        values = interview.snapshot.values
        if values["taxpayer_ssn_last4"]:
            taxpayer.add(values["taxpayer_ssn_last4"])
        if values["spouse_ssn_last4"]:
            spouse.add(values["spouse_ssn_last4"])
        spouse_name = values["spouse_name"]
    return Identities(frozenset(taxpayer), frozenset(spouse), spouse_name)
