"""Account Transcript payload → year records and ``account_activity`` rows (DOMAIN 1.2.4,
3.3–3.5)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from medallion.silver.aliases import Alias, AliasList, RecordAliases, Resolved, join_pointer
from medallion.silver.issues import Issues, RecordReader
from medallion.silver.parsing import (
    ParseError,
    clean_text,
    parse_bool,
    parse_date,
    parse_filing_status,
    parse_money,
    parse_owner,
    parse_tax_year,
    parse_transaction_code,
)
from medallion.silver.payloads import SourcePayload
from medallion.silver.rows import AccountActivityRow
from medallion.silver.rules import RuleSet, TransactionRule
from medallion.silver.wrappers import Located, UnknownWrapper, unwrap_at

TAX_YEAR = AliasList("tax_year", "taxYear", "year", "period")
OWNER = AliasList(
    "owner",
)
SOURCE_FILE = AliasList(
    "source_file",
)
FILING_STATUS = AliasList("filing_status", "FilingStatus", "filingStatus")
RETURN_FILED = AliasList("return_filed", "returnFiled", "filed", "status")
RETURN_FILED_DATE = AliasList("return_filed_date", "returnFiledDate")
MONEY_FIELDS = {
    "agi": AliasList("adjusted_gross_income", "adjustedGrossIncome", "agi", "AGI"),
    "taxable_income": AliasList("taxable_income", "taxableIncome"),
    "tax_per_return": AliasList("tax_per_return", "TaxPerReturn"),
    "total_tax": AliasList("total_tax", "totalTax"),
    "account_balance": AliasList("account_balance", "accountBalance"),
    "accrued_interest": AliasList(
        "accrued_interest",
    ),
    "accrued_penalty": AliasList(
        "accrued_penalty",
    ),
    "total_balance": AliasList("total_balance", "totalBalance"),
}
PROCESSING_DATE = AliasList(
    "processing_date",
)
TRANSACTIONS = AliasList("transactions", "activity", "account_activity", "data")


def _parses_as_money(value: Any) -> bool:
    try:
        return parse_money(value) is not None
    except ParseError:
        return False


TXN_CODE = AliasList("code", "Code", "transaction_code", "tc")
TXN_DATE = AliasList("date", "Date", "activity_date", "transaction_date", "posted_date")
TXN_AMOUNT = AliasList("amount", "Amount", "transaction_amount", Alias("data", _parses_as_money))
TXN_EXPLANATION = AliasList("explanation", "Explanation", "description")
TXN_BALANCE = AliasList("balance", "balance_after", "ending_balance")

# Each kind of record is read in one pass over its keys; concept names are the ones warnings use.
YEAR_RECORD_FIELDS = RecordAliases(
    {
        "tax_year": TAX_YEAR,
        "owner": OWNER,
        "source_file": SOURCE_FILE,
        "filing_status": FILING_STATUS,
        "return_filed": RETURN_FILED,
        "return_filed_date": RETURN_FILED_DATE,
        **MONEY_FIELDS,
        "processing_date": PROCESSING_DATE,
        "transactions": TRANSACTIONS,
    },
    containers={"transactions"},
)
TRANSACTION_FIELDS = RecordAliases(
    {
        "code": TXN_CODE,
        "date": TXN_DATE,
        "amount": TXN_AMOUNT,
        "explanation": TXN_EXPLANATION,
        "balance_after": TXN_BALANCE,
    }
)

RETURN_FILED_CODE = "150"
_SFR_EXPLANATION = re.compile(r"sfr|substitute", re.IGNORECASE)
_COLLECTION_EXPLANATION = re.compile(r"levy|lien", re.IGNORECASE)
# TC 971's collection flag is decided per row from its explanation (DOMAIN 3.5).
EXPLANATION_DECIDES_COLLECTION = frozenset({"971"})


@dataclass(slots=True)  # not frozen, like the rows of rows.py: one per transaction
class Transaction:
    line_no: int
    path: str
    code: str
    activity_date: date
    amount: Decimal | None
    explanation: str | None
    balance_after: Decimal | None

    @property
    def is_sfr(self) -> bool:
        return self.explanation is not None and bool(_SFR_EXPLANATION.search(self.explanation))


@dataclass(frozen=True)
class AtYearRecord:
    """The year-level fields of one AT record (before merging with WI/TRT years)."""

    position: int
    path: str
    tax_year: int
    owner: str
    owner_raw: str | None
    source_file: str | None
    filing_status: str | None
    return_filed: bool | None
    return_filed_date: date | None
    money: dict[str, Decimal | None]
    processing_date: date | None
    transactions: tuple[Transaction, ...]


@dataclass(frozen=True)
class AtBuild:
    years: tuple[AtYearRecord, ...]
    activity: tuple[AccountActivityRow, ...]


def build_at(payload: SourcePayload, rules: RuleSet, *, max_year: int, issues: Issues) -> AtBuild:
    try:
        unwrapped = unwrap_at(payload.document, payload.wrapper_variant)
    except UnknownWrapper as exc:
        if not payload.is_empty:
            issues.quarantine("", "unknown_wrapper", exc.detail, payload.document)
        return AtBuild((), ())
    records = [
        parsed
        for position, located in enumerate(unwrapped.records)
        if (parsed := _year_record(position, located, max_year, issues)) is not None
    ]
    kept = _drop_duplicate_years(records, unwrapped.records, issues)
    activity = _activity_rows(kept, rules, payload)
    return AtBuild(tuple(kept), activity)


def _year_record(
    position: int, located: Located, max_year: int, issues: Issues
) -> AtYearRecord | None:
    record, path = located.value, located.path
    if not isinstance(record, dict):
        issues.quarantine(
            path, "not_an_object", f"AT record at {path or '/'} is not an object", record
        )
        return None
    found = YEAR_RECORD_FIELDS.scan(record)
    found_year = found.resolved("tax_year")
    try:
        tax_year = parse_tax_year(found_year.value, max_year=max_year)
    except ParseError as exc:
        issues.quarantine(
            path, exc.reason_code, f"AT record {found_year.alias}: {exc.detail}", record
        )
        return None
    if tax_year is None:
        issues.quarantine(path, "missing_tax_year", "AT record has no tax year", record)
        return None
    owner_raw = clean_text(found.value("owner"))
    owner, recognised = parse_owner(owner_raw)
    if not recognised:
        issues.warn("owner_unrecognised", f"{path}: owner not recognised; read as TP", tax_year)

    read = RecordReader(found, issues, path, tax_year)

    transactions = _transactions(found.resolved("transactions"), path, tax_year, issues)
    return_filed = read("return_filed", parse_bool)
    if found.value("return_filed") is None:
        # Absent: a non-SFR TC 150 means the return was filed; otherwise unknown.
        return_filed = True if _filed_returns(transactions) else None
    return_filed_date = read("return_filed_date", parse_date)
    if return_filed_date is None and found.value("return_filed_date") is None:
        return_filed_date = min(
            (t.activity_date for t in _filed_returns(transactions)), default=None
        )
    return AtYearRecord(
        position=position,
        path=path,
        tax_year=tax_year,
        owner=owner,
        owner_raw=owner_raw,
        source_file=read("source_file", clean_text),
        filing_status=read("filing_status", parse_filing_status),
        return_filed=return_filed,
        return_filed_date=return_filed_date,
        money={column: read(column, parse_money) for column in MONEY_FIELDS},
        processing_date=read("processing_date", parse_date),
        transactions=transactions,
    )


def _filed_returns(transactions: Sequence[Transaction]) -> list[Transaction]:
    return [t for t in transactions if t.code == RETURN_FILED_CODE and not t.is_sfr]


def _transactions(
    found: Resolved, path: str, tax_year: int, issues: Issues
) -> tuple[Transaction, ...]:
    if found.value is None:
        return ()
    if not isinstance(found.value, list):
        issues.warn(
            "not_an_array", f"{path}: {found.alias} is not an array; no transactions read", tax_year
        )
        return ()
    parsed = []
    array_path = join_pointer(path, found.alias or "")
    for line_no, item in enumerate(found.value):
        txn = _transaction(line_no, item, f"{array_path}/{line_no}", tax_year, issues)
        if txn is not None:
            parsed.append(txn)
    return tuple(parsed)


def _transaction(
    line_no: int, item: Any, path: str, tax_year: int, issues: Issues
) -> Transaction | None:
    if not isinstance(item, dict):
        issues.quarantine(path, "not_an_object", f"AT transaction at {path} is not an object", item)
        return None
    found = TRANSACTION_FIELDS.scan(item)
    try:
        code = parse_transaction_code(found.value("code"))
        if code is None:
            raise ParseError("bad_code", "transaction has no code")
        activity_date = parse_date(found.value("date"))
        if activity_date is None:
            raise ParseError("bad_date", "transaction has no date")
    except ParseError as exc:
        issues.quarantine(path, exc.reason_code, f"AT transaction ({tax_year}): {exc.detail}", item)
        return None

    read = RecordReader(found, issues, path, tax_year)

    return Transaction(
        line_no=line_no,
        path=path,
        code=code,
        activity_date=activity_date,
        amount=read("amount", parse_money),
        explanation=read("explanation", clean_text),
        balance_after=read("balance_after", parse_money),
    )


def _drop_duplicate_years(
    records: list[AtYearRecord], located: Sequence[Located], issues: Issues
) -> list[AtYearRecord]:
    """Keeps, per (tax_year, owner), the record with the later processing date, then the later
    array position; quarantines the others ``duplicate_year_record``."""
    groups: dict[tuple[int, str], list[AtYearRecord]] = defaultdict(list)
    for record in records:
        groups[(record.tax_year, record.owner)].append(record)
    kept = []
    for (tax_year, owner), group in groups.items():
        winner = max(group, key=lambda r: (r.processing_date or date.min, r.position))
        kept.append(winner)
        for loser in group:
            if loser is not winner:
                issues.quarantine(
                    loser.path,
                    "duplicate_year_record",
                    f"AT record for {tax_year}/{owner} repeats {winner.path}, which is kept "
                    "(later processing date, then later position)",
                    located[loser.position].value,
                )
    return sorted(kept, key=lambda r: r.position)


def _activity_rows(
    records: Sequence[AtYearRecord], rules: RuleSet, payload: SourcePayload
) -> tuple[AccountActivityRow, ...]:
    credit_codes = {code for code, rule in rules.transactions.items() if rule.balance_sign == -1}
    credits = [t for r in records for t in r.transactions if t.code in credit_codes]
    # Transcripts print credits negative; a payload with no negative credit is unsigned.
    unsigned = not any(t.amount is not None and t.amount < 0 for t in credits)
    rows = []
    for record in records:
        for txn in record.transactions:
            rule = rules.transactions.get(txn.code)
            inferred = unsigned and txn.code in credit_codes and bool(txn.amount)
            if inferred and txn.amount is not None:
                txn = replace(txn, amount=-txn.amount)
            rows.append(_activity_row(record, txn, rule, inferred, payload))
    return tuple(rows)


def _activity_row(
    record: AtYearRecord,
    txn: Transaction,
    rule: TransactionRule | None,
    sign_inferred: bool,
    payload: SourcePayload,
) -> AccountActivityRow:
    collection = rule is not None and rule.indicates_collection_action
    if rule is not None and txn.code in EXPLANATION_DECIDES_COLLECTION:
        collection = txn.explanation is not None and bool(
            _COLLECTION_EXPLANATION.search(txn.explanation)
        )
    return AccountActivityRow(
        tax_year=record.tax_year,
        owner=record.owner,
        line_no=txn.line_no,
        irs_transaction_code=txn.code,
        activity_date=txn.activity_date,
        amount=txn.amount,
        amount_sign_inferred=sign_inferred,
        explanation=txn.explanation or (rule.meaning if rule else None),
        balance_after=txn.balance_after,
        transaction_type=rule.transaction_type if rule else "unknown",
        affects_balance=rule.affects_balance if rule else False,
        affects_csed=rule.affects_csed if rule else False,
        starts_csed=rule.starts_csed if rule else False,
        csed_toll_days=rule.csed_toll_days if rule else None,
        indicates_collection_action=collection,
        balance_sign=rule.balance_sign if rule else None,
        rule_matched=rule is not None,
        bronze_id=payload.bronze_id,
        source_path=txn.path,
    )
