"""Calendar arithmetic Gold rules share (DOMAIN 4 "Months", 4.8)."""

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` calendar years later; 29 February becomes 28 February when the
    target year has no leap day (2020-02-29 + 10 years = 2030-02-28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from `start` to `end` (DOMAIN 4): 12 × Δyear + Δmonth, less 1 when
    `end`'s day of month is before `start`'s (2024-03-15 → 2025-03-14 is 11); negative when
    `end` is past."""
    months = 12 * (end.year - start.year) + (end.month - start.month)
    return months - 1 if end.day < start.day else months
