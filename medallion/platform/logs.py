"""Structured logs through structlog: JSON for machines, a readable console for people.

Every process calls `configure_logging` once. Standard-library loggers (ours, uvicorn's,
Temporal's) render through the same processors, so a line carries the same fields whoever wrote
it: `case_id`, and `workflow_id`/`run_id` inside a workflow or activity; the API adds
`request_id`; with tracing on, `trace_id` and `span_id` join a line to its trace. Callers pass
ids and counts in `extra`, never payloads.
"""

import logging
import re
import sys
from typing import Any, Literal

import structlog
from opentelemetry import trace
from structlog.typing import EventDict, Processor
from temporalio import activity, workflow

from medallion.cases.run_state import WORKFLOW_ID_PREFIX

LogFormat = Literal["json", "console"]

# Words in a key that mark its value as a taxpayer identifier or a secret: never rendered.
_SENSITIVE_WORDS = {
    "ssn", "tin", "taxpayer", "name", "dob", "birth", "birthdate", "address", "street", "phone",
    "email", "password", "secret", "token", "apikey",
}  # fmt: skip
_NOT_SENSITIVE = {"logger", "logger_name", "event", "level", "timestamp"}
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
REDACTED = "[redacted]"


def default_format() -> LogFormat:
    """Without LOG_FORMAT: a console for a terminal, JSON for everything else."""
    return "console" if sys.stderr.isatty() else "json"


def add_temporal_ids(_: Any, __: str, event: EventDict) -> EventDict:
    """Flatten Temporal's logger-adapter details; inside an activity, read them from its info."""
    details = event.pop("temporal_activity", None) or event.pop("temporal_workflow", None)
    if details is None and activity.in_activity():
        info = activity.info()
        details = {"workflow_id": info.workflow_id, "workflow_run_id": info.workflow_run_id}
        details |= {"activity_type": info.activity_type, "attempt": info.attempt}
    if details:
        event.setdefault("workflow_id", details.get("workflow_id"))
        event.setdefault("run_id", details.get("run_id") or details.get("workflow_run_id"))
        for key in ("activity_type", "workflow_type", "attempt"):
            if key in details:
                event.setdefault(key, details[key])
    workflow_id = event.get("workflow_id")
    is_case_workflow = isinstance(workflow_id, str) and workflow_id.startswith(WORKFLOW_ID_PREFIX)
    if "case_id" not in event and is_case_workflow:
        event["case_id"] = str(workflow_id).removeprefix(WORKFLOW_ID_PREFIX)
    return event


def add_trace_ids(_: Any, __: str, event: EventDict) -> EventDict:
    """`trace_id` and `span_id` of the span the line is written in (tracing.py)."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", f"{context.trace_id:032x}")
        event.setdefault("span_id", f"{context.span_id:016x}")
    return event


def redact_identifiers(_: Any, __: str, event: EventDict) -> EventDict:
    """A last guard: identifier-like keys are blanked and SSN-shaped text is masked."""
    for key, value in list(event.items()):
        if _is_sensitive(key) and value is not None:
            event[key] = REDACTED
        elif isinstance(value, str) and _SSN.search(value):
            event[key] = _SSN.sub(REDACTED, value)
    return event


def _is_sensitive(key: str) -> bool:
    if key in _NOT_SENSITIVE:
        return False
    words = key.lower().replace("api_key", "apikey").split("_")
    return bool(_SENSITIVE_WORDS.intersection(words))


def _drop_color_message(_: Any, __: str, event: EventDict) -> EventDict:
    # uvicorn passes a colored copy of its message in `extra`; the plain one is enough.
    event.pop("color_message", None)
    return event


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        _drop_color_message,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_temporal_ids,
        add_trace_ids,
        redact_identifiers,
    ]


def renderer(log_format: LogFormat) -> Processor:
    if log_format == "json":
        return structlog.processors.JSONRenderer()
    return structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())


def configure_logging(log_format: LogFormat | None = None, level: int | str = logging.INFO) -> None:
    """`level`: a number or a name (LOG_LEVEL: DEBUG, INFO, WARNING, ERROR, CRITICAL)."""
    log_format = log_format or default_format()
    shared = _shared_processors()
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer(log_format),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn installs its own handlers, format and level: route its loggers through ours.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(logging.NOTSET)  # LOG_LEVEL, not uvicorn's --log-level
    # Temporal's adapters also append their details to the message; they are fields here.
    activity.logger.activity_info_on_message = False
    workflow.logger.workflow_info_on_message = False
    # httpx logs every request URL at INFO; URLs carry case ids only, but keep the noise down.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def bind(**values: Any) -> None:
    """Add fields to every line logged from this context (request, task) onwards."""
    structlog.contextvars.bind_contextvars(**values)
