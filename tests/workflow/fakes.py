"""Stand-ins for the workflow's activities: each source, Silver and Gold do what a test scripts.

They register under the real activity names, so the workflow under test is the real one.
"""

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.promote import PROMOTION_ERROR
from medallion.cases.notices import Notice
from medallion.cases.run_state import completed
from medallion.gold.counts import GoldCounts
from medallion.silver.counts import SilverCounts
from workflows.models import (
    FetchRequest,
    FetchResult,
    GoldPromotion,
    IngestionStatus,
    PromotionRequest,
    RunClosure,
    RunRecord,
    SilverPromotion,
    Stage,
    StageChange,
)

# ok: succeeds; fail: fails for good (contract error); absent: 404; block: runs until cancelled;
# hold: runs until the test releases it (or it is cancelled), then succeeds.
Step = Literal["ok", "fail", "absent", "block", "hold"]

SILVER_COUNTS = SilverCounts(tax_years=4, account_activity=61, income_documents=9)
GOLD_COUNTS = GoldCounts(employment=2, household=1, year_balances=4, resolution_options=1)
SILVER_NOTICE = Notice(
    code="owner_unrecognised", detail="/at_records/0", source="at", tax_year=2020, layer="silver"
)


@dataclass
class Script:
    """What each call does, in order; a source's calls past its list succeed."""

    fetch: dict[str, list[Step]] = field(default_factory=dict)
    silver: Step = "ok"
    gold: Step = "ok"


class FakeActivities:
    def __init__(self, script: Script) -> None:
        self._script = script
        self._calls: dict[str, int] = defaultdict(int)
        self.closed: list[IngestionStatus] = []
        self.opened: list[RunRecord] = []
        # Each open stage recorded for the case list, and the activity that recorded it.
        self.stages: list[tuple[Stage, str]] = []
        # Set when a `block` step has started, so a test can cancel it mid-flight.
        self.blocking = asyncio.Event()
        # Set by a test to let a `hold` step finish.
        self.release = asyncio.Event()

    @activity.defn(name="record_stage")
    async def record_stage(self, change: StageChange) -> None:
        self.stages.append((change.stage, activity.info().activity_type))

    @activity.defn(name="close_run")
    async def close_run(self, closure: RunClosure) -> None:
        self.closed.append(closure.status)

    @activity.defn(name="fetch_source")
    async def fetch_source(self, request: FetchRequest) -> FetchResult:
        if request.registers is not None:
            self.opened.append(request.registers)
        steps = self._script.fetch.get(request.source, [])
        call = self._calls[request.source]
        self._calls[request.source] += 1
        await self._do(steps[call] if call < len(steps) else "ok", request.source)
        return FetchResult(
            source=request.source,
            outcome="stored",
            bronze_id=f"bronze-{request.source}-{call}",
            http_status=200,
            records=3,
        )

    @activity.defn(name="promote_silver")
    async def promote_silver(self, request: PromotionRequest) -> SilverPromotion:
        if request.registers is not None:
            self.opened.append(request.registers)
        self._record_stage(Stage.SILVER, request)
        await self._do(self._script.silver, "silver")
        return SilverPromotion(counts=SILVER_COUNTS, warnings=[SILVER_NOTICE])

    @activity.defn(name="promote_gold")
    async def promote_gold(self, request: PromotionRequest) -> GoldPromotion:
        self._record_stage(Stage.GOLD, request)
        await self._do(self._script.gold, "gold")
        if request.closing is not None:
            # As the real one does, in the promotion's transaction, with the Silver promotion
            # the run recorded.
            closing = replace(
                request.closing,
                silver=SILVER_COUNTS,
                warnings=[*request.closing.warnings, SILVER_NOTICE],
            )
            self.closed.append(completed(closing, GOLD_COUNTS, [], closing.updated_at))
        return GoldPromotion(counts=GOLD_COUNTS)

    def _record_stage(self, stage: Stage, request: PromotionRequest) -> None:
        """As the real promotions do."""
        if request.stage_at is not None:
            self.stages.append((stage, activity.info().activity_type))

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.record_stage,
            self.close_run,
            self.fetch_source,
            self.promote_silver,
            self.promote_gold,
        ]

    async def _do(self, step: Step, what: str) -> None:
        if step == "fail":
            error_type = PROMOTION_ERROR if what in ("silver", "gold") else "contract_error"
            raise ApplicationError(f"{what} rejected", 422, type=error_type, non_retryable=True)
        if step == "absent":
            raise ApplicationError(
                f"{what} not found (404)", 404, type="absent", non_retryable=True
            )
        if step in ("block", "hold"):
            self.blocking.set()
            # Until the workflow cancels it (delivered with a heartbeat), or the test lets a
            # `hold` step go.
            while not (step == "hold" and self.release.is_set()):
                activity.heartbeat()
                await asyncio.sleep(0.02)
