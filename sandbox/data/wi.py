"""Wage & Income transcripts (DOMAIN 1.2.5): information returns filed about the household."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from sandbox.data.formatting import DATE_STYLES, Formatter, format_printed
from sandbox.data.persona import Payer, Person, Persona, YearFacts
from sandbox.data.profiles import CaseProfile, WiStyle
from sandbox.data.seeding import case_rng

LARGE_FORM_COUNT = 2000
Recipient = Literal["taxpayer", "spouse"]

CATEGORIES = {
    "W-2": "Non-SE",
    "W-2C": "Non-SE",
    "1099-NEC": "SE",
    "1099-INT": "Non-SE",
    "1099-R": "Non-SE",
    "1099-G": "Non-SE",
    "1099-DIV": "Non-SE",
    "1099-B": "Neither",
    "1098-Z": "Neither",  # no such form: the silver-hazard case's unknown form type
}

# Box labels as the transcripts print them; the W-2 ones feed the rule table's income_fields.
INCOME_LABELS = {
    "W-2": "Wages, tips, and other compensation",
    "W-2C": "Wages, tips, and other compensation",
    "1099-NEC": "Nonemployee compensation",
    "1099-INT": "Interest income",
    "1099-R": "Gross distribution",
    "1099-G": "Unemployment compensation",
    "1099-DIV": "Total ordinary dividends",
    "1099-B": "Proceeds",
    "1098-Z": "Amount reported",
}


@dataclass(frozen=True)
class WiForm:
    """One information return, in cents, before any field spelling is chosen."""

    form: str
    year: int
    payer: Payer
    recipient: Person
    recipient_role: Recipient
    income: int
    withholding: int
    distribution_code: str | None = None
    printed_year: int | None = None  # differs from `year` only in the year-mismatch hazard
    printed_type: str | None = None  # forces the printed form type (silver-hazard case)


def _forms_for_year(rng: random.Random, persona: Persona, facts: YearFacts) -> list[WiForm]:
    year, taxpayer = facts.year, persona.taxpayer
    forms = [
        WiForm(
            "W-2",
            year,
            persona.employer,
            taxpayer,
            "taxpayer",
            facts.tp_wages,
            facts.tp_withholding,
        )
    ]
    if persona.spouse and persona.spouse_payer:
        form = "1099-NEC" if persona.spouse_self_employed else "W-2"
        forms.append(
            WiForm(
                form,
                year,
                persona.spouse_payer,
                persona.spouse,
                "spouse",
                facts.sp_income,
                facts.sp_withholding,
            )
        )
    forms.append(WiForm("1099-INT", year, persona.bank, taxpayer, "taxpayer", facts.interest, 0))
    if facts.retirement:
        code = "1" if facts.early_distribution else "7"
        forms.append(
            WiForm(
                "1099-R",
                year,
                persona.plan,
                taxpayer,
                "taxpayer",
                facts.retirement,
                facts.retirement // 10,
                code,
            )
        )
    if rng.random() < 0.1:
        forms.append(
            WiForm(
                "1099-G",
                year,
                Payer("STATE DEPT OF SAMPLE LABOR", "0000", "1 CAPITOL SQ ANYTOWN ST 00000"),
                taxpayer,
                "taxpayer",
                rng.randint(200_000, 900_000),
                0,
            )
        )
    return forms


def _padding_forms(
    rng: random.Random, persona: Persona, facts: YearFacts, count: int
) -> list[WiForm]:
    """Extra brokerage and interest forms for the large case."""
    forms = []
    for index in range(count):
        form = ("1099-INT", "1099-DIV", "1099-B")[index % 3]
        payer = Payer(
            f"SAMPLE BROKERAGE {index + 1:03d}",
            f"{1000 + index % 9000}",
            "9 DEMO PLAZA ANYTOWN ST 00000",
        )
        forms.append(
            WiForm(
                form,
                facts.year,
                payer,
                persona.taxpayer,
                "taxpayer",
                rng.randint(1_000, 250_000),
                0,
            )
        )
    return forms


def _hazard_forms(forms_by_year: dict[int, list[WiForm]]) -> None:
    """Duplicate W-2, a W-2C correcting a W-2, and a form whose own year disagrees with its key."""
    latest, first = max(forms_by_year), min(forms_by_year)
    original = forms_by_year[latest][0]
    forms_by_year[latest].append(original)
    early_w2 = forms_by_year[first][0]
    forms_by_year[first].append(replace(early_w2, form="W-2C", income=early_w2.income + 125_000))
    interest = next(f for f in forms_by_year[latest] if f.form == "1099-INT")
    index = forms_by_year[latest].index(interest)
    forms_by_year[latest][index] = replace(interest, printed_year=latest - 1)


def _silver_hazard_forms(persona: Persona, forms_by_year: dict[int, list[WiForm]]) -> None:
    """The latest year's first W-2 printed `W2`, the first 1099-NEC printed `1099 NEC` (one is
    added to the earliest year when the household has none), and a form type no rule knows
    (`1098-Z`) in the latest year."""
    latest, first = max(forms_by_year), min(forms_by_year)
    forms = forms_by_year[latest]
    w2 = next(index for index, form in enumerate(forms) if form.form == "W-2")
    forms[w2] = replace(forms[w2], printed_type="W2")
    found = next(
        (
            (year, index)
            for year in sorted(forms_by_year)
            for index, form in enumerate(forms_by_year[year])
            if form.form == "1099-NEC"
        ),
        None,
    )
    if found is None:
        gig = Payer("SAMPLE GIG PLATFORM INC", "2290", "8 DEMO LANE ANYTOWN ST 00000")
        forms_by_year[first].append(
            WiForm("1099-NEC", first, gig, persona.taxpayer, "taxpayer", 412_500, 0)
        )
        found = (first, len(forms_by_year[first]) - 1)
    year, index = found
    forms_by_year[year][index] = replace(forms_by_year[year][index], printed_type="1099 NEC")
    servicer = Payer("SAMPLE MORTGAGE SERVICING CO", "4417", "3 DEMO COURT ANYTOWN ST 00000")
    forms.append(WiForm("1098-Z", latest, servicer, persona.taxpayer, "taxpayer", 842_317, 0))


def _fields(form: WiForm) -> dict[str, Any]:
    fields: dict[str, Any] = {INCOME_LABELS[form.form]: format_printed(form.income)}
    if form.form in ("W-2", "W-2C"):
        fields["Social security wages"] = format_printed(form.income)
        fields["Medicare wages and tips"] = format_printed(form.income)
    if form.form == "1099-R":
        fields["Taxable amount"] = format_printed(form.income)
        fields["Distribution code"] = form.distribution_code
    fields["Federal income tax withheld"] = format_printed(form.withholding)
    return fields


def _pascal(form: WiForm, printed_type: str, fmt: Formatter) -> dict[str, Any]:
    """The live service's spelling (DOMAIN 1.2.5 example)."""
    payer, recipient = form.payer, form.recipient
    rendered: dict[str, Any] = {
        "Form": printed_type,
        "Year": str(form.printed_year or form.year),
        "Category": CATEGORIES[form.form],
        "Income": fmt.money(form.income),
        "Withholding": fmt.money(form.withholding),
        "Issuer": {"ID": payer.masked_ein, "Name": payer.name, "Address": payer.address},
        "Recipient": {"ID": recipient.masked_ssn, "Name": recipient.full_name},
    }
    if fmt.rng.random() < 0.7:
        rendered["Recipient"]["TaxpayerType"] = form.recipient_role
    # Some W-2s print the wages only in their boxes; the rule table's income_fields apply.
    if form.form == "W-2" and fmt.rng.random() < 0.15:
        del rendered["Income"]
    return rendered


def _snake(form: WiForm, printed_type: str, fmt: Formatter) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        "form_type": printed_type,
        "tax_year": form.printed_year or form.year,
        "category": CATEGORIES[form.form],
        "gross_amount": fmt.money(form.income),
        "federal_withholding": fmt.money(form.withholding),
        "issuer_ein": form.payer.masked_ein,
        "issuer_name": form.payer.name,
        "recipient_ssn": form.recipient.masked_ssn,
        "recipient_name": form.recipient.full_name,
    }
    if fmt.rng.random() < 0.7:
        rendered["taxpayer_type"] = form.recipient_role
    return rendered


def _camel(form: WiForm, printed_type: str, fmt: Formatter) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        "formCode": printed_type,
        "taxYear": str(form.printed_year or form.year),
        "GrossAmount": fmt.money(form.income),
        "FederalWithholding": fmt.money(form.withholding),
        "IssuerEIN": form.payer.masked_ein,
        "IssuerName": form.payer.name,
        "IssuerAddress": form.payer.address,
        "RecipientSSN": form.recipient.masked_ssn,
        "RecipientName": form.recipient.full_name,
    }
    if fmt.rng.random() < 0.7:
        rendered["taxpayerType"] = form.recipient_role
    return rendered


def _nested_form(form: WiForm, printed_type: str, fmt: Formatter) -> dict[str, Any]:
    """`Form` as an object, lower-case `issuer` / `recipient` objects."""
    payer, recipient = form.payer, form.recipient
    amount_key = "Wages" if form.form in ("W-2", "W-2C") else "Total"
    rendered: dict[str, Any] = {
        "Form": {"Type": printed_type, "Code": printed_type.replace("-", "")},
        "TaxYear": form.printed_year or form.year,
        amount_key: fmt.money(form.income),
        "FederalTaxWithheld": fmt.money(form.withholding),
        "issuer": {"ein": payer.masked_ein, "name": payer.name, "address": payer.address},
        "recipient": {"ssn": recipient.masked_ssn, "name": recipient.full_name},
    }
    if fmt.rng.random() < 0.7:
        rendered["recipient"]["taxpayer_type"] = form.recipient_role
    return rendered


RENDERERS: dict[WiStyle, Callable[[WiForm, str, Formatter], dict[str, Any]]] = {
    "pascal": _pascal,
    "snake": _snake,
    "camel": _camel,
    "nested_form": _nested_form,
}


def _render(form: WiForm, style: WiStyle, fmt: Formatter) -> dict[str, Any]:
    # Drawn even when the type is forced, so every other value stays as the canonical case's.
    printed_type = fmt.form_type(form.form)
    rendered = RENDERERS[style](form, form.printed_type or printed_type, fmt)
    rendered["Fields"] = _fields(form)
    return rendered


def revision_forms(persona: Persona, latest: int, number: int) -> tuple[WiForm, WiForm]:
    """What revision `number` (1, 2, …) adds to the latest year: a 1099-INT and a W-2 from a
    new employer. Drawn per case and revision number, so a later revision keeps every earlier
    revision's forms as they were."""
    rng = case_rng(persona.case_id, f"wi-revision-{number}")
    bank = Payer(
        f"SAMPLE CREDIT UNION R{number}", f"{7000 + number}", "5 DEMO WAY ANYTOWN ST 00000"
    )
    employer = Payer(
        f"SAMPLE EMPLOYER R{number}", f"{8000 + number}", "9 DEMO ROAD ANYTOWN ST 00000"
    )
    interest = rng.randint(500, 90_000)
    wages = rng.randint(400_000, 3_000_000)
    return (
        WiForm("1099-INT", latest, bank, persona.taxpayer, "taxpayer", interest, 0),
        WiForm("W-2", latest, employer, persona.taxpayer, "taxpayer", wages, wages // 10),
    )


def wi_forms(
    persona: Persona, profile: CaseProfile, revision: int
) -> dict[int, list[dict[str, Any]]]:
    """Rendered forms per tax year, in ascending year order."""
    rng = case_rng(persona.case_id, "wi")
    fmt = Formatter(rng, rng.choice(DATE_STYLES))
    by_year = {facts.year: _forms_for_year(rng, persona, facts) for facts in persona.years}
    if profile.size == "large":
        missing = LARGE_FORM_COUNT - sum(len(forms) for forms in by_year.values())
        for index, facts in enumerate(persona.years):
            share = missing // len(persona.years) + (index < missing % len(persona.years))
            by_year[facts.year].extend(_padding_forms(rng, persona, facts, share))
    if profile.hazards:
        _hazard_forms(by_year)
    latest = max(by_year)
    for number in range(1, revision + 1):
        by_year[latest].extend(revision_forms(persona, latest, number))
    if profile.silver_hazards:
        _silver_hazard_forms(persona, by_year)
    return {
        year: [_render(f, profile.wi_style, fmt) for f in forms] for year, forms in by_year.items()
    }


def wi_document(persona: Persona, profile: CaseProfile, revision: int) -> Any:
    by_year = wi_forms(persona, profile, revision)
    flat = [form for year in sorted(by_year) for form in by_year[year]]
    wrapper = profile.wi_wrapper
    if wrapper == "bare":
        return flat
    if wrapper in ("years_data", "years_data_arrays"):
        # Newest year first, as the service sends it; consumers must not rely on key order.
        years = {
            str(year): (
                by_year[year] if wrapper == "years_data_arrays" else {"forms": by_year[year]}
            )
            for year in sorted(by_year, reverse=True)
        }
        return {"case_id": persona.case_id, "years_data": years}
    return {"case_id": persona.case_id, wrapper: flat}
