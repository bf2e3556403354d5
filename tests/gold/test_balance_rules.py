"""Pure rules of 4.7 that need no database: lien state and payoff balance."""

import datetime
import uuid
from decimal import Decimal

from medallion.gold.balances import lien_filed, payoff_balance
from medallion.gold.silver_inputs import Activity, TaxYear

BRONZE = uuid.uuid4()


def _activity(code: str, day: str, line_no: int) -> Activity:
    return Activity(
        tax_year=2021,
        owner="TP",
        line_no=line_no,
        code=code,
        activity_date=datetime.date.fromisoformat(day),
        amount=Decimal(0),
        transaction_type="lien",
        affects_balance=False,
        indicates_collection_action=False,
        bronze_id=BRONZE,
    )


def _year(
    balance: str | None, interest: str | None, penalty: str | None, total: str | None = None
) -> TaxYear:
    def money(v: str | None) -> Decimal | None:
        return None if v is None else Decimal(v)

    return TaxYear(
        tax_year=2021,
        owner="TP",
        filing_status=None,
        return_filed=True,
        account_balance=money(balance),
        accrued_interest=money(interest),
        accrued_penalty=money(penalty),
        total_balance=money(total),
        bronze_id=BRONZE,
    )


def test_lien_released_later_is_not_filed() -> None:
    assert not lien_filed([_activity("582", "2022-03-01", 0), _activity("583", "2023-01-10", 1)])


def test_lien_refiled_after_its_release_is_filed() -> None:
    assert lien_filed(
        [
            _activity("582", "2022-03-01", 0),
            _activity("583", "2023-01-10", 1),
            _activity("602", "2023-06-01", 2),
        ]
    )


def test_release_before_the_filing_does_not_release_it() -> None:
    assert lien_filed([_activity("603", "2021-12-01", 0), _activity("582", "2022-03-01", 1)])


def test_same_day_release_on_a_later_line_releases() -> None:
    assert not lien_filed([_activity("582", "2022-03-01", 4), _activity("583", "2022-03-01", 5)])


def test_no_lien_code_means_no_lien() -> None:
    assert not lien_filed([_activity("150", "2022-03-01", 0)])


def test_payoff_prefers_the_reported_total_balance() -> None:
    assert payoff_balance(_year("100.00", "5.00", "7.00", total="150.00")) == Decimal("150.00")


def test_payoff_adds_accruals_counting_a_null_accrual_as_zero() -> None:
    # 1,000.00 + 12.34 + (null → 0) = 1,012.34
    assert payoff_balance(_year("1000.00", "12.34", None)) == Decimal("1012.34")


def test_payoff_is_null_without_a_balance_even_with_accruals() -> None:
    assert payoff_balance(_year(None, "12.34", "5.00")) is None
