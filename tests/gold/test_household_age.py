import datetime

from medallion.gold.household import age_on


def test_age_counts_whole_years_completed() -> None:
    born = datetime.date(1959, 6, 15)
    assert age_on(born, datetime.date(2024, 6, 14)) == 64  # the day before the birthday
    assert age_on(born, datetime.date(2024, 6, 15)) == 65


def test_a_29_february_birthday_completes_on_1_march_in_common_years() -> None:
    born = datetime.date(1960, 2, 29)
    assert age_on(born, datetime.date(2025, 2, 28)) == 64
    assert age_on(born, datetime.date(2025, 3, 1)) == 65
