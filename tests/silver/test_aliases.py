"""Alias resolution (hazard 2) and JSON pointers."""

from decimal import Decimal

from medallion.silver.aliases import Alias, lookup, pointer, resolve
from medallion.silver.parsing import parse_money


def test_first_non_empty_alias_wins_in_order():
    record = {"taxYear": "", "year": None, "period": "2021", "tax_year": "  "}
    found = resolve(record, ("tax_year", "taxYear", "year", "period"))
    assert (found.value, found.alias) == ("2021", "period")


def test_zero_and_false_are_values_that_stop_the_search():
    assert (
        resolve({"amount": 0, "Amount": 5}, ("amount", "Amount"), comparable=parse_money).value == 0
    )
    assert resolve({"filed": False, "status": "Filed"}, ("filed", "status")).value is False


def test_nothing_found_gives_none():
    found = resolve({"other": 1}, ("a", "b"))
    assert found.value is None and found.alias is None and found.conflicting_aliases == ()


def test_aliases_are_matched_exactly_not_case_folded():
    assert resolve({"TAX_YEAR": "2021"}, ("tax_year",)).value is None


def test_dotted_paths_reach_into_objects():
    record = {"Issuer": {"Name": "ACME"}, "Fields": {"PayerEIN": "12-3456789"}}
    assert resolve(record, ("Issuer.Name",)).value == "ACME"
    assert lookup(record, "Fields.PayerEIN") == "12-3456789"
    assert lookup(record, "Issuer.Name.More") is None
    assert lookup(record, "Missing.Name") is None


def test_scalar_concepts_skip_objects_so_form_object_falls_through_to_its_type():
    record = {"Form": {"Type": "W-2", "Code": "W2"}}
    assert resolve(record, ("Form", "Form.Type")).value == "W-2"
    assert resolve({"Form": "1099-NEC"}, ("Form", "Form.Type")).value == "1099-NEC"


def test_issuer_as_a_string_is_a_name_but_as_an_object_is_not():
    aliases = ("Issuer.Name", "Issuer", "IssuerName")
    assert resolve({"Issuer": "ACME"}, aliases).value == "ACME"
    assert resolve({"Issuer": {"ID": "1"}, "IssuerName": "ACME"}, aliases).value == "ACME"


def test_conditional_alias_applies_only_when_accepted():
    def parses(value):
        try:
            return parse_money(value) is not None
        except ValueError:
            return False

    aliases = ("amount", Alias("data", parses))
    assert resolve({"data": "$5.00"}, aliases).value == "$5.00"
    assert resolve({"data": "Payment"}, aliases).value is None


def test_different_values_under_two_aliases_are_reported_as_a_conflict():
    found = resolve(
        {"tax_year": "2021", "year": "2020", "period": "2021"}, ("tax_year", "year", "period")
    )
    assert found.value == "2021"
    assert found.conflicting_aliases == ("year",)


def test_values_that_parse_alike_are_not_a_conflict():
    found = resolve(
        {"amount": "52,400.00", "Amount": 52400}, ("amount", "Amount"), comparable=parse_money
    )
    assert found.conflicting_aliases == ()
    assert parse_money(found.value) == Decimal("52400.00")


def test_pointer_escapes_tilde_and_slash():
    assert pointer("at_records", 0, "transactions", 3) == "/at_records/0/transactions/3"
    assert pointer("a/b", "c~d") == "/a~1b/c~0d"
    assert pointer() == ""
