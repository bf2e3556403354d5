"""Sources whose Silver and Gold come from a payload an earlier run fetched (issue 8.7).

Decision: an older payload is used (the case is not held back for one source), and said so, per
source with the payload's fetch date, in the status report and in the summary.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from medallion.cases.notices import Notice
from medallion.cases.queries import BronzeStats
from workflows.models import FetchState, Source, SourceState

NOTICE_CODE = "earlier_payload_used"


@dataclass(frozen=True)
class EarlierPayload:
    source: Source
    state_in_run: FetchState  # why the run did not fetch it: failed or skipped
    fetched_at: datetime | None


def earlier_payloads(
    run_sources: Mapping[Source, SourceState], bronze: BronzeStats
) -> list[EarlierPayload]:
    """The sources a run did not fetch, yet has a current payload of, in the run's order."""
    return [
        EarlierPayload(name, state.state, bronze.sources[name].last_fetched_at)
        for name, state in run_sources.items()
        if state.state in (FetchState.FAILED, FetchState.SKIPPED)
        and name in bronze.sources
        and bronze.sources[name].current_bronze_id is not None
    ]


def earlier_payload_notice(payload: EarlierPayload) -> Notice:
    when = payload.fetched_at.date().isoformat() if payload.fetched_at else "an earlier run"
    return Notice(
        code=NOTICE_CODE,
        source=payload.source,
        detail=f"{payload.source} was not fetched in this run ({payload.state_in_run}): Silver "
        f"and Gold use its payload fetched {when}",
        layer="report",
    )
