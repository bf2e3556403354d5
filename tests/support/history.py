"""A run's history: read once it has ended, and the payloads in its JSON form (as `temporal
workflow show` prints)."""

import base64
from collections.abc import Iterator
from typing import Any

from google.protobuf import json_format
from temporalio.api.common.v1 import Payload
from temporalio.client import WorkflowHandle, WorkflowHistory, WorkflowHistoryEventFilterType
from temporalio.converter import PayloadCodec

# Payloads Temporal keeps in clear by design: search attributes are indexed; marker details
# `data` (a local activity's seq, attempt, type and times) and `patch-data` (patch ids) are the
# SDK's own bookkeeping. Everything else goes through the codec.
CLEAR_BY_DESIGN = frozenset({"searchAttributes", "data", "patch-data"})


async def run_ended(handle: WorkflowHandle[Any, Any]) -> None:
    """Wait (on the server's long poll) for the run's close event. The status says complete a
    workflow task earlier, when Gold records the close; the final upsert and the result follow."""
    close = WorkflowHistoryEventFilterType.CLOSE_EVENT
    async for _ in handle.fetch_history_events(wait_new_event=True, event_filter_type=close):
        break


async def ended_history(handle: WorkflowHandle[Any, Any]) -> WorkflowHistory:
    """The run's whole history, read once it has ended."""
    await run_ended(handle)
    return await handle.fetch_history()


def payloads_in(node: Any, *, skip: frozenset[str] = frozenset()) -> Iterator[Payload]:
    """Every payload in a history JSON tree, leaving out the subtrees named in `skip`."""
    if isinstance(node, dict):
        if isinstance(node.get("metadata"), dict) and set(node) <= {"metadata", "data"}:
            yield json_format.ParseDict(node, Payload())
            return
        for key, value in node.items():
            if key not in skip:
                yield from payloads_in(value, skip=skip)
    elif isinstance(node, list):
        for item in node:
            yield from payloads_in(item, skip=skip)


def search_attributes(node: Any) -> dict[str, set[str]]:
    """Every search attribute the history sets, by name, with the JSON of each value set."""
    found: dict[str, set[str]] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "searchAttributes":
                for name, field in value.get("indexedFields", {}).items():
                    raw = base64.b64decode(field.get("data", "")).decode()
                    found.setdefault(name, set()).add(raw)
            else:
                for name, values in search_attributes(value).items():
                    found.setdefault(name, set()).update(values)
    elif isinstance(node, list):
        for item in node:
            for name, values in search_attributes(item).items():
                found.setdefault(name, set()).update(values)
    return found


async def decoded(node: Any, codec: PayloadCodec) -> Any:
    """The history JSON tree with every payload decoded by `codec` (as the UI shows it)."""
    if isinstance(node, dict):
        if isinstance(node.get("metadata"), dict) and set(node) <= {"metadata", "data"}:
            (payload,) = await codec.decode([json_format.ParseDict(node, Payload())])
            return json_format.MessageToDict(payload)
        return {key: await decoded(value, codec) for key, value in node.items()}
    if isinstance(node, list):
        return [await decoded(item, codec) for item in node]
    return node
