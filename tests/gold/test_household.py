"""household_information and household_members (DOMAIN 4.3)."""

from tests.gold.helpers import SilverCase, day, promote


async def test_household_information_copies_the_snapshot(case: SilverCase) -> None:
    await case.snapshot(
        tp_house_members=4,
        members_under_65=3,
        members_over_65=1,
        tp_next_tax_return="MFJ",
        tp_occupancy_status="rent",
        sp_length_of_residency="3 years",
        location_state="OH",
        state="KY",
        location_county="Franklin",
        zip_code="43004",
        filing_status="MFJ",
        number_of_dependents=2,
        marital_status="Married",
    )
    await promote(case)

    [row] = await case.gold_rows("household_information", "case_id")
    assert row["total_household_members"] == 4
    assert (row["members_under_65"], row["members_over_65"]) == (3, 1)
    assert row["taxpayer_next_tax_return"] == "MFJ"
    assert row["taxpayer_occupancy_status"] == "rent"
    assert row["spouse_length_of_residency"] == "3 years"
    assert row["state"] == "OH"  # the expense location wins over the mailing address state
    assert row["county"] == "Franklin"
    assert row["filing_status"] == "MFJ"
    assert row["number_of_dependents"] == 2


async def test_state_falls_back_to_the_address_state(case: SilverCase) -> None:
    await case.snapshot(state="KY")
    await promote(case)

    [row] = await case.gold_rows("household_information", "case_id")
    assert row["state"] == "KY"


async def test_missing_household_data_stays_null(case: SilverCase) -> None:
    # Inherited behaviour: `Single`, 1 member and 0 dependents were invented.
    await case.snapshot(tp_employer="Acme Tools")
    await promote(case)

    [row] = await case.gold_rows("household_information", "case_id")
    assert row["filing_status"] is None
    assert row["total_household_members"] is None
    assert row["number_of_dependents"] is None
    assert row["marital_status"] is None


async def test_members_are_the_taxpayer_and_spouse_with_ages_on_the_as_of_date(
    case: SilverCase,
) -> None:
    await case.snapshot(
        taxpayer_name="Alex Example",
        taxpayer_dob=day("1959-06-30"),
        taxpayer_ssn_last4="1234",
        spouse_name="Pat Example",
        spouse_dob=day("1959-07-01"),
    )
    await promote(case)  # as of 2024-06-30

    self_row, spouse_row = await case.gold_rows("household_members", "member_no")
    assert (self_row["relationship"], self_row["ssn_last4"]) == ("self", "1234")
    assert (self_row["age"], self_row["is_over_65"]) == (65, True)  # birthday on the as-of date
    assert spouse_row["relationship"] == "spouse"
    assert (spouse_row["age"], spouse_row["is_over_65"]) == (64, False)  # birthday tomorrow
    assert self_row["is_dependent"] is False


async def test_no_spouse_member_without_spouse_data(case: SilverCase) -> None:
    await case.snapshot(taxpayer_name="Alex Example")
    await promote(case)

    [self_row] = await case.gold_rows("household_members", "member_no")
    assert self_row["relationship"] == "self"
    assert self_row["age"] is None
    assert self_row["is_over_65"] is None
