"""Reference data a Gold build reads once (DOMAIN 3.14, 4.1, 4.4, 4.5, 4.9, 4.10, 4.11)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from medallion.gold.frequency import PayFrequencies, load_pay_frequencies
from medallion.gold.policy import ResolutionPolicy, load_resolution_policy
from medallion.gold.standards import CollectionStandards, load_collection_standards
from medallion.gold.tax_tables import TaxTables, load_tax_tables
from medallion.platform.db import Connection
from medallion.reference.versions import in_force, reference_versions

_SELECT_WI_INCOME_TYPES = "SELECT form_type, income_type, per_person FROM wi_income_type_rules"
_SELECT_AUR_CODES = "SELECT code FROM aur_codes"


@dataclass(frozen=True)
class WiIncomeType:
    income_type: str
    per_person: bool


@dataclass(frozen=True)
class ReferenceData:
    frequencies: PayFrequencies
    wi_income_types: Mapping[str, WiIncomeType]
    collection_standards: CollectionStandards
    tax_tables: TaxTables
    # Transaction codes that show an underreporter (AUR) review (4.9).
    aur_codes: frozenset[str]
    resolution_policy: ResolutionPolicy
    # The reference version of each kind in force for the build (kind → reference_versions id),
    # so a build can record what it read.
    versions: Mapping[str, int]

    def wage_form_types(self) -> frozenset[str]:
        """Forms that are wages (W-2, W-2GU, W-2C; not the gambling W-2G)."""
        return frozenset(
            form for form, rule in self.wi_income_types.items() if rule.income_type == "wages"
        )


async def load_reference_data(
    conn: Connection, as_of: datetime.date, state: str | None = None
) -> ReferenceData:
    """The reference data in force on `as_of`; housing standards for `state` only."""
    versions = in_force(await reference_versions(conn), as_of)
    income_types = {
        r["form_type"]: WiIncomeType(income_type=r["income_type"], per_person=r["per_person"])
        for r in await conn.fetch(_SELECT_WI_INCOME_TYPES)
    }
    return ReferenceData(
        frequencies=await load_pay_frequencies(conn),
        wi_income_types=income_types,
        collection_standards=await load_collection_standards(conn, as_of, state, versions),
        tax_tables=await load_tax_tables(conn),
        aur_codes=frozenset(r["code"] for r in await conn.fetch(_SELECT_AUR_CODES)),
        resolution_policy=await load_resolution_policy(conn),
        versions={kind: v.version_id for kind, v in versions.items()},
    )
