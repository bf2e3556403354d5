"""Tracing is off unless the OTEL_* variables ask for it; log lines name their trace."""

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from medallion.platform.logs import add_trace_ids
from medallion.platform.tracing import TracingConfigError, exporter_from_environment


@pytest.mark.parametrize(
    "environ",
    [{}, {"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}],
)
def test_tracing_is_off_unless_asked_for(environ: dict[str, str]) -> None:
    assert exporter_from_environment(environ) is None


def test_an_otlp_endpoint_turns_tracing_on() -> None:
    environ = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}

    assert isinstance(exporter_from_environment(environ), OTLPSpanExporter)


def test_the_exporter_can_be_named() -> None:
    assert isinstance(exporter_from_environment({"OTEL_TRACES_EXPORTER": "otlp"}), OTLPSpanExporter)
    console = exporter_from_environment({"OTEL_TRACES_EXPORTER": "console"})
    assert isinstance(console, ConsoleSpanExporter)


def test_an_unknown_exporter_is_refused_by_name() -> None:
    with pytest.raises(TracingConfigError, match="'zipkin'"):
        exporter_from_environment({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_a_line_inside_a_span_names_its_trace() -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        event = add_trace_ids(None, "info", {"event": "fetched"})

    context = span.get_span_context()
    assert event["trace_id"] == f"{context.trace_id:032x}"
    assert event["span_id"] == f"{context.span_id:016x}"


def test_a_line_outside_any_span_has_no_trace_id() -> None:
    assert "trace_id" not in add_trace_ids(None, "info", {"event": "started"})
