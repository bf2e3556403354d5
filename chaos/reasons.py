"""Whether a case parked in needs_attention says the true reason for it."""

from typing import Any

from chaos.plan import CaseFault

# A source's own failures; anything else (our database, our Temporal) is never the source's.
SOURCE_FAILURES = frozenset({"transient_error", "auth_error"})


def failed_sources(report: dict[str, Any]) -> dict[str, str]:
    """Source → outcome of the sources that failed for good."""
    sources = report.get("bronze", {}).get("sources", {})
    return {name: b.get("outcome") for name, b in sources.items() if b.get("state") == "failed"}


def reason_is_true(report: dict[str, Any], odd_body: CaseFault | None) -> bool:
    """The source sent an odd body: it, and only it, failed as contract_error (others may have
    failed on a source error of their own). No odd body: only source errors."""
    failed = failed_sources(report)
    if not failed or (odd_body is not None and odd_body.source not in failed):
        return False
    for source, outcome in failed.items():
        expected = (
            {"contract_error"}
            if odd_body is not None and source == odd_body.source
            else SOURCE_FAILURES
        )
        if outcome not in expected:
            return False
    return True


def reason_label(report: dict[str, Any]) -> str:
    failed = failed_sources(report)
    return ", ".join(f"{s} {o}" for s, o in sorted(failed.items())) or "no failed source"
