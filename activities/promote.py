"""Silver and Gold promotions, each one transaction per case (the layer modules own the SQL).
Silver's transaction also records its counts and warnings on the run, and Gold's the close of the
run it completes, with them (DOMAIN 5.1)."""

from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import UTC, date, datetime

import asyncpg
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.heartbeat import heartbeating
from activities.runs import register_run
from medallion.cases.notices import Layer
from medallion.cases.run_state import completed
from medallion.cases.runs import (
    RecordedSilver,
    record_open_stage,
    record_run_closed,
    record_silver,
    recorded_silver,
)
from medallion.gold.promote import promote_gold
from medallion.platform.db import DATA_ERRORS, Connection
from medallion.silver.promote import promote_silver
from medallion.webhooks.starts import ChangeDeliveries
from workflows.models import (
    GoldPromotion,
    IngestionStatus,
    Notice,
    PromotionRequest,
    SilverPromotion,
    Stage,
)

# The error type of a promotion the database refused: retrying the same transaction cannot help.
PROMOTION_ERROR = "promotion_error"
# Warnings that travel into Temporal history per layer; the rest are counted, not copied.
WARNING_SAMPLE = 20


class PromotionActivities:
    def __init__(self, pool: asyncpg.Pool, deliveries: ChangeDeliveries | None = None) -> None:
        self._pool = pool
        # None: no webhook deliveries are started (benchmarks, promotion tests).
        self._deliveries = deliveries

    @activity.defn(name="promote_silver")
    async def promote_silver(self, request: PromotionRequest) -> SilverPromotion:
        try:
            async with heartbeating(), self._pool.acquire() as conn:
                if request.registers is not None:
                    await register_run(conn, request.registers)
                await _record_stage(conn, Stage.SILVER, request)
                async with conn.transaction():
                    result = await promote_silver(conn, request.case_id)
                    warnings = capped("silver", result.warnings)
                    await record_silver(conn, _run_id(), RecordedSilver(result.counts, warnings))
        except DATA_ERRORS as err:
            raise _promotion_error("Silver", request.case_id, err) from None
        _log("silver", request.case_id, asdict(result.counts), len(result.warnings))
        return SilverPromotion(counts=result.counts, warnings=warnings)

    @activity.defn(name="promote_gold")
    async def promote_gold(self, request: PromotionRequest) -> GoldPromotion:
        as_of = date.fromisoformat(request.as_of) if request.as_of else datetime.now(UTC).date()
        try:
            async with heartbeating(), self._pool.acquire() as conn:
                await _record_stage(conn, Stage.GOLD, request)
                async with conn.transaction():
                    result = await promote_gold(conn, request.case_id, as_of, _run_id())
                    warnings = capped("gold", result.warnings)
                    if request.closing is not None:
                        now = datetime.now(UTC)
                        closing = await _with_recorded_silver(conn, request.closing)
                        closed = completed(closing, result.counts, warnings, now.isoformat())
                        await record_run_closed(conn, closed, now)
        except DATA_ERRORS as err:
            raise _promotion_error("Gold", request.case_id, err) from None
        changes = {"build_id": result.build_id, **asdict(result.changes)}
        _log("gold", request.case_id, {**asdict(result.counts), **changes}, len(result.warnings))
        if self._deliveries is not None and result.changes.alert + result.changes.info > 0:
            # After the commit: the case never waits on a receiver.
            await self._deliveries.start_for_run(self._pool, request.case_id, _run_id())
        # Warnings recorded with the run's close stay out of its history: the run ends now, and
        # the status of a closed run is read from Postgres.
        return GoldPromotion(
            alert_changes=result.changes.alert,
            info_changes=result.changes.info,
            build_id=result.build_id,
            counts=result.counts,
            warnings=[] if request.closing else warnings,
        )


async def _record_stage(conn: Connection, stage: Stage, request: PromotionRequest) -> None:
    """The layer's stage, for the case list, committed before the promotion's transaction."""
    if request.stage_at is not None:
        await record_open_stage(conn, _run_id(), stage, datetime.fromisoformat(request.stage_at))


async def _with_recorded_silver(conn: Connection, closing: IngestionStatus) -> IngestionStatus:
    """The closing status with the Silver promotion the run recorded: the workflow sends it
    without, so its history carries Silver's warnings once."""
    silver = await recorded_silver(conn, _run_id())
    if silver is None:
        return closing
    return replace(closing, silver=silver.counts, warnings=[*closing.warnings, *silver.warnings])


def _run_id() -> str:
    """The ingestion run this activity belongs to: the key of its Gold build (DOMAIN §7)."""
    return activity.info().workflow_run_id or ""


def capped(layer: Layer, warnings: Sequence[Notice]) -> list[Notice]:
    """The first WARNING_SAMPLE warnings and, past them, one that counts them all."""
    sample = list(warnings[:WARNING_SAMPLE])
    if len(warnings) > WARNING_SAMPLE:
        sample.append(
            Notice(
                code="warnings_capped",
                detail=f"{len(warnings)} {layer} warnings in all; the first {WARNING_SAMPLE} "
                "are shown",
                layer=layer,
            )
        )
    return sample


def _log(layer: str, case_id: str, counts: dict[str, int | None], warnings: int) -> None:
    activity.logger.info(
        f"{layer} promoted", extra={"case_id": case_id, **counts, "warnings": warnings}
    )


def _promotion_error(layer: str, case_id: str, err: Exception) -> ApplicationError:
    # The database message names the table and constraint; it never carries row values here.
    return ApplicationError(
        f"{layer} promotion of case {case_id} was rejected by the database "
        f"({type(err).__name__}: {err.args[0] if err.args else ''}); nothing was written",
        type=PROMOTION_ERROR,
        non_retryable=True,
    )
