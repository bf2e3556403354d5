"""Identifier masking of fragments kept past Bronze, and exact JSON text for jsonb."""

from decimal import Decimal

import pytest

from medallion.silver import jsontext
from medallion.silver.masking import is_identifier_key, mask_identifiers


@pytest.mark.parametrize(
    "key", ["ssn", "RecipientSSN", "EmployeeSSN", "Recipient's TIN", "PayerEIN", "ID", "id", "tin"]
)
def test_identifier_keys(key):
    assert is_identifier_key(key)


@pytest.mark.parametrize("key", ["Income", "Distinct", "protein", "Identity", "Box 1", "case_id"])
def test_other_keys_are_not_identifiers(key):
    assert not is_identifier_key(key)


def test_identifiers_are_masked_to_their_last_four_digits_at_any_depth():
    fragment = {
        "Recipient": {"ID": "123456789", "Name": "JANE DOE"},
        "Fields": {"EmployeeSSN": "123-45-6789", "Wages": "123456789.00", "Note": "987-65-4321"},
        "list": [{"ssn": 123456789}],
        "amount": 5,
    }
    assert mask_identifiers(fragment) == {
        "Recipient": {"ID": "XXXXX6789", "Name": "JANE DOE"},
        "Fields": {"EmployeeSSN": "XXX-XX-6789", "Wages": "123456789.00", "Note": "XXX-XX-4321"},
        "list": [{"ssn": "XXXXX6789"}],
        "amount": 5,
    }


def test_masking_leaves_the_input_untouched():
    fragment = {"ssn": "123-45-6789"}
    mask_identifiers(fragment)
    assert fragment == {"ssn": "123-45-6789"}


def test_json_numbers_are_read_and_written_exactly():
    text = '{"a": 0.1, "b": [1, 1234567890.125, -0.00], "c": "é\\"", "d": null, "e": true}'
    value = jsontext.loads(text)
    assert value["a"] == Decimal("0.1") and value["b"][1] == Decimal("1234567890.125")
    assert (
        jsontext.dumps(value)
        == '{"a":0.1,"b":[1,1234567890.125,-0.00],"c":"é\\"","d":null,"e":true}'
    )


def test_non_finite_decimals_are_refused():
    with pytest.raises(ValueError):
        jsontext.dumps({"a": Decimal("NaN")})


def test_values_with_and_without_decimals_are_written_alike():
    # Without a Decimal the standard encoder writes the text; with one, the exact writer does.
    plain = {"Box 1": "$52,400.00", "Count": 3, "Flags": [True, None, 'say "é"'], "Nested": {}}
    assert jsontext.dumps(plain) == (
        '{"Box 1":"$52,400.00","Count":3,"Flags":[true,null,"say \\"é\\""],"Nested":{}}'
    )
    assert jsontext.dumps({**plain, "Count": Decimal("3")}) == jsontext.dumps(plain)
