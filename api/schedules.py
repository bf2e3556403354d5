"""Periodic refresh through Temporal Schedules: each schedule re-ingests a named set of cases.

A schedule `refresh-<name>` starts RefreshCasesWorkflow with the case ids; overlap policy skip,
so a refresh still starting its cases when the next is due is not doubled.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from temporalio.api.common.v1 import Payload
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
)
from temporalio.service import RPCError, RPCStatusCode

from medallion.platform.settings import Settings
from workflows.refresh import RefreshCasesWorkflow, RefreshInput

SCHEDULE_PREFIX = "refresh-"


class ScheduleExists(Exception):
    pass


class ScheduleMissing(Exception):
    pass


@dataclass(frozen=True)
class RefreshSchedule:
    name: str
    case_ids: list[str]
    every_s: float | None
    cron: str | None
    paused: bool
    note: str
    next_run_at: datetime | None
    recent_runs: int


def schedule_id(name: str) -> str:
    return f"{SCHEDULE_PREFIX}{name}"


async def create_schedule(
    client: Client,
    settings: Settings,
    name: str,
    case_ids: list[str],
    *,
    every_s: float | None,
    cron: str | None,
    paused: bool,
) -> None:
    spec = (
        ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(seconds=every_s))])
        if every_s is not None
        else ScheduleSpec(cron_expressions=[cron or ""])
    )
    try:
        await client.create_schedule(
            schedule_id(name),
            Schedule(
                action=ScheduleActionStartWorkflow(
                    RefreshCasesWorkflow.run,
                    RefreshInput(
                        case_ids=case_ids,
                        needs_attention_timeout_s=settings.needs_attention_timeout_s,
                        fetch_max_attempts=settings.fetch_max_attempts,
                    ),
                    id=schedule_id(name),
                    task_queue=settings.temporal_task_queue,
                ),
                spec=spec,
                policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
                state=ScheduleState(paused=paused, note=f"refresh {len(case_ids)} cases"),
            ),
        )
    except ScheduleAlreadyRunningError:
        raise ScheduleExists(name) from None


async def describe_schedule(client: Client, name: str) -> RefreshSchedule:
    try:
        description = await client.get_schedule_handle(schedule_id(name)).describe()
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise ScheduleMissing(name) from None
        raise
    schedule = description.schedule
    action = schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow)
    # A described schedule holds its arguments still encoded.
    encoded = [arg for arg in action.args if isinstance(arg, Payload)]
    (refresh,) = await client.data_converter.decode(encoded, [RefreshInput])
    intervals = schedule.spec.intervals
    return RefreshSchedule(
        name=name,
        case_ids=refresh.case_ids,
        every_s=intervals[0].every.total_seconds() if intervals else None,
        cron=next(iter(schedule.spec.cron_expressions), None),
        paused=schedule.state.paused,
        note=schedule.state.note or "",
        next_run_at=next(iter(description.info.next_action_times), None),
        recent_runs=len(description.info.recent_actions),
    )


async def list_schedules(client: Client) -> list[RefreshSchedule]:
    names = [
        entry.id.removeprefix(SCHEDULE_PREFIX)
        async for entry in await client.list_schedules()
        if entry.id.startswith(SCHEDULE_PREFIX)
    ]
    found = []
    for name in sorted(names):
        try:
            found.append(await describe_schedule(client, name))
        except ScheduleMissing:
            continue  # deleted between the list and the describe
    return found


async def set_paused(client: Client, name: str, paused: bool) -> None:
    await describe_schedule(client, name)  # 404 for an unknown name
    handle = client.get_schedule_handle(schedule_id(name))
    if paused:
        await handle.pause(note="paused through the API")
    else:
        await handle.unpause(note="unpaused through the API")


async def trigger(client: Client, name: str) -> None:
    await describe_schedule(client, name)
    await client.get_schedule_handle(schedule_id(name)).trigger(overlap=ScheduleOverlapPolicy.SKIP)


async def delete_schedule(client: Client, name: str) -> None:
    await describe_schedule(client, name)
    await client.get_schedule_handle(schedule_id(name)).delete()
