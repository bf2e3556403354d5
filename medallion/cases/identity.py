"""A case's identity (DOMAIN 1.4): the id sources and tables key on, and its default number."""

import re

# 1 to 12 digits; anything else is refused (422) before any workflow starts.
CASE_ID_DIGITS = "[0-9]{1,12}"
CASE_ID_PATTERN = f"^{CASE_ID_DIGITS}$"
CASE_ID = re.compile(CASE_ID_PATTERN)


def default_case_number(case_id: str) -> str:
    """The case number a case gets when the trigger names none."""
    return f"CASE-{case_id}"
