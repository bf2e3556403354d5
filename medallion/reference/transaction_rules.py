"""`medallion reference load transaction-rules FILE`: a specialist's corrected table of
transcript transaction codes becomes a new current rule set (DOMAIN 3.5, 4.9).

The file (layout in docs/reference-data.md) lists every code with its meaning and flags, and
whether it shows an underreporter (AUR) review. Everything is checked before one transaction
writes: a new `rule_sets` row named by the file's `# rules_version:` header, with the file's
codes and a copy of the current set's WI form and CSED pairing rules, made current; `aur_codes`
replaced by the file's AUR codes; and a `reference_versions` row. Silver rows built before keep
the rules version they name. The same file again changes nothing.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from medallion.platform.db import Connection
from medallion.reference.csv_file import ReferenceFile, read_reference_file
from medallion.reference.errors import ReferenceInputError
from medallion.reference.kinds import TRANSACTION_RULES
from medallion.reference.versions import INSERT_VERSION, LOCK_LOADS

COLUMNS = (
    "code",
    "meaning",
    "transaction_type",
    "affects_balance",
    "affects_csed",
    "starts_csed",
    "indicates_collection_action",
    "balance_sign",
    "aur_code",
    "notes",
)
# at_transaction_rules' vocabulary (DOMAIN 3.5); the table's CHECK holds the same list.
TRANSACTION_TYPES = frozenset(
    (
        *("return_filed", "assessment", "abatement", "penalty", "interest", "fee", "payment"),
        *("credit", "credit_eic", "withholding", "transfer", "refund", "refund_check"),
        *("examination", "examination_closed", "oic", "bankruptcy", "cnc", "pending"),
        *("resolved", "lien", "collection_notice", "levy", "levy_notice", "appeal"),
        *("amended_return", "unknown"),
    )
)
_FLAGS = {"Y": True, "N": False}
_SIGNS = {"+1": 1, "1": 1, "0": 0, "-1": -1}

_SELECT_DIGEST = """
SELECT version_id FROM reference_versions
 WHERE kind = $1 AND file_digest = $2 AND retired_at IS NULL
"""
_SELECT_CURRENT_SET = "SELECT rules_version FROM rule_sets WHERE is_current"
_SELECT_SET = "SELECT 1 FROM rule_sets WHERE rules_version = $1"
_INSERT_SET = "INSERT INTO rule_sets (rules_version, description) VALUES ($1, $2)"
# The other rule tables of the new set: the current set's rows, under the new version.
_COPY_RULES = tuple(
    f"""
INSERT INTO {table}
SELECT (jsonb_populate_record(
            NULL::{table}, to_jsonb(r) || jsonb_build_object('rules_version', $1::text))).*
  FROM {table} r WHERE rules_version = $2
"""
    for table in ("wi_type_rules", "csed_calculation_rules")
)
_MAKE_CURRENT = """
UPDATE rule_sets SET is_current = (rules_version = $1) WHERE is_current OR rules_version = $1
"""
_DELETE_AUR_CODES = "DELETE FROM aur_codes"
_RETIRE = "UPDATE reference_versions SET retired_at = now() WHERE kind = $1 AND retired_at IS NULL"


@dataclass(frozen=True)
class SpecialistRule:
    """A row of a specialist's transaction-code table (the file `load transaction-rules` reads)."""

    code: str
    meaning: str
    transaction_type: str
    affects_balance: bool
    affects_csed: bool
    starts_csed: bool
    indicates_collection_action: bool
    balance_sign: int
    aur_code: bool
    notes: str | None


@dataclass(frozen=True)
class TransactionRulesLoad:
    rules_version: str
    codes: int
    aur_codes: tuple[str, ...]
    version_id: int
    changed: bool


def read_transaction_rules(path: Path) -> tuple[ReferenceFile, str, list[SpecialistRule]]:
    file = read_reference_file(path)
    if file.kind != TRANSACTION_RULES:
        raise ReferenceInputError(file.name, f"kind {file.kind!r} is not {TRANSACTION_RULES}")
    rules_version = file.optional.get("rules_version", "")
    if not rules_version:
        raise ReferenceInputError(file.name, "needs a `# rules_version:` header line")
    if file.columns != COLUMNS:
        raise ReferenceInputError(
            file.name, f"column line is {','.join(file.columns)}; expected {','.join(COLUMNS)}"
        )
    rules: list[SpecialistRule] = []
    seen: dict[str, int] = {}
    for row in file.rows:
        rule = _rule(file.name, row.line, row.values)
        if rule.code in seen:
            raise ReferenceInputError(file.name, f"duplicates line {seen[rule.code]}", row.line)
        seen[rule.code] = row.line
        rules.append(rule)
    if not rules:
        raise ReferenceInputError(file.name, "has no rows")
    return file, rules_version, rules


def _rule(file: str, line: int, v: dict[str, str]) -> SpecialistRule:
    def fail(reason: str) -> ReferenceInputError:
        return ReferenceInputError(file, reason, line)

    def flag(column: str) -> bool:
        if v[column] not in _FLAGS:
            raise fail(f"{column} {v[column]!r} is not Y or N")
        return _FLAGS[v[column]]

    if not re.fullmatch(r"[0-9]{3}", v["code"]):
        raise fail(f"code {v['code']!r} is not three digits")
    if not v["meaning"]:
        raise fail("meaning is empty")
    if v["transaction_type"] not in TRANSACTION_TYPES:
        raise fail(f"transaction_type {v['transaction_type']!r} is not in DOMAIN 3.5's list")
    if v["balance_sign"] not in _SIGNS:
        raise fail(f"balance_sign {v['balance_sign']!r} is not +1, 0 or -1")
    return SpecialistRule(
        code=v["code"],
        meaning=v["meaning"],
        transaction_type=v["transaction_type"],
        affects_balance=flag("affects_balance"),
        affects_csed=flag("affects_csed"),
        starts_csed=flag("starts_csed"),
        indicates_collection_action=flag("indicates_collection_action"),
        balance_sign=_SIGNS[v["balance_sign"]],
        aur_code=flag("aur_code"),
        notes=v["notes"] or None,
    )


async def load_transaction_rules(conn: Connection, path: Path) -> TransactionRulesLoad:
    file, rules_version, rules = read_transaction_rules(path)
    aur = tuple(r.code for r in rules if r.aur_code)
    async with conn.transaction():
        await conn.execute(LOCK_LOADS)
        loaded = await conn.fetchval(_SELECT_DIGEST, TRANSACTION_RULES, file.digest)
        if loaded is not None:
            return TransactionRulesLoad(rules_version, len(rules), aur, loaded, changed=False)
        if await conn.fetchval(_SELECT_SET, rules_version) is not None:
            raise ReferenceInputError(
                file.name, f"rules_version {rules_version} already exists; name a new one"
            )
        current = await conn.fetchval(_SELECT_CURRENT_SET)
        if current is None:
            raise ReferenceInputError(file.name, "there is no current rule set to extend")
        await conn.execute(_INSERT_SET, rules_version, f"{file.source} ({file.name})")
        for statement in _COPY_RULES:
            await conn.execute(statement, rules_version, current)
        await conn.copy_records_to_table(
            "at_transaction_rules",
            records=[
                (
                    rules_version,
                    r.code,
                    r.meaning,
                    r.transaction_type,
                    r.affects_balance,
                    r.affects_csed,
                    r.starts_csed,
                    r.indicates_collection_action,
                    r.balance_sign,
                    r.notes,
                )
                for r in rules
            ],
            columns=["rules_version", *(c for c in COLUMNS if c != "aur_code")],
        )
        await conn.execute(_MAKE_CURRENT, rules_version)
        await conn.execute(_DELETE_AUR_CODES)
        await conn.copy_records_to_table(
            "aur_codes",
            records=[(r.code, r.notes or r.meaning) for r in rules if r.aur_code],
            columns=["code", "notes"],
        )
        await conn.execute(_RETIRE, TRANSACTION_RULES)
        version_id: int = await conn.fetchval(
            INSERT_VERSION,
            TRANSACTION_RULES,
            file.effective_from,
            file.source,
            file.source_url,
            file.name,
            file.digest,
            False,
        )
    return TransactionRulesLoad(rules_version, len(rules), aur, version_id, changed=True)
