"""The comparison of two builds (DOMAIN §7), kind by kind, on hand-made compared columns."""

from collections.abc import Iterable
from decimal import Decimal

from medallion.gold.change_kinds import KINDS
from medallion.gold.changes import Change, compare, counts_of
from medallion.gold.compared import (
    ASSESSMENTS,
    CASE,
    COLLECTION_ACTIONS,
    INCOME_DOCUMENTS,
    YEARS,
    Columns,
    Compared,
    Keyed,
)

THRESHOLD = Decimal("100.00")
YEAR_KEY: Columns = {"tax_year": 2021, "owner": "TP"}
YEAR: Columns = {
    "payoff_balance": "1000.00",
    "lien_filed": False,
    "latest_csed": "2032-05-01",
    "csed_status": "ACTIVE",
    "sfr_indicator": False,
    "aur_indicator": False,
    "exam_indicator": False,
}
ASSESSMENT_KEY: Columns = {
    "tax_year": 2021,
    "owner": "TP",
    "assessment_code": "290",
    "assessment_date": "2023-02-01",
    "assessed_amount": "800.00",
}
ACTION_KEY: Columns = {
    "tax_year": 2021,
    "owner": "TP",
    "code": "971",
    "posted_date": "2023-03-01",
    "amount": "0.00",
}
DOCUMENT_KEY: Columns = {
    "tax_year": 2022,
    "form_type": "W-2",
    "issuer_tin_last4": "7001",
    "recipient_tin_last4": "1234",
    "gross_amount": "41000.00",
}
CASE_VALUES: Columns = {
    "ia_eligible": True,
    "oic_eligible": False,
    "cnc_eligible": False,
    "disposable_income": "350.00",
}


def build(
    years: Iterable[Columns] = (YEAR,),
    assessments: Iterable[Columns] = (),
    actions: Iterable[Columns] = (),
    documents: Iterable[Columns] = (),
    case: Columns | None = CASE_VALUES,
) -> Compared:
    return Compared.of(
        {
            YEARS: [Keyed({**YEAR_KEY, "tax_year": 2021 + i}, y) for i, y in enumerate(years)],
            ASSESSMENTS: [Keyed(k, {"adjusted_csed": "2033-02-01"}) for k in assessments],
            COLLECTION_ACTIONS: [Keyed(k) for k in actions],
            INCOME_DOCUMENTS: [Keyed(k) for k in documents],
            CASE: [] if case is None else [Keyed({"case_id": "1"}, case)],
        }
    )


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


def test_equal_builds_have_no_changes() -> None:
    full = build(assessments=[ASSESSMENT_KEY], actions=[ACTION_KEY], documents=[DOCUMENT_KEY])
    assert compare(full, full, THRESHOLD) == []


def test_a_stored_build_compares_as_the_build_it_came_from() -> None:
    full = build(assessments=[ASSESSMENT_KEY], actions=[ACTION_KEY], documents=[DOCUMENT_KEY])
    assert compare(Compared.from_json(full.to_json()), full, THRESHOLD) == []


def test_a_year_added_with_a_balance_is_an_alert() -> None:
    change = only(compare(build(), build(years=[YEAR, YEAR]), THRESHOLD))
    assert (change.kind, change.severity, change.tax_year) == ("year_added", "alert", 2022)
    assert change.key == {"tax_year": 2022, "owner": "TP"}
    assert change.before is None
    assert change.after == YEAR


def test_a_year_added_without_a_balance_is_info() -> None:
    paid = {**YEAR, "payoff_balance": "0.00"}
    change = only(compare(build(), build(years=[YEAR, paid]), THRESHOLD))
    assert (change.kind, change.severity) == ("year_added", "info")


def test_a_year_removed_is_info_with_its_last_values() -> None:
    change = only(compare(build(years=[YEAR, YEAR]), build(), THRESHOLD))
    assert (change.kind, change.severity, change.before, change.after) == (
        "year_removed",
        "info",
        YEAR,
        None,
    )


def test_a_balance_risen_by_the_threshold_is_an_alert() -> None:
    risen = {**YEAR, "payoff_balance": "1100.00"}
    change = only(compare(build(), build(years=[risen]), THRESHOLD))
    assert (change.kind, change.severity) == ("balance_changed", "alert")
    assert (change.before, change.after) == (
        {"payoff_balance": "1000.00"},
        {"payoff_balance": "1100.00"},
    )


def test_a_smaller_rise_or_a_fall_is_info() -> None:
    for payoff in ("1099.99", "400.00"):
        moved = {**YEAR, "payoff_balance": payoff}
        change = only(compare(build(), build(years=[moved]), THRESHOLD))
        assert (change.kind, change.severity) == ("balance_changed", "info")


def test_a_balance_moved_by_less_than_a_dollar_is_no_change() -> None:
    moved = {**YEAR, "payoff_balance": "1000.99"}
    assert compare(build(), build(years=[moved]), THRESHOLD) == []


def test_the_threshold_is_the_policys() -> None:
    risen = {**YEAR, "payoff_balance": "1100.00"}
    change = only(compare(build(), build(years=[risen]), Decimal("500.00")))
    assert change.severity == "info"


def test_a_balance_appearing_counts_its_whole_amount_as_the_rise() -> None:
    unknown = {**YEAR, "payoff_balance": None}
    change = only(compare(build(years=[unknown]), build(), THRESHOLD))
    assert (change.kind, change.severity) == ("balance_changed", "alert")


def test_a_new_assessment_is_an_alert_and_a_gone_one_info() -> None:
    added = only(compare(build(), build(assessments=[ASSESSMENT_KEY]), THRESHOLD))
    assert (added.kind, added.severity, added.tax_year) == ("assessment_added", "alert", 2021)
    assert added.key == ASSESSMENT_KEY
    assert added.after == {**ASSESSMENT_KEY, "adjusted_csed": "2033-02-01"}
    removed = only(compare(build(assessments=[ASSESSMENT_KEY]), build(), THRESHOLD))
    assert (removed.kind, removed.severity, removed.after) == ("assessment_removed", "info", None)


def test_a_moved_csed_is_an_alert() -> None:
    later = {**YEAR, "latest_csed": "2033-02-01"}
    change = only(compare(build(), build(years=[later]), THRESHOLD))
    assert (change.kind, change.severity) == ("csed_changed", "alert")
    assert change.after == {"latest_csed": "2033-02-01", "csed_status": "ACTIVE"}


def test_an_open_tolling_is_a_csed_change() -> None:
    tolled = {**YEAR, "latest_csed": None, "csed_status": "OPEN"}
    assert only(compare(build(), build(years=[tolled]), THRESHOLD)).kind == "csed_changed"


def test_a_csed_status_moving_with_the_calendar_alone_is_no_change() -> None:
    nearer = {**YEAR, "csed_status": "EXPIRING_SOON"}
    assert compare(build(), build(years=[nearer]), THRESHOLD) == []


def test_a_new_collection_action_is_an_alert_and_a_gone_one_nothing() -> None:
    change = only(compare(build(), build(actions=[ACTION_KEY]), THRESHOLD))
    assert (change.kind, change.severity, change.key) == (
        "collection_action_added",
        "alert",
        ACTION_KEY,
    )
    assert compare(build(actions=[ACTION_KEY]), build(), THRESHOLD) == []


def test_a_lien_filed_is_an_alert() -> None:
    liened = {**YEAR, "lien_filed": True}
    change = only(compare(build(), build(years=[liened]), THRESHOLD))
    assert (change.kind, change.severity) == ("lien_changed", "alert")
    assert (change.before, change.after) == ({"lien_filed": False}, {"lien_filed": True})


def test_flags_moving_together_are_one_change() -> None:
    flagged = {**YEAR, "sfr_indicator": True, "exam_indicator": True}
    change = only(compare(build(), build(years=[flagged]), THRESHOLD))
    assert (change.kind, change.severity) == ("flag_changed", "alert")
    assert change.after == {"sfr_indicator": True, "aur_indicator": False, "exam_indicator": True}


def test_an_aur_flag_becoming_unknown_is_a_change() -> None:
    unknown = {**YEAR, "aur_indicator": None}
    assert only(compare(build(), build(years=[unknown]), THRESHOLD)).kind == "flag_changed"


def test_income_documents_added_and_removed_are_info() -> None:
    added = only(compare(build(), build(documents=[DOCUMENT_KEY]), THRESHOLD))
    assert (added.kind, added.severity, added.tax_year) == ("income_document_added", "info", 2022)
    removed = only(compare(build(documents=[DOCUMENT_KEY]), build(), THRESHOLD))
    assert (removed.kind, removed.severity) == ("income_document_removed", "info")


def test_a_corrected_amount_is_a_document_removed_and_one_added() -> None:
    corrected = {**DOCUMENT_KEY, "gross_amount": "42000.00"}
    changes = compare(build(documents=[DOCUMENT_KEY]), build(documents=[corrected]), THRESHOLD)
    assert [c.kind for c in changes] == ["income_document_added", "income_document_removed"]


def test_eligibility_moving_is_one_alert_for_the_case() -> None:
    closed = {**CASE_VALUES, "ia_eligible": False, "cnc_eligible": True}
    change = only(compare(build(), build(case=closed), THRESHOLD))
    assert (change.kind, change.severity, change.tax_year) == ("eligibility_changed", "alert", None)
    assert change.key == {"case_id": "1"}
    assert change.before == {"ia_eligible": True, "oic_eligible": False, "cnc_eligible": False}


def test_disposable_income_moved_by_a_dollar_is_info() -> None:
    assert (
        compare(build(), build(case={**CASE_VALUES, "disposable_income": "350.99"}), THRESHOLD)
        == []
    )
    change = only(
        compare(build(), build(case={**CASE_VALUES, "disposable_income": "349.00"}), THRESHOLD)
    )
    assert (change.kind, change.severity) == ("disposable_income_changed", "info")


def test_changes_come_in_the_order_of_the_kinds() -> None:
    moved = {**YEAR, "payoff_balance": "5000.00", "lien_filed": True}
    after = build(years=[moved, YEAR], actions=[ACTION_KEY], documents=[DOCUMENT_KEY])
    changes = compare(build(), after, THRESHOLD)
    kinds = [c.kind for c in changes]
    assert kinds == sorted(kinds, key=KINDS.index)
    assert counts_of(changes).alert == 4  # year_added, balance_changed, lien, collection action
    assert counts_of(changes).info == 1
