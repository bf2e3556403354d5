"""Account transcripts (DOMAIN 1.2.4): one record per tax year with dated IRS transactions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sandbox.data.at_ledger import (
    LARGE_TRANSACTIONS_PER_YEAR,
    YearAccount,
    as_of_date,
    sign,
    with_revision_postings,
    year_account,
)
from sandbox.data.formatting import DATE_STYLES, Formatter
from sandbox.data.persona import Persona
from sandbox.data.profiles import AtStyle, CaseProfile
from sandbox.data.seeding import case_rng

RECORD_KEYS: dict[AtStyle, dict[str, str]] = {
    "snake": {
        "year": "tax_year",
        "filing_status": "filing_status",
        "filed": "return_filed",
        "filed_date": "return_filed_date",
        "agi": "adjusted_gross_income",
        "taxable": "taxable_income",
        "tax_per_return": "tax_per_return",
        "total_tax": "total_tax",
        "balance": "account_balance",
        "interest": "accrued_interest",
        "penalty": "accrued_penalty",
        "total_balance": "total_balance",
        "transactions": "transactions",
    },
    "camel": {
        "year": "taxYear",
        "filing_status": "filingStatus",
        "filed": "returnFiled",
        "filed_date": "returnFiledDate",
        "agi": "adjustedGrossIncome",
        "taxable": "taxableIncome",
        "tax_per_return": "TaxPerReturn",
        "total_tax": "totalTax",
        "balance": "accountBalance",
        "interest": "accrued_interest",
        "penalty": "accrued_penalty",
        "total_balance": "totalBalance",
        "transactions": "activity",
    },
    "pascal": {
        "year": "year",
        "filing_status": "FilingStatus",
        "filed": "status",
        "filed_date": "returnFiledDate",
        "agi": "AGI",
        "taxable": "taxableIncome",
        "tax_per_return": "TaxPerReturn",
        "total_tax": "totalTax",
        "balance": "accountBalance",
        "interest": "accrued_interest",
        "penalty": "accrued_penalty",
        "total_balance": "totalBalance",
        "transactions": "account_activity",
    },
    "legacy": {
        "year": "period",
        "filing_status": "filing_status",
        "filed": "filed",
        "filed_date": "return_filed_date",
        "agi": "agi",
        "taxable": "taxable_income",
        "tax_per_return": "tax_per_return",
        "total_tax": "total_tax",
        "balance": "account_balance",
        "interest": "accrued_interest",
        "penalty": "accrued_penalty",
        "total_balance": "total_balance",
        "transactions": "data",
    },
}

TXN_KEYS: dict[AtStyle, tuple[str, str, str, str, str | None]] = {
    # code, date, amount, explanation, balance after
    "snake": ("code", "date", "amount", "description", "balance"),
    "camel": (
        "transaction_code",
        "transaction_date",
        "transaction_amount",
        "explanation",
        "balance_after",
    ),
    "pascal": ("Code", "Date", "Amount", "Explanation", "ending_balance"),
    "legacy": ("tc", "posted_date", "amount", "description", None),
}

FILING_STATUS_SPELLINGS = {
    "Married Filing Jointly": ("Married Filing Jointly", "MFJ", "married filing joint"),
    "Single": ("Single", "SINGLE"),
    "Head of Household": ("Head of Household", "HOH"),
}


def _printed_code(code: str, style: AtStyle, hazards: bool) -> str:
    if hazards and code == "971":
        return "971 AC 043"
    if style == "legacy" or (hazards and code == "150"):
        return f"TC {code}"
    return code


def _transactions_json(
    account: YearAccount, style: AtStyle, fmt: Formatter, hazards: bool
) -> list[dict[str, Any]]:
    code_key, date_key, amount_key, text_key, balance_key = TXN_KEYS[style]
    rows: list[dict[str, Any]] = []
    balance = 0
    for txn in sorted(account.transactions, key=lambda t: t.day):
        balance += sign(txn.code) * abs(txn.cents)
        blank = hazards and txn.code == "971"
        row: dict[str, Any] = {
            code_key: _printed_code(txn.code, style, hazards),
            date_key: fmt.date(txn.day),
            amount_key: "" if blank else fmt.money(sign(txn.code) * abs(txn.cents)),
            text_key: txn.explanation,
        }
        if balance_key:
            row[balance_key] = fmt.money(balance)
        rows.append(row)
    return rows


def _year_value(year: int, style: AtStyle) -> str | int:
    if style == "legacy":
        return f"{year}12"
    return str(year) if style == "snake" else year


def _filed_value(filed: bool, style: AtStyle) -> bool | str:
    if style == "snake":
        return filed
    if style == "camel":
        return "true" if filed else "false"
    if style == "pascal":
        return "Filed" if filed else "Unfiled"
    return "YES" if filed else "NO"


def _record(
    account: YearAccount,
    persona: Persona,
    style: AtStyle,
    fmt: Formatter,
    as_of: date,
    owner: str,
    hazards: bool,
) -> dict[str, Any]:
    keys = RECORD_KEYS[style]
    facts = account.facts
    filed = account.filed is not None
    balance = sum(sign(t.code) * abs(t.cents) for t in account.transactions)
    interest = balance * 4 // 100 if balance > 0 else 0
    penalty = balance * 2 // 100 if balance > 0 else 0
    record: dict[str, Any] = {
        keys["year"]: _year_value(facts.year, style),
        "owner": owner,
        "source_file": f"AT {facts.year % 100:02d}.pdf",
        keys["filing_status"]: fmt.rng.choice(FILING_STATUS_SPELLINGS[persona.filing_status]),
        keys["filed"]: _filed_value(filed, style),
    }
    if account.filed is not None:
        record[keys["filed_date"]] = fmt.date(account.filed)
    record.update(
        {
            keys["agi"]: fmt.money(facts.agi if filed else 0),
            keys["taxable"]: fmt.money(facts.taxable_income if filed else 0),
            keys["tax_per_return"]: fmt.money(facts.tax if filed else 0),
            keys["total_tax"]: fmt.money(account.total_tax),
            keys["balance"]: fmt.money(balance),
            keys["interest"]: fmt.money(interest),
            keys["penalty"]: fmt.money(penalty),
            keys["total_balance"]: fmt.money(balance + interest + penalty),
            "processing_date": fmt.date(as_of),
            keys["transactions"]: _transactions_json(account, style, fmt, hazards),
        }
    )
    return record


def at_records(persona: Persona, profile: CaseProfile, revision: int) -> list[dict[str, Any]]:
    """The year records of the case, newest year last, before any wrapper is applied."""
    rng = case_rng(persona.case_id, "at")
    fmt = Formatter(rng, rng.choice(DATE_STYLES))
    as_of = as_of_date(persona, revision)
    # The history up to the first pull stays as it was; a later revision only adds postings.
    first_pull = as_of_date(persona, 0)
    target = LARGE_TRANSACTIONS_PER_YEAR if profile.size == "large" else None
    accounts = [year_account(rng, facts, first_pull, target) for facts in persona.years]
    accounts[-1] = with_revision_postings(persona, accounts[-1], revision)
    records = []
    for index, account in enumerate(accounts):
        # The hazard case carries an owner code that is a file suffix, not TP/S (DOMAIN 6 #31).
        owner = "E" if profile.hazards and index == 0 else "TP"
        records.append(
            _record(account, persona, profile.at_style, fmt, as_of, owner, profile.hazards)
        )
    if profile.silver_hazards:
        records = _with_silver_hazards(records, profile.at_style, first_pull)
    return records


def _with_silver_hazards(
    records: list[dict[str, Any]], style: AtStyle, as_of: date
) -> list[dict[str, Any]]:
    """The generated records plus what Silver must quarantine or warn about (DOMAIN 3.1, 6):
    two year records in front (no tax year under any alias; tax year `"20233"`), an owner `P`
    on the second year, two AGI aliases that disagree on the second-latest year, and eight
    transactions appended to the latest year (amounts `"$1,234.50"`, `"(1,500.00)"`,
    `"-$500.00"`, a blank one and an unparseable one, an unmapped code 999, a row with no date
    and a code with no digits). Added dates are `MM/DD/YYYY`, counted back from `as_of`."""
    keys = RECORD_KEYS[style]
    code_key, date_key, amount_key, text_key, _ = TXN_KEYS[style]
    records = [dict(record) for record in records]
    latest = records[-1]
    no_year = {key: value for key, value in latest.items() if key != keys["year"]}
    no_year["source_file"] = "AT.pdf"
    bad_year = {**latest, keys["year"]: "20233"}
    if len(records) > 1:
        records[1]["owner"] = "P"
    if len(records) > 2:
        second_latest = records[-2]
        other_agi = "AGI" if keys["agi"] != "AGI" else "agi"
        second_latest[other_agi] = "$1,000.00"

    def row(code: str, days_back: int | None, amount: str, text: str) -> dict[str, Any]:
        found: dict[str, Any] = {code_key: code}
        if days_back is not None:
            found[date_key] = (as_of - timedelta(days=days_back)).strftime("%m/%d/%Y")
        found[amount_key] = amount
        found[text_key] = text
        return found

    latest[keys["transactions"]] = [
        *latest[keys["transactions"]],
        row("290", 28, "$1,234.50", "Additional tax assessed"),
        row("670", 21, "(1,500.00)", "Payment"),
        row("582", 20, "", "Federal tax lien filed"),
        row("670", 14, "-$500.00", "Payment"),
        row("999", 10, "$25.00", "Miscellaneous transaction"),
        row("670", 7, "-1,5O0.00", "Payment"),
        row("670", None, "-$250.00", "Payment"),
        row("PMT", 3, "-$250.00", "Payment"),
    ]
    return [no_year, bad_year, *records]


def at_document(persona: Persona, profile: CaseProfile, revision: int) -> Any:
    records = at_records(persona, profile, revision)
    as_of = as_of_date(persona, revision)
    head = {"case_id": persona.case_id, "response_date": as_of.isoformat()}
    metadata = {"generator": "medallion-sandbox", "revision": revision}
    wrapper = profile.at_wrapper
    if wrapper == "bare":
        return records
    if wrapper == "transactions":
        # Single-year form: the top-level object is the latest year record itself.
        latest = dict(records[-1])
        transactions_key = RECORD_KEYS[profile.at_style]["transactions"]
        latest["transactions"] = latest.pop(transactions_key)
        return {**head, **latest}
    return {**head, wrapper: records, "metadata": metadata}
