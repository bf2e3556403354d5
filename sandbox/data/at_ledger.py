"""The account behind an AT year record: dated IRS transactions and the balance they make."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sandbox.data.persona import Persona, YearFacts
from sandbox.data.seeding import case_rng

LARGE_TRANSACTIONS_PER_YEAR = 200

RAISES_BALANCE = frozenset({"150", "166", "196", "276", "290", "360", "846"})
LOWERS_BALANCE = frozenset({"610", "670", "766", "806"})
# Every other code generated here (480/481, 520/521, 582, 922, 971) is informational.


def sign(code: str) -> int:
    """+1 when the code raises the balance, -1 when it lowers it, 0 for notices and freezes."""
    return 1 if code in RAISES_BALANCE else -1 if code in LOWERS_BALANCE else 0


LEVY_NOTICE = "Issued notice of intent to levy / CDP rights"
NOTICES_971 = (
    "Collection due process Appeals hearing requested",
    "Installment agreement established",
    "Notice of federal tax lien and CDP rights issued",
)


@dataclass(frozen=True)
class Txn:
    code: str
    day: date
    cents: int
    explanation: str


@dataclass(frozen=True)
class YearAccount:
    facts: YearFacts
    filed: date | None
    transactions: tuple[Txn, ...]
    total_tax: int


def as_of_date(persona: Persona, revision: int) -> date:
    """The transcripts' processing date; a later revision is a later pull."""
    rng = case_rng(persona.case_id, "as-of")
    latest = persona.years[-1].year
    # After every latest-year assessment, even a late filer's (due date + 245 days at most).
    return date(latest + 2, 1, 15) + timedelta(days=rng.randint(0, 90) + 7 * revision)


def _spread(start: date, end: date, count: int) -> list[date]:
    span = max((end - start).days, 1)
    return [start + timedelta(days=(i + 1) * span // (count + 1)) for i in range(count)]


def year_account(
    rng: random.Random, facts: YearFacts, as_of: date, target: int | None
) -> YearAccount:
    """The year's transactions; `target` fixes their number (the large case), else it varies."""
    # The large case wants a long history in every year, so no year ends with a refund.
    kind = "balance_due" if target and facts.kind == "refund" else facts.kind
    filed, assessed, txns = _assessment(rng, facts, kind == "sfr")
    if kind == "refund":
        return YearAccount(facts, filed, tuple(_refund(rng, txns, assessed)), facts.tax)
    extra_tax = _underreporter_review(rng, txns, assessed)
    txns.extend(_collection(rng, txns, assessed))
    txns = [t for t in txns if t.day <= as_of]
    fill = (target - len(txns)) if target else rng.randint(10, 30)
    txns.extend(_installments(rng, assessed + timedelta(days=60), as_of, fill, txns))
    return YearAccount(facts, filed, tuple(txns), facts.tax + extra_tax)


def _assessment(
    rng: random.Random, facts: YearFacts, substitute: bool
) -> tuple[date | None, date, list[Txn]]:
    """Filing date (None for a substitute return), assessment date and the first transactions."""
    due = date(facts.year + 1, 4, 15)
    txns: list[Txn] = []
    if facts.withholding:
        txns.append(Txn("806", due, -facts.withholding, "W-2 or 1099 withholding"))
    if substitute:
        # The IRS prepares the return: TC 150 for .00, then the tax as a 290.
        assessed = date(facts.year + 3, rng.randint(2, 8), rng.randint(1, 28))
        txns.append(Txn("150", assessed, 0, "Substitute tax return prepared by IRS"))
        txns.append(Txn("290", assessed + timedelta(days=35), facts.tax, "Additional tax assessed"))
        return None, assessed, txns
    late = rng.random() < 0.3
    if late:
        filed = due + timedelta(days=rng.randint(30, 200))
    else:
        filed = due - timedelta(days=rng.randint(0, 75))
    assessed = max(filed, due) + timedelta(days=rng.randint(14, 45))
    txns.append(Txn("150", assessed, facts.tax, "Tax return filed"))
    if late:
        text = "Penalty for filing tax return after the due date"
        txns.append(Txn("166", assessed, facts.tax // 20, text))
    if rng.random() < 0.4:
        txns.append(Txn("610", filed, -rng.randint(10_000, 60_000), "Payment with return"))
    return filed, assessed, txns


def _refund(rng: random.Random, txns: list[Txn], assessed: date) -> list[Txn]:
    refund = list(txns)
    if rng.random() < 0.5:
        refund.append(Txn("766", assessed, -rng.randint(20_000, 200_000), "Credit to your account"))
    overpaid = -sum(t.cents for t in refund)
    if overpaid > 0:
        refund.append(Txn("846", assessed + timedelta(days=14), overpaid, "Refund issued"))
    return refund


def _underreporter_review(rng: random.Random, txns: list[Txn], assessed: date) -> int:
    """Sometimes an income review (922) ends in additional tax (290); returns that tax."""
    if rng.random() >= 0.2:
        return 0
    review = assessed + timedelta(days=rng.randint(300, 500))
    extra = rng.randint(80_000, 600_000)
    txns.append(Txn("922", review, 0, "Review of unreported income"))
    txns.append(Txn("290", review + timedelta(days=120), extra, "Additional tax assessed"))
    return extra


def _collection(rng: random.Random, txns: list[Txn], assessed: date) -> list[Txn]:
    """Penalties, interest, notices and the freezes that collection brings."""
    owed = max(sum(t.cents for t in txns), 0)
    notice = assessed + timedelta(days=rng.randint(150, 260))
    later = [
        Txn("276", assessed, owed // 200, "Penalty for late payment of tax"),
        Txn("196", assessed, owed // 60, "Interest charged for late payment"),
        Txn("360", notice + timedelta(days=40), 22_500, "Fees and other expenses for collection"),
    ]
    if rng.random() < 0.6:
        later.append(Txn("971", notice, 0, LEVY_NOTICE))
    if rng.random() < 0.5:
        later.append(Txn("971", notice + timedelta(days=30), 0, rng.choice(NOTICES_971)))
    if rng.random() < 0.2:
        text = "Lien placed on assets due to balance owed"
        later.append(Txn("582", notice + timedelta(days=45), 0, text))
    if rng.random() < 0.08:
        opened, closed = _interval(rng, notice + timedelta(days=60), 90, 400)
        later.append(Txn("520", opened, 0, "Bankruptcy or other legal action filed"))
        later.append(Txn("521", closed, 0, "Removed bankruptcy or other legal action"))
    if rng.random() < 0.08:
        opened, closed = _interval(rng, notice + timedelta(days=90), 120, 300)
        later.append(Txn("480", opened, 0, "Offer in compromise pending"))
        later.append(Txn("481", closed, 0, "Offer in compromise rejected"))
    return later


def _interval(rng: random.Random, start: date, min_days: int, max_days: int) -> tuple[date, date]:
    return start, start + timedelta(days=rng.randint(min_days, max_days))


def _installments(
    rng: random.Random, start: date, end: date, count: int, so_far: list[Txn]
) -> list[Txn]:
    """Installment payments, with an interest charge every sixth entry, up to `count` entries."""
    if count <= 0:
        return []
    start = min(start, end)  # a late filer's latest year may be assessed just before the pull
    owed = max(sum(t.cents for t in so_far), 0)
    payments = count - count // 6
    each = int(owed * rng.uniform(0.2, 0.95)) // max(payments, 1)
    entries = []
    for index, day in enumerate(_spread(start, end, count)):
        if index % 6 == 5:
            entries.append(
                Txn("196", day, max(owed // 400, 100), "Interest charged for late payment")
            )
        else:
            entries.append(Txn("670", day, -max(each, 2_500), "Payment"))
    return entries


ADDITIONAL_TAX = "Additional tax assessed"


def revision_postings(persona: Persona, number: int) -> tuple[Txn, ...]:
    """What revision `number` (1, 2, …) posts to the latest year, in the week since the pull
    before it: an additional assessment (TC 290), a levy notice (TC 971) and a payment (TC 670)
    that leaves the balance higher than before. Drawn per case and revision number, so a later
    revision keeps every earlier revision's postings as they were."""
    rng = case_rng(persona.case_id, f"at-revision-{number}")
    pulled = as_of_date(persona, number)
    additional_tax = rng.randint(60_000, 250_000)
    payment = rng.randint(5_000, 40_000)
    return (
        Txn("290", pulled - timedelta(days=6), additional_tax, ADDITIONAL_TAX),
        Txn("971", pulled - timedelta(days=5), 0, LEVY_NOTICE),
        Txn("670", pulled - timedelta(days=3), -payment, "Payment"),
    )


def with_revision_postings(persona: Persona, account: YearAccount, revision: int) -> YearAccount:
    """The latest year as revision `revision` shows it: every revision's postings added."""
    if revision <= 0:
        return account
    extra = tuple(txn for n in range(1, revision + 1) for txn in revision_postings(persona, n))
    return YearAccount(
        account.facts,
        account.filed,
        account.transactions + extra,
        account.total_tax + sum(t.cents for t in extra if t.code == "290"),
    )
