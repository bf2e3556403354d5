"""Wage & Income payload → ``income_documents`` rows (DOMAIN 1.2.5, 3.7–3.9)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from medallion.silver.aliases import AliasList, RecordAliases, ScannedRecord
from medallion.silver.income_adjustments import mark_duplicates
from medallion.silver.issues import Issues, RecordReader
from medallion.silver.masking import mask_identifiers
from medallion.silver.parsing import (
    ParseError,
    clean_text,
    mask_tin,
    normalise_form_type,
    parse_filing_status,
    parse_money,
    parse_tax_year,
    ssn_last4,
)
from medallion.silver.payloads import SourcePayload
from medallion.silver.person_type import FormPersonHints, Identities, detect_person_type
from medallion.silver.rows import IncomeDocumentRow
from medallion.silver.rules import FormRule, RuleSet
from medallion.silver.wrappers import UnknownWrapper, WiForm, unwrap_wi

FORM_TYPE = AliasList(
    "Form", "Form.Type", "Form.Code", "Form.type", "Form.code",
    "form", "form_type", "FormType", "formCode", "FormCode", "document_type", "type", "code",
)  # fmt: skip
TAX_YEAR = AliasList("Year", "year", "tax_year", "taxYear", "TaxYear")
CATEGORY = AliasList("Category", "category")
GROSS = AliasList(
    "Income", "income", "gross_income", "gross_amount", "GrossAmount", "Amount", "amount",
    "Gross", "Wages", "wages", "Total", "total",
)  # fmt: skip
WITHHOLDING = AliasList(
    "Withholding", "withholding", "federal_withholding", "FederalWithholding",
    "WithholdingAmount", "Federal", "FederalTaxWithheld",
)  # fmt: skip
ISSUER_TIN = AliasList(
    "Issuer.ID", "Issuer.id", "Issuer.EIN", "Issuer.ein",
    "issuer.ID", "issuer.id", "issuer.EIN", "issuer.ein",
    "IssuerEIN", "issuer_ein", "EIN", "ein", "EmployerEIN", "Fields.PayerEIN", "Fields.EmployerEIN",
)  # fmt: skip
ISSUER_NAME = AliasList(
    "Issuer.Name", "Issuer.name", "Issuer.company", "Issuer.Company",
    "issuer.Name", "issuer.name", "issuer.company", "issuer.Company",
    "Issuer", "IssuerName", "issuer_name", "Employer", "employer_name", "EmployerName",
    "Fields.PayerName", "Fields.EmployerName",
)  # fmt: skip
ISSUER_ADDRESS = AliasList("Issuer.Address", "Issuer.address", "issuer.address", "IssuerAddress")
RECIPIENT_TIN = AliasList(
    "Recipient.ID", "Recipient.id", "Recipient.SSN", "Recipient.ssn",
    "recipient.ID", "recipient.id", "recipient.SSN", "recipient.ssn",
    "RecipientSSN", "recipient_ssn", "SSN", "ssn", "EmployeeSSN",
    "Fields.RecipientSSN", "Fields.EmployeeSSN",
)  # fmt: skip
RECIPIENT_NAME = AliasList(
    "Recipient.Name", "Recipient.name", "recipient.name", "RecipientName", "recipient_name",
    "Employee", "employee_name", "EmployeeName", "Fields.RecipientName", "Fields.EmployeeName",
)  # fmt: skip
RECIPIENT_ADDRESS = AliasList("Recipient.Address", "Recipient.address", "recipient.address")
TAXPAYER_TYPE = AliasList(
    "Recipient.TaxpayerType",
    "recipient.taxpayer_type",
    "taxpayer_type",
    "taxpayerType",
)
FILING_STATUS = AliasList("FilingStatus", "filing_status")

# A form is read in one pass over its keys; concept names are the ones warnings use.
FORM_FIELDS = RecordAliases(
    {
        "form_type": FORM_TYPE,
        "tax_year": TAX_YEAR,
        "category": CATEGORY,
        "gross_amount": GROSS,
        "federal_withholding": WITHHOLDING,
        "issuer_tin": ISSUER_TIN,
        "issuer_name": ISSUER_NAME,
        "issuer_address": ISSUER_ADDRESS,
        "recipient_tin": RECIPIENT_TIN,
        "recipient_name": RECIPIENT_NAME,
        "recipient_address": RECIPIENT_ADDRESS,
        "taxpayer_type": TAXPAYER_TYPE,
        "label": AliasList("Label"),
        "owner": AliasList("owner"),
        "filing_status": FILING_STATUS,
    }
)

UNKNOWN_CATEGORY = "Unknown"


@dataclass(frozen=True)
class WiBuild:
    documents: tuple[IncomeDocumentRow, ...]
    # The filing status of each year's first form (by line_no) that has one.
    filing_status_by_year: Mapping[int, str]


def build_wi(
    payload: SourcePayload,
    rules: RuleSet,
    identities: Identities,
    *,
    max_year: int,
    issues: Issues,
) -> WiBuild:
    try:
        unwrapped = unwrap_wi(payload.document, max_year=max_year, variant=payload.wrapper_variant)
    except UnknownWrapper as exc:
        if not payload.is_empty:
            issues.quarantine("", "unknown_wrapper", exc.detail, payload.document)
        return WiBuild((), {})
    for module in unwrapped.malformed_modules:
        issues.quarantine(
            module.path,
            "contract_error",
            f"WI year entry {module.path} is neither {{'forms': [...]}} nor an array",
            module.value,
        )
    documents: list[IncomeDocumentRow] = []
    filing_status: dict[int, str] = {}
    for line_no, form in enumerate(unwrapped.forms):
        parsed = _document(line_no, form, rules, identities, max_year, issues, payload)
        if parsed is None:
            continue
        row, status = parsed
        documents.append(row)
        if status is not None:
            filing_status.setdefault(row.tax_year, status)
    defaulted = sum(1 for row in documents if row.person_type_basis == "default")
    if defaulted and (identities.has_spouse or any(r.person_type == "spouse" for r in documents)):
        issues.warn(
            "person_type_default",
            f"{defaulted} WI form(s) read as the taxpayer's by default although the case has "
            "a spouse",
        )
    return WiBuild(mark_duplicates(documents), filing_status)


def _document(
    line_no: int,
    form: WiForm,
    rules: RuleSet,
    identities: Identities,
    max_year: int,
    issues: Issues,
    payload: SourcePayload,
) -> tuple[IncomeDocumentRow, str | None] | None:
    record, path = form.value, form.path
    if not isinstance(record, dict):
        issues.quarantine(path, "not_an_object", f"WI form at {path} is not an object", record)
        return None
    found = FORM_FIELDS.scan(record)
    tax_year = _tax_year(form, found, max_year, issues)
    if tax_year is None:
        return None

    read = RecordReader(found, issues, path, tax_year)

    form_type = read("form_type", normalise_form_type)
    if form_type is None:
        issues.warn("missing_form_type", f"{path}: WI form has no form type", tax_year)
    rule = rules.forms.get(form_type) if form_type else None
    fields = record.get("Fields") if isinstance(record.get("Fields"), dict) else None
    recipient_tin_last4 = read("recipient_tin", ssn_last4)
    recipient_name = read("recipient_name", clean_text)
    person_type, basis = detect_person_type(
        FormPersonHints(
            module_owner=form.module.owner if form.module else None,
            recipient_tin_last4=recipient_tin_last4,
            taxpayer_type=read("taxpayer_type", clean_text),
            labels=(found.value("label"), found.value("owner")),
            recipient_name=recipient_name,
        ),
        identities,
    )
    gross = read("gross_amount", parse_money)
    withholding = read("federal_withholding", parse_money)
    if rule is not None and gross is None and found.value("gross_amount") is None:
        gross = _sum_fields(fields, rule.income_fields, path, tax_year, issues)
    if rule is not None and withholding is None and found.value("federal_withholding") is None:
        withholding = _sum_fields(fields, rule.withholding_fields, path, tax_year, issues)
    row = IncomeDocumentRow(
        tax_year=tax_year,
        line_no=line_no,
        form_type=form_type,
        gross_amount=gross,
        federal_withholding=withholding,
        issuer_tin=read("issuer_tin", mask_tin),
        issuer_name=read("issuer_name", clean_text),
        issuer_address=read("issuer_address", clean_text),
        recipient_tin_last4=recipient_tin_last4,
        recipient_name=recipient_name,
        recipient_address=read("recipient_address", clean_text),
        person_type=person_type,
        person_type_basis=basis,
        source_category=read("category", clean_text),
        **_rule_columns(rule),
        is_excluded=False,
        exclusion_reason=None,
        duplicate_of_line_no=None,
        fields=mask_identifiers(fields) if fields is not None else None,
        bronze_id=payload.bronze_id,
        source_path=path,
    )
    return row, read("filing_status", parse_filing_status)


def _tax_year(form: WiForm, scanned: ScannedRecord, max_year: int, issues: Issues) -> int | None:
    """The ``years_data`` key wins over the form's own year (warning ``year_mismatch``)."""
    found = scanned.resolved("tax_year")
    module = form.module
    if module is not None:
        if module.year is None:
            reason = "bad_tax_year" if module.year_error else "missing_tax_year"
            issues.quarantine(form.path, reason, "WI years_data key is not a tax year", form.value)
            return None
        if found.value is not None and _year_or_none(found.value, max_year) != module.year:
            issues.warn(
                "year_mismatch",
                f"{form.path}: form {found.alias} differs from its years_data key; the key is used",
                module.year,
            )
        return module.year
    try:
        year = parse_tax_year(found.value, max_year=max_year)
    except ParseError as exc:
        issues.quarantine(
            form.path, exc.reason_code, f"WI form {found.alias}: {exc.detail}", form.value
        )
        return None
    if year is None:
        issues.quarantine(form.path, "missing_tax_year", "WI form has no tax year", form.value)
    return year


def _year_or_none(value: Any, max_year: int) -> int | None:
    try:
        return parse_tax_year(value, max_year=max_year)
    except ParseError:
        return None


def _sum_fields(
    fields: Mapping[str, Any] | None,
    labels: Sequence[str],
    path: str,
    tax_year: int,
    issues: Issues,
) -> Decimal | None:
    """Σ of the named ``Fields`` entries; null when none of them holds an amount."""
    if fields is None or not labels:
        return None
    amounts = [
        issues.read(
            fields, (label,), parse_money, concept=f"Fields[{label}]", path=path, tax_year=tax_year
        )
        for label in labels
    ]
    present = [amount for amount in amounts if amount is not None]
    return sum(present, Decimal("0.00")) if present else None


def _rule_columns(rule: FormRule | None) -> dict[str, Any]:
    if rule is None:
        return {
            "category": UNKNOWN_CATEGORY,
            "is_self_employment": False,
            "include_in_projection": False,
            "affects_resolution_options": False,
            "resolution_income_asset": None,
            "rule_matched": False,
        }
    return {
        "category": rule.category,
        "is_self_employment": rule.is_self_employment,
        "include_in_projection": rule.include_in_projection,
        "affects_resolution_options": rule.affects_resolution_options,
        "resolution_income_asset": rule.resolution_income_asset,
        "rule_matched": True,
    }
