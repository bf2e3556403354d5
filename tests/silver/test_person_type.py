"""Person type detection, first deciding rule wins (DOMAIN 3.9)."""

import pytest

from medallion.silver.person_type import (
    FormPersonHints,
    Identities,
    detect_person_type,
    normalise_name,
)

IDENTITIES = Identities(
    taxpayer_last4=frozenset({"1234"}),
    spouse_last4=frozenset({"5678"}),
    spouse_name="John R. Sample",
)


def hints(**overrides):
    values = {
        "module_owner": None,
        "recipient_tin_last4": None,
        "taxpayer_type": None,
        "labels": (None, None),
        "recipient_name": None,
    }
    return FormPersonHints(**{**values, **overrides})


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (hints(module_owner="S", taxpayer_type="taxpayer"), ("spouse", "1")),
        (hints(module_owner="spouse"), ("spouse", "1")),
        (hints(module_owner="TP", recipient_tin_last4="5678"), ("spouse", "2")),
        (hints(recipient_tin_last4="5678", taxpayer_type="taxpayer"), ("spouse", "2")),
        (hints(recipient_tin_last4="1234", taxpayer_type="spouse"), ("taxpayer", "2")),
        (hints(recipient_tin_last4="0000", taxpayer_type="Spouse"), ("spouse", "3")),
        (hints(taxpayer_type="TAXPAYER", labels=("spouse", None)), ("taxpayer", "3")),
        (hints(labels=("Spouse", None)), ("spouse", "4")),
        (hints(labels=(None, "s")), ("spouse", "4")),
        (hints(recipient_name="SPOUSE OF JANE"), ("spouse", "5")),
        (hints(recipient_name="JOHN R SAMPLE"), ("spouse", "5")),
        (hints(recipient_name="JANE Q SAMPLE"), ("taxpayer", "default")),
        (hints(), ("taxpayer", "default")),
    ],
)
def test_first_deciding_rule_wins(form, expected):
    assert detect_person_type(form, IDENTITIES) == expected


def test_ssn_equal_to_both_people_does_not_decide():
    both = Identities(taxpayer_last4=frozenset({"1111"}), spouse_last4=frozenset({"1111"}))
    assert detect_person_type(hints(recipient_tin_last4="1111"), both) == ("taxpayer", "default")
    assert detect_person_type(hints(recipient_tin_last4="1111", labels=("S", None)), both) == (
        "spouse",
        "4",
    )


def test_names_compare_upper_case_without_punctuation_and_extra_spaces():
    assert normalise_name("  john  r. sample ") == "JOHN R SAMPLE"
