"""Random generators seeded from the case id only: same case, same bytes, in every process."""

from __future__ import annotations

import random


def case_rng(case_id: str, purpose: str) -> random.Random:
    # A str seed is hashed with SHA-512 by random.seed, so it is stable across processes
    # (unlike hash()), and each purpose draws its own independent stream.
    return random.Random(f"medallion-sandbox/{purpose}/{case_id}")
