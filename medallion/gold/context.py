"""Everything a Gold builder reads: the case, the build's as-of date, reference and Silver data."""

import datetime
from dataclasses import dataclass

from medallion.gold.reference import ReferenceData
from medallion.gold.silver_inputs import SilverInputs


@dataclass(frozen=True)
class GoldContext:
    case_id: str
    # The date the build treats as today (DOMAIN 4); nothing in a build reads the clock.
    as_of: datetime.date
    reference: ReferenceData
    silver: SilverInputs
