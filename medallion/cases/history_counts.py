"""What one run wrote to Temporal, counted from its history and its description: the figures
workflow 1.0 keeps lean for a happy-path case (docs/workflow.md)."""

from dataclasses import dataclass
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle, WorkflowHistory

_WORKFLOW_TASK_EVENTS = frozenset(
    {
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    }
)


@dataclass(frozen=True)
class HistoryCounts:
    # Events besides workflow-task events (those depend on when activities finish).
    events: int
    workflow_task_events: int
    # Search-attribute upserts after the start, and markers (patches, local activities).
    upserts: int
    markers: int
    # The history's size as the server counts it, and its mutable-state transitions.
    bytes: int
    state_transitions: int
    # The run's result, in bytes as stored.
    result_bytes: int
    event_types: tuple[str, ...]


def counted(history: WorkflowHistory, history_bytes: int, state_transitions: int) -> HistoryCounts:
    events = history.events
    other = [e for e in events if e.event_type not in _WORKFLOW_TASK_EVENTS]
    completed = [
        e.workflow_execution_completed_event_attributes.result.ByteSize()
        for e in events
        if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
    ]
    return HistoryCounts(
        events=len(other),
        workflow_task_events=len(events) - len(other),
        upserts=sum(
            e.event_type == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES for e in events
        ),
        markers=sum(e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED for e in events),
        bytes=history_bytes,
        state_transitions=state_transitions,
        result_bytes=sum(completed),
        event_types=tuple(EventType.Name(e.event_type).removeprefix("EVENT_TYPE_") for e in other),
    )


async def history_counts(handle: WorkflowHandle[Any, Any]) -> HistoryCounts:
    """The counts of the handle's run (closed, so the figures are final)."""
    described = await handle.describe()
    info = described.raw_description.workflow_execution_info
    return counted(
        await handle.fetch_history(), info.history_size_bytes, info.state_transition_count
    )
