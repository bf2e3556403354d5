"""A case parked in needs_attention whose workflow cannot be asked (no worker answers the query
just after a worker was killed, or Temporal is down) still names the source that failed, from
what Bronze recorded. Found by `make chaos`: the report read "Source ? failed: see the Temporal
UI" and the source that sent an odd body read "succeeded"."""

from datetime import UTC, datetime

from api.status_report import _bronze_block, _overall_status, _RunView
from medallion.cases.queries import BronzeStats, RecordedRun, SourceStats
from medallion.gold.counts import GoldCounts
from medallion.silver.counts import SilverCounts
from medallion.sources.names import SOURCES
from workflows.models import FetchState, Stage

NOW = datetime(2026, 11, 30, tzinfo=UTC)
ODD_BODY_ERROR = "TiParser AT for case 1 answered 200 with a body that is not storable JSON"


def _stats(source: str) -> SourceStats:
    odd = source == "at"
    return SourceStats(
        source=source,
        payloads=1,
        current_bronze_id=None if odd else f"bronze-{source}",
        last_fetched_at=None if odd else NOW,
        last_outcome="contract_error" if odd else "stored",
        last_http_status=200,
        last_error=ODD_BODY_ERROR if odd else None,
        run_attempts=1,
    )


def _parked_run_nobody_answers() -> _RunView:
    recorded = RecordedRun("run-1", Stage.NEEDS_ATTENTION, NOW, closed_at=None, outcome_json=None)
    return _RunView(
        description=None, recorded=recorded, live=None, temporal_reachable=False, last_complete=None
    )


BRONZE = BronzeStats(
    sources={s: _stats(s) for s in SOURCES},
    last_success_at=NOW,
    pdfs=0,
    same_name_different_content=0,
)


def test_the_source_that_sent_an_odd_body_reads_failed() -> None:
    block = _bronze_block(_parked_run_nobody_answers(), BRONZE)
    states = {name: report.state for name, report in block.sources.items()}
    assert states == {
        "at": FetchState.FAILED,
        "wi": FetchState.SUCCEEDED,
        "trt": FetchState.SUCCEEDED,
        "interview": FetchState.SUCCEEDED,
    }


def test_the_message_names_the_failed_source_and_its_error() -> None:
    status, message = _overall_status(
        _parked_run_nobody_answers(), BRONZE, SilverCounts(), GoldCounts()
    )
    assert status == "needs_attention"
    assert message == f"Source at failed: {ODD_BODY_ERROR}; retry or cancel."
