"""The no-op ceiling: a workflow of CaseIngestionWorkflow's shape (4 parallel activities, then
2 sequential ones) whose activities do nothing, run by its own worker process in the default
(sandboxed) workflow runner. What it reaches on a Temporal server is the most any workflow of
that shape can reach there.

    python -m benchmarks.noop_workflow --address 127.0.0.1:7233 --task-queue noop
"""

import argparse
import asyncio
import signal
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker

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


@workflow.defn
class NoopWorkflow:
    @workflow.run
    async def run(self, case_id: str) -> int:
        timeout = timedelta(seconds=30)
        results = await asyncio.gather(
            *(
                workflow.execute_activity(
                    noop_step, NoopStep(case_id, step), start_to_close_timeout=timeout
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


async def serve(address: str, task_queue: str, max_activities: int, max_tasks: int) -> None:
    client = await Client.connect(address)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[NoopWorkflow],
        activities=[noop_step],
        max_concurrent_activities=max_activities,
        max_concurrent_workflow_tasks=max_tasks,
    ):
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--task-queue", required=True)
    parser.add_argument("--max-concurrent-activities", type=int, default=20)
    parser.add_argument("--max-concurrent-workflow-tasks", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(
        serve(
            args.address,
            args.task_queue,
            args.max_concurrent_activities,
            args.max_concurrent_workflow_tasks,
        )
    )


if __name__ == "__main__":
    main()
