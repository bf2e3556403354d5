"""The firm's resolution policy (DOMAIN 4.11): factors live in `resolution_policy`, not in code."""

from dataclasses import dataclass
from decimal import Decimal

from medallion.platform.db import Connection

POLICY_NAME = "default"

_SELECT_POLICY = """
SELECT policy_name, qsv_factor, offer_factor, oic_threshold, offer_type,
       lump_sum_future_income_months, periodic_future_income_months, balance_alert_threshold
  FROM resolution_policy
 WHERE policy_name = $1
"""

LUMP_SUM = "lump_sum"


@dataclass(frozen=True)
class ResolutionPolicy:
    policy_name: str
    qsv_factor: Decimal
    offer_factor: Decimal
    oic_threshold: Decimal
    offer_type: str  # lump_sum or periodic
    lump_sum_future_income_months: int
    periodic_future_income_months: int
    # A balance that rose by this much or more between two builds is an alert (DOMAIN §7).
    balance_alert_threshold: Decimal = Decimal("100.00")

    @property
    def future_income_months(self) -> int:
        """12 for a lump-sum offer, 24 for a periodic-payment offer (as seeded)."""
        if self.offer_type == LUMP_SUM:
            return self.lump_sum_future_income_months
        return self.periodic_future_income_months


async def load_resolution_policy(
    conn: Connection, policy_name: str = POLICY_NAME
) -> ResolutionPolicy:
    row = await conn.fetchrow(_SELECT_POLICY, policy_name)
    if row is None:
        raise LookupError(
            f"resolution_policy has no {policy_name!r} row: apply the migrations "
            "(020_gold_reference.sql seeds it) before promoting Gold"
        )
    return ResolutionPolicy(**dict(row))
