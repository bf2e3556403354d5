"""`household_information` and `household_members` (DOMAIN 4.3), from the interview snapshot.

No defaults: a missing filing status, member count or dependent count stays null (the
previous loaders invented `Single`, 1 member and 0 dependents).
"""

import datetime
from dataclasses import dataclass
from uuid import UUID

from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.employment import EMPLOYMENT_FIELDS
from medallion.gold.silver_inputs import InterviewSnapshot

INFORMATION_TABLE = "household_information"
MEMBERS_TABLE = "household_members"

# The age from which IRS collection standards count a person as "65 and older".
SENIOR_AGE = 65

# A spouse member exists when the interview identifies one or records their employment.
SPOUSE_COLUMNS = (
    "spouse_name",
    "spouse_ssn_last4",
    "spouse_dob",
    *("sp_" + name for name in EMPLOYMENT_FIELDS),
)


@dataclass(frozen=True)
class HouseholdInformationRow:
    case_id: str
    total_household_members: int | None
    members_under_65: int | None
    members_over_65: int | None
    taxpayer_next_tax_return: str | None
    taxpayer_spouse_claim: str | None
    spouse_next_tax_return: str | None
    spouse_spouse_claim: str | None
    taxpayer_length_of_residency: str | None
    taxpayer_occupancy_status: str | None
    spouse_length_of_residency: str | None
    spouse_occupancy_status: str | None
    state: str | None
    county: str | None
    zip_code: str | None
    taxpayer_name: str | None
    spouse_name: str | None
    filing_status: str | None
    number_of_dependents: int | None
    marital_status: str | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class HouseholdMemberRow:
    case_id: str
    member_no: int
    relationship: str
    name: str | None
    birth_date: datetime.date | None
    ssn_last4: str | None
    age: int | None
    is_dependent: bool | None
    is_over_65: bool | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def build_household_information(ctx: GoldContext) -> Built[HouseholdInformationRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    row = HouseholdInformationRow(
        case_id=ctx.case_id,
        total_household_members=s.integer("tp_house_members"),
        members_under_65=s.integer("members_under_65"),
        members_over_65=s.integer("members_over_65"),
        taxpayer_next_tax_return=s.text("tp_next_tax_return"),
        taxpayer_spouse_claim=s.text("tp_spouse_claim"),
        spouse_next_tax_return=s.text("sp_next_tax_return"),
        spouse_spouse_claim=s.text("sp_spouse_claim"),
        taxpayer_length_of_residency=s.text("tp_length_of_residency"),
        taxpayer_occupancy_status=s.text("tp_occupancy_status"),
        spouse_length_of_residency=s.text("sp_length_of_residency"),
        spouse_occupancy_status=s.text("sp_occupancy_status"),
        state=s.text("location_state") or s.text("state"),
        county=s.text("location_county"),
        zip_code=s.text("zip_code"),
        taxpayer_name=s.text("taxpayer_name"),
        spouse_name=s.text("spouse_name"),
        filing_status=s.text("filing_status"),
        number_of_dependents=s.integer("number_of_dependents"),
        marital_status=s.text("marital_status"),
        source_bronze_ids=lineage([s.bronze_id]),
        as_of_date=ctx.as_of,
        assumptions=(),
    )
    return Built(rows=(row,))


def build_household_members(ctx: GoldContext) -> Built[HouseholdMemberRow]:
    """The taxpayer (`self`) and, when the interview has any spouse data, the spouse."""
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    rows = [_member(ctx, s, 0, "self", "taxpayer")]
    if s.any_present(SPOUSE_COLUMNS):
        rows.append(_member(ctx, s, 1, "spouse", "spouse"))
    return Built(rows=tuple(rows))


def _member(
    ctx: GoldContext, s: InterviewSnapshot, member_no: int, relationship: str, prefix: str
) -> HouseholdMemberRow:
    birth_date = s.day(f"{prefix}_dob")
    age = None if birth_date is None else age_on(birth_date, ctx.as_of)
    return HouseholdMemberRow(
        case_id=ctx.case_id,
        member_no=member_no,
        relationship=relationship,
        name=s.text(f"{prefix}_name"),
        birth_date=birth_date,
        ssn_last4=s.text(f"{prefix}_ssn_last4"),
        age=age,
        # The filer and the spouse filing with them are never their own dependents.
        is_dependent=False,
        is_over_65=None if age is None else age >= SENIOR_AGE,
        source_bronze_ids=lineage([s.bronze_id]),
        as_of_date=ctx.as_of,
        assumptions=(),
    )


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years completed on `day` (a 29 February birthday completes on 1 March)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)
