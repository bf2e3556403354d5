"""The no-op ceiling: a workflow of CaseIngestionWorkflow's shape (4 parallel activities, then
2 sequential ones) whose activities do nothing, run by its own worker process in the default
(sandboxed) workflow runner. As a case's fetches do, each parallel activity runs on a task queue
of its own (`<queue>-fetch-<step>`) with the same rate limit and pollers. What it reaches on a
Temporal server is the most any workflow of that shape can reach there.

    python -m benchmarks.noop_workflow --address 127.0.0.1:7233 --task-queue noop
"""

import argparse
import asyncio
import signal
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta

import uvloop
from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker

from medallion.platform.heap import freeze_startup_heap

PARALLEL = ("a", "b", "c", "d")
SEQUENTIAL = ("e", "f")


@dataclass
class NoopStep:
    case_id: str
    step: str


@dataclass
class NoopResult:
    step: str
    count: int


@activity.defn(name="noop_step")
async def noop_step(request: NoopStep) -> NoopResult:
    return NoopResult(step=request.step, count=1)


def parallel_task_queue(task_queue: str, step: str) -> str:
    """Named as `workflows.models.fetch_task_queue` names a source's queue (not imported: the
    sandbox would import the workflow models for every run)."""
    return f"{task_queue}-fetch-{step}"


@workflow.defn
class NoopWorkflow:
    @workflow.run
    async def run(self, case_id: str) -> int:
        timeout = timedelta(seconds=30)
        results = await asyncio.gather(
            *(
                workflow.execute_activity(
                    noop_step,
                    NoopStep(case_id, step),
                    task_queue=parallel_task_queue(workflow.info().task_queue, step),
                    start_to_close_timeout=timeout,
                )
                for step in PARALLEL
            )
        )
        for step in SEQUENTIAL:
            results.append(
                await workflow.execute_activity(
                    noop_step, NoopStep(case_id, step), start_to_close_timeout=timeout
                )
            )
        return sum(r.count for r in results)


async def serve(address: str, task_queue: str) -> None:
    # Imported here, not at the top: the sandbox runs this module again for every workflow, and
    # the ceiling must not pay for importing the settings each time.
    from medallion.platform.settings import load_settings

    # The same worker tuning as the Medallion worker, from the same settings.
    settings = load_settings(_env_file=None)
    client = await Client.connect(address)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    main = Worker(
        client,
        task_queue=task_queue,
        workflows=[NoopWorkflow],
        activities=[noop_step],
        max_concurrent_activities=settings.worker_max_concurrent_activities,
        max_concurrent_workflow_tasks=settings.worker_max_concurrent_workflow_tasks,
        max_concurrent_workflow_task_polls=settings.worker_workflow_task_pollers,
        max_concurrent_activity_task_polls=settings.worker_activity_task_pollers,
        max_cached_workflows=settings.worker_max_cached_workflows,
    )
    parallel = [
        Worker(
            client,
            task_queue=parallel_task_queue(task_queue, step),
            activities=[noop_step],
            max_task_queue_activities_per_second=settings.source_calls_per_s,
            max_concurrent_activities=settings.worker_max_concurrent_activities,
            max_concurrent_activity_task_polls=settings.worker_fetch_task_pollers,
        )
        for step in PARALLEL
    ]
    async with AsyncExitStack() as workers:
        for worker in (main, *parallel):
            await workers.enter_async_context(worker)
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--task-queue", required=True)
    args = parser.parse_args()
    # Run as the Medallion worker runs (worker.main).
    freeze_startup_heap()
    uvloop.run(serve(args.address, args.task_queue))


if __name__ == "__main__":
    main()
