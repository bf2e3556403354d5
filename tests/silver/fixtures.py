"""Hand-written rules and payloads for the Silver builder tests (values invented)."""

import uuid
from pathlib import Path
from typing import Any

from medallion.silver import jsontext
from medallion.silver.issues import Issues
from medallion.silver.payloads import SourcePayload
from medallion.silver.rules import FormRule, RuleSet, TransactionRule

PAYLOADS = Path(__file__).parent / "payloads"
MAX_YEAR = 2026
BRONZE_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _txn_rule(code: str, transaction_type: str, sign: int, **flags: bool) -> TransactionRule:
    return TransactionRule(
        code=code,
        meaning=f"meaning of {code}",
        transaction_type=transaction_type,
        affects_balance=flags.get("balance", sign != 0),
        affects_csed=flags.get("csed", False),
        starts_csed=flags.get("starts", False),
        csed_toll_days=0,
        indicates_collection_action=flags.get("collection", False),
        balance_sign=sign,
    )


def _form_rule(code: str, category: str, se: bool = False, **extra: Any) -> FormRule:
    return FormRule(
        form_code=code,
        category=category,
        is_self_employment=se,
        include_in_projection=True,
        affects_resolution_options=se,
        resolution_income_asset=extra.get("asset", "Income"),
        income_fields=extra.get("income_fields", ()),
        withholding_fields=extra.get("withholding_fields", ()),
    )


RULES = RuleSet(
    version="test-rules",
    transactions={
        "150": _txn_rule("150", "return_filed", 1, csed=True, starts=True),
        "276": _txn_rule("276", "penalty", 1),
        "670": _txn_rule("670", "payment", -1),
        "806": _txn_rule("806", "withholding", -1),
        "971": _txn_rule("971", "collection_notice", 0, csed=True, collection=True),
        "582": _txn_rule("582", "lien", 0, collection=True),
    },
    forms={
        "W-2": _form_rule(
            "W-2",
            "Non-SE",
            income_fields=("Wages, tips, and other compensation",),
            withholding_fields=("Federal income tax withheld",),
        ),
        "W-2C": _form_rule("W-2C", "Non-SE"),
        "1099-NEC": _form_rule("1099-NEC", "SE", se=True),
        "1099-INT": _form_rule("1099-INT", "Non-SE", asset="Asset"),
    },
)


def payload(source: str, document: Any, kind: str = "json") -> SourcePayload:
    """A payload as promotion sees it: JSON text parsed with exact decimals."""
    text = document if isinstance(document, str) else jsontext.dumps(document)
    return SourcePayload(source, BRONZE_ID, kind, jsontext.loads(text))


def issues(source: str) -> Issues:
    return Issues(source, BRONZE_ID)


def codes(found: Issues) -> list[str]:
    return [w.code for w in found.warnings]


def reasons(found: Issues) -> list[tuple[str, str]]:
    return [(q.source_path, q.reason_code) for q in found.quarantined]


def _example(name: str) -> str:
    """A documented example payload (DOMAIN 1.2.4–1.3.4) as JSON text, so numbers stay exact."""
    return (PAYLOADS / name).read_text()


AT_EXAMPLE = _example("at_example.json")
WI_EXAMPLE = _example("wi_example.json")
TRT_EXAMPLE = _example("trt_example.json")
INTERVIEW_EXAMPLE = _example("interview_example.json")
