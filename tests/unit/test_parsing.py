"""Specification of the value parsers (DOMAIN 3.1)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medallion.silver.parsing import (
    ParseError,
    clean_text,
    is_empty,
    mask_ssn_text,
    mask_tin,
    normalise_form_type,
    parse_bool,
    parse_date,
    parse_filing_status,
    parse_int,
    parse_money,
    parse_owner,
    parse_pay_frequency,
    parse_tax_year,
    parse_transaction_code,
    ssn_last4,
)

MAX_YEAR = 2026


def reason_of(parser, value, **kwargs) -> str:
    with pytest.raises(ParseError) as caught:
        parser(value, **kwargs)
    return caught.value.reason_code


# --- emptiness ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_absent_null_and_blank_are_empty(value):
    assert is_empty(value)


@pytest.mark.parametrize("value", [0, Decimal("0"), False, "0", "false", [], {}])
def test_zero_false_and_containers_are_values(value):
    assert not is_empty(value)


# --- money ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$60,700.00", Decimal("60700.00")),
        ("2,360.50", Decimal("2360.50")),
        ("-$500.00", Decimal("-500.00")),
        ("$-500.00", Decimal("-500.00")),
        ("(1,500.00)", Decimal("-1500.00")),
        ("($1,500.00)", Decimal("-1500.00")),
        ("$(1,500)", Decimal("-1500.00")),
        ("(1,500)", Decimal("-1500.00")),
        ("$50,000", Decimal("50000.00")),
        (" $ 1,234.5 ", Decimal("1234.50")),
        ("- 42", Decimal("-42.00")),
        ("-1234.5", Decimal("-1234.50")),
        (".75", Decimal("0.75")),
        ("0", Decimal("0.00")),
        (0, Decimal("0.00")),
        (8300, Decimal("8300.00")),
        (Decimal("4012.0"), Decimal("4012.00")),
        (Decimal("210.4"), Decimal("210.40")),
        (Decimal("-1200.00"), Decimal("-1200.00")),
        (35600.0, Decimal("35600.00")),
        (0.1, Decimal("0.10")),
    ],
)
def test_money_accepts_the_printed_forms(raw, expected):
    parsed = parse_money(raw)
    assert parsed == expected
    assert parsed is not None and parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (Decimal("0.125"), Decimal("0.13")),
        (Decimal("-0.125"), Decimal("-0.13")),
        ("2.675", Decimal("2.68")),
        ("2.674", Decimal("2.67")),
        (Decimal("1E+3"), Decimal("1000.00")),
    ],
)
def test_money_rounds_half_away_from_zero(raw, expected):
    assert parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["(0)", "-0", "-$0.00", Decimal("-0.001")])
def test_negative_zero_is_plain_zero(raw):
    assert str(parse_money(raw)) == "0.00"


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_blank_money_is_null_not_zero(raw):
    assert parse_money(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "$",
        "12,34",
        "1,2345.00",
        "--5",
        "-$-5",
        "(5",
        "5)",
        "-(5)",
        "1.2.3",
        "1e5",
        "N/A",
        True,
        [1],
        {"a": 1},
        Decimal("NaN"),
        Decimal("Infinity"),
        "1000000000000",
    ],
)
def test_money_rejects_anything_else_as_bad_amount(raw):
    assert reason_of(parse_money, raw) == "bad_amount"


@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_money_round_trips_every_printed_rendering(amount):
    magnitude = abs(amount)
    with_commas = f"{magnitude:,.2f}"
    renderings = [f"-${with_commas}" if amount < 0 else f"${with_commas}", str(amount)]
    if amount < 0:
        renderings += [f"({with_commas})", f"$-{with_commas}", f"-{magnitude.normalize():f}"]
    for text in renderings:
        assert parse_money(text) == amount, text


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, max_value=10**9, min_value=-(10**9)
    )
)
def test_money_result_always_has_two_places_and_is_within_half_a_cent(amount):
    parsed = parse_money(amount)
    assert parsed is not None
    assert parsed.as_tuple().exponent == -2
    assert abs(parsed - amount) <= Decimal("0.005")


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-05-16", date(2022, 5, 16)),
        ("2022-05-16T13:45:00Z", date(2022, 5, 16)),
        ("2022-05-16 08:00:00", date(2022, 5, 16)),
        ("05-16-2022", date(2022, 5, 16)),
        ("5-6-2022", date(2022, 5, 6)),
        ("03/04/2024", date(2024, 3, 4)),
        ("Dec. 31, 2021", date(2021, 12, 31)),
        ("Dec 31, 2021", date(2021, 12, 31)),
        ("Sept. 30, 2021", date(2021, 9, 30)),
        ("December 31, 2021", date(2021, 12, 31)),
        ("  march  1,  2020 ", date(2020, 3, 1)),
        (date(2020, 1, 2), date(2020, 1, 2)),
        (datetime(2020, 1, 2, 3, 4), date(2020, 1, 2)),
    ],
)
def test_date_accepts_the_documented_formats(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [None, "", " "])
def test_blank_date_is_null(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["2022-13-01", "02-30-2022", "16/05/2022", "yesterday", "Foo 3, 2021", "20220516", 20220516],
)
def test_date_rejects_anything_else_as_bad_date(raw):
    assert reason_of(parse_date, raw) == "bad_date"


def test_mixed_separators_are_not_a_date():
    assert reason_of(parse_date, "05-16/2022") == "bad_date"


# --- tax year -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021", 2021),
        (2021, 2021),
        (Decimal("2021"), 2021),
        (Decimal("2021.0"), 2021),
        ("12/31/2023", 2023),
        ("Dec. 31, 2021", 2021),
        ("2021-12-31", 2021),
        ("TY 2019", 2019),
        ("202112", 2021),
        ("202101", 2021),
        ("1900", 1900),
        ("2026", 2026),
        (date(2018, 12, 31), 2018),
    ],
)
def test_tax_year_takes_one_four_digit_token_a_period_or_a_date(raw, expected):
    assert parse_tax_year(raw, max_year=MAX_YEAR) == expected


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_blank_tax_year_is_null_never_a_default(raw):
    assert parse_tax_year(raw, max_year=MAX_YEAR) is None


@pytest.mark.parametrize(
    "raw",
    [
        "12312023",  # the old strip-all-non-digits bug would have read 12312023
        "21",
        "FY21",
        "2021 2022",
        "202113",
        "202100",
        "20211",
        "1899",
        "2027",
        2027,
        Decimal("2021.5"),
        True,
        "unknown",
    ],
)
def test_tax_year_rejects_anything_else_as_bad_tax_year(raw):
    assert reason_of(parse_tax_year, raw, max_year=MAX_YEAR) == "bad_tax_year"


# --- booleans and enumerations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("FALSE", False),
        ("YES", True),
        ("no", False),
        ("y", True),
        ("N", False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        ("Filed", True),
        (" Unfiled ", False),
    ],
)
def test_bool_accepts_the_documented_spellings(raw, expected):
    assert parse_bool(raw) is expected


def test_blank_bool_is_null():
    assert parse_bool("") is None


@pytest.mark.parametrize("raw", ["maybe", 2, "Balance due"])
def test_bool_rejects_other_values(raw):
    assert reason_of(parse_bool, raw) == "bad_boolean"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Single", "SINGLE"),
        ("married  filing   jointly", "MFJ"),
        ("Married Filing Joint", "MFJ"),
        ("mfj", "MFJ"),
        ("Joint", "MFJ"),
        (" Married Filing Separately ", "MFS"),
        ("MFS", "MFS"),
        ("Head of Household", "HOH"),
        ("hoh", "HOH"),
        ("Qualifying Widow(er)", "QSS"),
        ("QW", "QSS"),
        ("qss", "QSS"),
    ],
)
def test_filing_status_maps_spellings_to_codes(raw, expected):
    assert parse_filing_status(raw) == expected


def test_unknown_filing_status_is_an_error_for_the_caller_to_warn():
    assert reason_of(parse_filing_status, "Married") == "bad_filing_status"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bi-Weekly", "biweekly"),
        ("every other week", "biweekly"),
        ("Weekly", "weekly"),
        ("semi-monthly", "semimonthly"),
        ("twice a month", "semimonthly"),
        ("monthly", "monthly"),
        ("Quarterly", "quarterly"),
        ("Yearly", "annual"),
    ],
)
def test_pay_frequency_maps_spellings_to_the_enum(raw, expected):
    assert parse_pay_frequency(raw) == expected


def test_unknown_pay_frequency_is_never_treated_as_monthly():
    assert reason_of(parse_pay_frequency, "fortnightly-ish") == "bad_pay_frequency"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ("TP", True)),
        ("", ("TP", True)),
        ("TP", ("TP", True)),
        ("taxpayer", ("TP", True)),
        ("Primary", ("TP", True)),
        ("S", ("S", True)),
        ("sp", ("S", True)),
        ("SPOUSE", ("S", True)),
        ("E", ("TP", False)),
        ("P", ("TP", False)),
    ],
)
def test_owner_is_canonical_with_unrecognised_flagged(raw, expected):
    assert parse_owner(raw) == expected


# --- codes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("W2", "W-2"),
        ("w-2", "W-2"),
        (" W 2 ", "W-2"),
        ("W2G", "W-2G"),
        ("W2C", "W-2C"),
        ("W-2 C", "W-2C"),
        ("w2gu", "W-2GU"),
        ("1099 NEC", "1099-NEC"),
        ("1099NEC", "1099-NEC"),
        ("1099-nec", "1099-NEC"),
        ("1099 int", "1099-INT"),
        ("1099-PATR", "1099-PATR"),
        ("SSA1099", "SSA-1099"),
        ("rrb 1099", "RRB-1099"),
        ("1098  e", "1098 E"),
        ("", None),
    ],
)
def test_form_type_normalisation(raw, expected):
    assert normalise_form_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("150", "150"),
        (150, "150"),
        ("TC 150", "150"),
        ("971 AC 043", "971"),
        ("60", "060"),
        ("6", "006"),
        (None, None),
    ],
)
def test_transaction_code_takes_the_first_digit_run_padded(raw, expected):
    assert parse_transaction_code(raw) == expected


@pytest.mark.parametrize("raw", ["TC", "ABC", "1500", "TC 0150", True])
def test_transaction_code_without_three_digits_is_bad_code(raw):
    assert reason_of(parse_transaction_code, raw) == "bad_code"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), (" 3 ", 3), (3, 3), (Decimal("3.0"), 3), ("88,000", 88000), ("-2", -2)],
)
def test_int_accepts_whole_numbers(raw, expected):
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["3.5", "three", True, Decimal("2.5")])
def test_int_rejects_fractions_and_words(raw):
    assert reason_of(parse_int, raw) == "bad_integer"


# --- identifiers and text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("XXX-XX-1234", "1234"),
        ("000-00-1234", "1234"),
        ("123456789", "6789"),
        ("***-**-9876", "9876"),
        ("XXX-XX-XXXX", None),
        ("", None),
        (None, None),
    ],
)
def test_ssn_keeps_only_the_last_four_digits(raw, expected):
    assert ssn_last4(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12-3454567", "XX-XXX4567"),
        ("XX-XXX4567", "XX-XXX4567"),
        ("123454567", "XXXXX4567"),
        ("4567", "4567"),
        ("", None),
    ],
)
def test_issuer_tin_is_masked_but_for_the_last_four(raw, expected):
    assert mask_tin(raw) == expected


def test_ssn_shaped_digits_in_free_text_are_masked():
    assert mask_ssn_text("ssn 123-45-6789 and 987654321, id 12345") == (
        "ssn XXX-XX-6789 and XXX-XX-4321, id 12345"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  ACME  ", "ACME"),
        ("", None),
        (None, None),
        (Decimal("52400.00"), "52400.00"),
        (3, "3"),
        (True, "true"),
    ],
)
def test_text_is_trimmed_scalar_text(raw, expected):
    assert clean_text(raw) == expected


def test_text_rejects_objects():
    assert reason_of(clean_text, {"a": 1}) == "not_text"


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        (parse_money, "12x4.50"),
        (parse_money, "--1,234.56"),
        (parse_money, "1e400"),
        (parse_date, "03/15/19x85"),
        (parse_date, "1985-02-30"),
        (parse_bool, "maybe-1985"),
        (parse_int, "12a34"),
        (parse_filing_status, "Jane Roe"),
        (parse_pay_frequency, "Acme Payroll"),
        (lambda v: parse_tax_year(v, max_year=MAX_YEAR), "19851985"),
        (lambda v: parse_tax_year(v, max_year=MAX_YEAR), "3085"),
    ],
)
def test_a_parse_error_names_the_reason_never_the_value(parse: Any, value: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(value)

    assert value not in caught.value.detail
    assert not any(token in caught.value.detail for token in ("1985", "1234", "Roe", "Acme"))


def test_a_bad_transaction_code_is_quoted_being_harmless() -> None:
    with pytest.raises(ParseError) as caught:
        parse_transaction_code("PMT")

    assert "'PMT'" in caught.value.detail
