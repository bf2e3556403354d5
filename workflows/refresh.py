"""RefreshCasesWorkflow: what a schedule runs. It starts one CaseIngestionWorkflow per case and
ends; each case's run lives on by itself (a case already running is left to its run)."""

import asyncio
from dataclasses import dataclass, field

from temporalio import workflow
from temporalio.exceptions import WorkflowAlreadyStartedError

from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import IngestionInput, workflow_id_for


@dataclass
class RefreshInput:
    case_ids: list[str]
    fetch: bool = True
    needs_attention_timeout_s: float = 24 * 3600
    fetch_max_attempts: int = 5


@dataclass
class RefreshResult:
    started: list[str] = field(default_factory=list)
    already_running: list[str] = field(default_factory=list)


@workflow.defn
class RefreshCasesWorkflow:
    @workflow.run
    async def run(self, inp: RefreshInput) -> RefreshResult:
        result = RefreshResult()
        outcomes = await asyncio.gather(*(self._start(inp, case_id) for case_id in inp.case_ids))
        for case_id, started in zip(inp.case_ids, outcomes, strict=True):
            (result.started if started else result.already_running).append(case_id)
        return result

    async def _start(self, inp: RefreshInput, case_id: str) -> bool:
        try:
            await workflow.start_child_workflow(
                CaseIngestionWorkflow.run,
                IngestionInput(
                    case_id=case_id,
                    fetch=inp.fetch,
                    needs_attention_timeout_s=inp.needs_attention_timeout_s,
                    fetch_max_attempts=inp.fetch_max_attempts,
                ),
                id=workflow_id_for(case_id),
                # The case's run outlives this short workflow.
                parent_close_policy=workflow.ParentClosePolicy.ABANDON,
                static_summary=f"Ingest case {case_id} (scheduled refresh)",
            )
        except WorkflowAlreadyStartedError:
            return False
        return True
