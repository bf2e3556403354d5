"""WI payload → income_documents rows (DOMAIN 1.2.5, 3.7, 3.8)."""

from decimal import Decimal

from medallion.silver.income_adjustments import IncomeOverride, OverrideKey, apply_overrides
from medallion.silver.person_type import Identities
from medallion.silver.wi import build_wi
from tests.silver.fixtures import MAX_YEAR, RULES, WI_EXAMPLE, codes, issues, payload, reasons

NO_IDENTITIES = Identities()


def build(document, identities=NO_IDENTITIES, kind="json"):
    found = issues("wi")
    result = build_wi(
        payload("wi", document, kind), RULES, identities, max_year=MAX_YEAR, issues=found
    )
    return result, found


def form(form_type="W-2", **fields):
    return {"Form": form_type, **fields}


def test_the_documented_example():
    result, found = build(WI_EXAMPLE)
    w2, nec = result.documents
    assert (w2.tax_year, w2.line_no, w2.form_type) == (2021, 0, "W-2")
    assert (w2.gross_amount, w2.federal_withholding) == (Decimal("52400.00"), Decimal("4980.00"))
    assert (w2.issuer_tin, w2.issuer_name) == ("XX-XXX4567", "EXAMPLE WIDGETS LLC")
    assert w2.issuer_address == "100 SAMPLE RD ANYTOWN ST 00000"
    assert (w2.recipient_tin_last4, w2.recipient_name) == ("1234", "JANE Q SAMPLE")
    assert (w2.person_type, w2.person_type_basis) == ("taxpayer", "3")
    assert (w2.source_category, w2.category, w2.rule_matched) == ("Non-SE", "Non-SE", True)
    assert w2.fields == {
        "Wages, tips, and other compensation": "$52,400.00",
        "Federal income tax withheld": "$4,980.00",
    }
    assert w2.source_path == "/years_data/2021/forms/0"
    assert (nec.form_type, nec.gross_amount, nec.federal_withholding) == (
        "1099-NEC",
        Decimal("8300.00"),
        Decimal("0.00"),
    )
    assert (nec.person_type, nec.person_type_basis) == ("spouse", "3")
    assert (nec.category, nec.is_self_employment, nec.affects_resolution_options) == (
        "SE",
        True,
        True,
    )
    assert nec.fields is None
    assert found.warnings == [] and found.quarantined == []


def test_line_numbers_follow_ascending_year_keys_then_array_order():
    document = {
        "years_data": {
            "2022": [form(Income=3)],
            "2020": {"forms": [form(Income=1), form(Income=2)]},
        }
    }
    result, _ = build(document)
    assert [(d.tax_year, d.line_no, d.gross_amount) for d in result.documents] == [
        (2020, 0, Decimal("1.00")),
        (2020, 1, Decimal("2.00")),
        (2022, 2, Decimal("3.00")),
    ]


def test_years_data_key_wins_over_the_form_year_with_a_warning():
    result, found = build({"years_data": {"2021": [form(Year="2020", Income=1)]}})
    assert result.documents[0].tax_year == 2021
    assert codes(found) == ["year_mismatch"]
    assert found.warnings[0].tax_year == 2021


def test_flat_forms_take_their_own_year_and_quarantine_without_one():
    document = {"forms": [form(TaxYear=2021, Income=1), form(Income=2), form(year="20X1"), "junk"]}
    result, found = build(document)
    assert [(d.tax_year, d.line_no) for d in result.documents] == [(2021, 0)]
    assert reasons(found) == [
        ("/forms/1", "missing_tax_year"),
        ("/forms/2", "bad_tax_year"),
        ("/forms/3", "not_an_object"),
    ]


def test_form_type_from_a_nested_form_object_and_normalised():
    document = {
        "forms": [{"Form": {"Code": "w2"}, "year": 2021}, {"form_type": "1099 nec", "year": 2021}]
    }
    result, _ = build(document)
    assert [d.form_type for d in result.documents] == ["W-2", "1099-NEC"]


def test_unknown_form_is_category_unknown_unmatched_and_out_of_projection():
    result, found = build({"forms": [form("1098-E", year=2021, Income=50), {"year": 2021}]})
    unknown, missing = result.documents
    assert (unknown.form_type, unknown.category, unknown.rule_matched) == (
        "1098-E",
        "Unknown",
        False,
    )
    assert not (
        unknown.is_self_employment
        or unknown.include_in_projection
        or unknown.affects_resolution_options
    )
    assert unknown.resolution_income_asset is None
    assert (missing.form_type, missing.category) == (None, "Unknown")
    assert codes(found) == ["missing_form_type"]


def test_amounts_are_null_not_zero_when_absent():
    result, _ = build({"forms": [form("1099-NEC", year=2021)]})
    assert (result.documents[0].gross_amount, result.documents[0].federal_withholding) == (
        None,
        None,
    )


def test_w2_without_top_level_amounts_sums_the_rule_fields():
    fields = {
        "Wages, tips, and other compensation": "$1,000.50",
        "Federal income tax withheld": "(0)",
    }
    result, _ = build({"forms": [form(year=2021, Fields=fields)]})
    assert result.documents[0].gross_amount == Decimal("1000.50")
    assert result.documents[0].federal_withholding == Decimal("0.00")


def test_issuer_and_recipient_from_flat_and_fields_aliases():
    document = {
        "forms": [
            form(
                year=2021,
                Employer="ACME INC",
                Fields={"PayerEIN": "12-3454567", "RecipientSSN": "123-45-6789", "Box 1": "5"},
                EmployeeName="JANE DOE",
            )
        ]
    }
    result, _ = build(document)
    row = result.documents[0]
    assert (row.issuer_name, row.issuer_tin) == ("ACME INC", "XX-XXX4567")
    assert (row.recipient_tin_last4, row.recipient_name) == ("6789", "JANE DOE")
    assert row.fields == {"PayerEIN": "XX-XXX4567", "RecipientSSN": "XXX-XX-6789", "Box 1": "5"}


def test_repeated_form_points_at_the_earliest_and_leaves_the_projection():
    same = {
        "year": 2021,
        "Income": 100,
        "Withholding": 10,
        "Issuer": {"ID": "1"},
        "Recipient": {"ID": "1234"},
    }
    document = {
        "forms": [form(**same), form(**{**same, "Income": 101}), form(**same), form(**same)]
    }
    result, _ = build(document)
    assert [
        (d.line_no, d.duplicate_of_line_no, d.include_in_projection) for d in result.documents
    ] == [
        (0, None, True),
        (1, None, True),
        (2, 0, False),
        (3, 0, False),
    ]


def test_nulls_match_nulls_when_detecting_repeats():
    result, _ = build({"forms": [form(year=2021), form(year=2021)]})
    assert [d.duplicate_of_line_no for d in result.documents] == [None, 0]


def test_w2c_replaces_the_w2_of_the_same_issuer_and_recipient():
    who = {"year": 2021, "Issuer": {"ID": "12-3454567"}, "Recipient": {"ID": "XXX-XX-1234"}}
    document = {
        "forms": [
            form("W-2", Income=100, **who),
            form("W-2", Income=100, **{**who, "Recipient": {"ID": "XXX-XX-9999"}}),
            form("W2C", Income=120, **who),
        ]
    }
    result, _ = build(document)
    assert [
        (d.form_type, d.duplicate_of_line_no, d.include_in_projection) for d in result.documents
    ] == [
        ("W-2", 2, False),
        ("W-2", None, True),
        ("W-2C", None, True),
    ]


def test_filing_status_of_the_first_form_that_has_one_per_year():
    document = {
        "forms": [
            form(year=2021),
            form(year=2021, FilingStatus="Single"),
            form(year=2021, filing_status="MFJ"),
        ]
    }
    result, _ = build(document)
    assert result.filing_status_by_year == {2021: "SINGLE"}


def test_module_owner_s_marks_every_form_of_that_year_as_the_spouse():
    result, _ = build({"years_data": {"2021": {"owner": "S", "forms": [form(Income=1)]}}})
    assert (result.documents[0].person_type, result.documents[0].person_type_basis) == (
        "spouse",
        "1",
    )


def test_default_person_type_is_warned_when_the_case_has_a_spouse():
    result, found = build(
        {"forms": [form(year=2021), form(year=2021, Income=2)]}, Identities(spouse_name="X Y")
    )
    assert [d.person_type_basis for d in result.documents] == ["default", "default"]
    assert codes(found) == ["person_type_default"]
    assert "2 WI form(s)" in found.warnings[0].detail


def test_default_person_type_is_silent_without_a_spouse():
    _, found = build({"forms": [form(year=2021)]})
    assert found.warnings == []


def test_overrides_match_on_the_natural_key_with_nulls_matching():
    result, _ = build({"forms": [form(year=2021, Income=5), form("1099-INT", year=2021)]})
    overrides: dict[OverrideKey, IncomeOverride] = {
        (2021, "W-2", None, None, Decimal("5.00")): IncomeOverride(
            True, "belongs to another client"
        ),
        (2021, "1099-INT", None, None, None): IncomeOverride(False, None),
        (2020, "W-2", None, None, Decimal("5.00")): IncomeOverride(True, "other year"),
    }
    applied = apply_overrides(result.documents, overrides)
    assert [(d.is_excluded, d.exclusion_reason) for d in applied] == [
        (True, "belongs to another client"),
        (False, None),
    ]


def test_malformed_year_entry_is_a_contract_error_and_the_rest_flows():
    result, found = build({"years_data": {"2021": [form(Income=1)], "2022": "nothing"}})
    assert len(result.documents) == 1
    assert reasons(found) == [("/years_data/2022", "contract_error")]


def test_unreadable_years_data_key_quarantines_its_forms():
    result, found = build({"years_data": {"TY21": [form(Income=1)]}})
    assert result.documents == ()
    assert reasons(found) == [("/years_data/TY21/0", "bad_tax_year")]
