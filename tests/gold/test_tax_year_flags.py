"""tax_year_flags (DOMAIN 4.9): SFR, AUR and examination flags per tax year."""

from decimal import Decimal
from typing import Any

from tests.gold.helpers import SilverCase, day, money, promote, warnings_with

SFR_150 = "Return filed - substitute for return prepared by IRS"


async def _flags(case: SilverCase) -> dict[tuple[int, str], dict[str, Any]]:
    rows = await case.gold_rows("tax_year_flags", "tax_year, owner")
    return {(r["tax_year"], r["owner"]): dict(r) for r in rows}


async def test_sfr_csed_runs_from_the_first_assessment_on_or_after_the_sfr(
    case: SilverCase,
) -> None:
    await case.tax_year(2020)
    await case.activity(2020, 0, "290", "2021-01-11", "75.00", "assessment")  # before: ignored
    await case.activity(2020, 1, "150", "2021-03-01", "0.00", "return_filed", explanation=SFR_150)
    await case.activity(2020, 2, "290", "2021-06-14", "0.00", "assessment")  # .00: assesses nothing
    await case.activity(2020, 3, "290", "2021-09-20", "4321.00", "assessment")
    await case.activity(2020, 4, "150", "2021-10-04", "0.00", "return_filed", explanation="SFR")
    result = await promote(case)

    flags = (await _flags(case))[(2020, "TP")]
    assert (flags["sfr_indicator"], flags["sfr_date"]) == (True, day("2021-03-01"))
    # 2021-09-20 + 10 years; the inherited rule gave sfr_date + 10 years = 2031-03-01
    assert flags["sfr_csed"] == day("2031-09-20")
    assert flags["assumptions"] == []
    assert warnings_with(result, "sfr_csed_from_150") == []


async def test_sfr_without_a_later_assessment_falls_back_to_the_150(case: SilverCase) -> None:
    await case.tax_year(2019)
    await case.activity(
        2019, 0, "150", "2020-08-17", "0.00", "return_filed", explanation="SFR RETURN"
    )
    result = await promote(case)

    flags = (await _flags(case))[(2019, "TP")]
    assert flags["sfr_csed"] == day("2030-08-17")
    assert flags["assumptions"] == ["sfr_csed_from_150"]
    [warning] = warnings_with(result, "sfr_csed_from_150")
    assert warning.tax_year == 2019


async def test_an_ordinary_return_is_not_an_sfr(case: SilverCase) -> None:
    await case.tax_year(2021, return_filed=True)
    await case.activity(
        2021, 0, "150", "2022-04-15", "900.00", "return_filed", explanation="Tax return filed"
    )
    await promote(case)

    flags = (await _flags(case))[(2021, "TP")]
    assert (flags["sfr_indicator"], flags["sfr_date"], flags["sfr_csed"]) == (False, None, None)


async def test_aur_comes_from_the_reference_codes_and_sums_later_290s(case: SilverCase) -> None:
    await case.tax_year(2021, return_filed=True, account_balance=money("1560.55"))
    await case.activity(2021, 0, "150", "2022-04-15", "2000.00", "return_filed")
    await case.activity(2021, 1, "290", "2022-01-10", "500.00", "assessment")  # before the 922
    await case.activity(2021, 2, "922", "2022-05-02", None, "unknown", affects_balance=False)
    await case.activity(2021, 3, "290", "2022-11-07", "1250.00", "assessment")
    await case.activity(2021, 4, "290", "2023-02-06", "310.55", "assessment")
    await promote(case)

    flags = (await _flags(case))[(2021, "TP")]
    assert flags["aur_indicator"] is True
    assert flags["aur_projected_amount"] == Decimal("1560.55")  # 1,250.00 + 310.55


async def test_examination_codes_are_not_aur(case: SilverCase) -> None:
    # The inherited rule took 420/424/430 for AUR codes.
    await case.tax_year(2022, return_filed=True, account_balance=money("400.00"))
    await case.activity(2022, 0, "420", "2023-07-03", "0.00", "examination", affects_balance=False)
    await case.activity(2022, 1, "424", "2023-07-03", "0.00", "examination", affects_balance=False)
    await case.activity(2022, 2, "290", "2023-12-04", "400.00", "assessment")
    await promote(case)

    flags = (await _flags(case))[(2022, "TP")]
    assert (flags["aur_indicator"], flags["aur_projected_amount"]) == (False, None)
    assert flags["exam_indicator"] is True  # 420 with no 421 after it


async def test_aur_needs_a_filed_return_and_a_balance(case: SilverCase) -> None:
    await case.tax_year(2018, return_filed=True, account_balance=money("0.00"))
    await case.activity(2018, 0, "922", "2020-02-03", None, "unknown", affects_balance=False)
    await case.tax_year(2019, account_balance=money("50.00"))  # return_filed unknown
    await case.activity(2019, 0, "922", "2021-02-01", None, "unknown", affects_balance=False)
    result = await promote(case)

    flags = await _flags(case)
    assert flags[(2018, "TP")]["aur_indicator"] is False
    assert flags[(2019, "TP")]["aur_indicator"] is None
    assert flags[(2019, "TP")]["assumptions"] == ["aur_undetermined"]
    assert [w.tax_year for w in warnings_with(result, "aur_undetermined")] == [2019]


async def test_a_later_421_closes_the_examination(case: SilverCase) -> None:
    await case.tax_year(2017)
    await case.activity(2017, 0, "420", "2019-03-04", "0.00", "examination", affects_balance=False)
    await case.activity(
        2017, 1, "421", "2019-09-30", "0.00", "examination_closed", affects_balance=False
    )
    await case.tax_year(2018)
    await case.activity(
        2018, 0, "421", "2019-09-30", "0.00", "examination_closed", affects_balance=False
    )
    await case.activity(2018, 1, "420", "2020-01-06", "0.00", "examination", affects_balance=False)
    await promote(case)

    flags = await _flags(case)
    assert flags[(2017, "TP")]["exam_indicator"] is False
    assert flags[(2018, "TP")]["exam_indicator"] is True


async def test_an_assessment_on_the_sfr_date_itself_gives_the_sfr_csed(case: SilverCase) -> None:
    await case.tax_year(2019)
    await case.activity(2019, 0, "150", "2021-03-01", "0.00", "return_filed", explanation="SFR")
    await case.activity(2019, 1, "290", "2021-03-01", "6000.00", "assessment")
    await case.activity(2019, 2, "290", "2021-08-16", "1000.00", "assessment")
    result = await promote(case)

    flags = (await _flags(case))[(2019, "TP")]
    # "On or after": the same-day 290 counts, 2021-03-01 + 10 years = 2031-03-01. Strictly
    # after would take the 2021-08-16 290 (2031-08-16).
    assert flags["sfr_csed"] == day("2031-03-01")
    assert flags["assumptions"] == []
    assert warnings_with(result, "sfr_csed_from_150") == []


async def test_an_aur_code_without_a_later_290_has_no_projected_amount(case: SilverCase) -> None:
    await case.tax_year(2021, return_filed=True, account_balance=money("800.00"))
    await case.activity(2021, 0, "150", "2022-04-18", "500.00", "return_filed")
    await case.activity(2021, 1, "290", "2022-09-12", "300.00", "assessment")  # before the 922
    await case.activity(2021, 2, "922", "2023-01-09", None, "unknown", affects_balance=False)
    await promote(case)

    flags = (await _flags(case))[(2021, "TP")]
    assert flags["aur_indicator"] is True
    assert flags["aur_projected_amount"] is None  # null, not 0.00 and not the earlier 300.00
