"""Case ids no other test uses.

Drawn from the operating system's randomness: pytest-randomly reseeds Python's global `random`
before every test, so ids drawn from it would repeat from test to test.
"""

import random

_SYSTEM_RANDOM = random.SystemRandom()


def fresh_case_id(digits: int = 10) -> str:
    """A case id of `digits` digits, never starting with 0."""
    return str(_SYSTEM_RANDOM.randint(10 ** (digits - 1), 10**digits - 1))
