"""Workflow 1.0 with one change (a pause before Silver), made without and with the rule of
docs/workflow.md: the first breaks a run recorded before it, the second does not."""

from datetime import timedelta

from temporalio import workflow

from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import IngestionInput, IngestionOutcome

CHANGE_ID = "pause-before-silver"


@workflow.defn(name="CaseIngestionWorkflow")
class ChangedWithoutPatch(CaseIngestionWorkflow):
    @workflow.run
    async def run(self, inp: IngestionInput) -> IngestionOutcome:
        return await super().run(inp)

    async def _promote(self) -> None:
        await workflow.sleep(timedelta(seconds=1))
        await super()._promote()


@workflow.defn(name="CaseIngestionWorkflow")
class ChangedWithPatch(CaseIngestionWorkflow):
    @workflow.run
    async def run(self, inp: IngestionInput) -> IngestionOutcome:
        return await super().run(inp)

    async def _promote(self) -> None:
        if workflow.patched(CHANGE_ID):
            await workflow.sleep(timedelta(seconds=1))
        await super()._promote()
