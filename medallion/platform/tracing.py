"""OpenTelemetry traces: one trace per trigger, from the POST through the workflow and each
activity to every source call and every SQL statement.

Off unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER (`otlp` or `console`) is set;
the exporter then reads the standard OTEL_* variables itself (headers, timeout, sampler, resource
attributes). The API (FastAPI), the Temporal client and worker (the SDK's TracingInterceptor,
which carries the context through workflow and activity headers), httpx and asyncpg are
instrumented. Spans carry routes, URLs and statements, never parameters or bodies: SQL
parameters stay bound and unrecorded, and source credentials travel in headers, which are not
recorded.
"""

import os
from collections.abc import Mapping

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
    SpanProcessor,
)
from temporalio.client import Interceptor
from temporalio.contrib.opentelemetry import TracingInterceptor

EXPORTERS = ("otlp", "console")
# Routes whose every hit would be a trace of its own, telling nothing.
UNTRACED_ROUTES = "/metrics,/api/health,/api/health/live,/api/health/ready"


class TracingConfigError(ValueError):
    """OTEL_TRACES_EXPORTER names an exporter this service does not ship."""


def exporter_from_environment(environ: Mapping[str, str] | None = None) -> SpanExporter | None:
    """The exporter the OTEL_* variables ask for, or None when tracing is off."""
    env = os.environ if environ is None else environ
    name = env.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if name == "none" or (not name and not env.get("OTEL_EXPORTER_OTLP_ENDPOINT")):
        return None
    if name in ("", "otlp"):
        # Imported only when used: it pulls in protobuf message classes of its own.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    if name == "console":
        return ConsoleSpanExporter()
    raise TracingConfigError(
        f"OTEL_TRACES_EXPORTER={name!r} is not supported: use one of {', '.join(EXPORTERS)}"
    )


class Tracing:
    """A tracer provider and the instrumentation that feeds it, for one process."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self._libraries = (HTTPXClientInstrumentor(), AsyncPGInstrumentor())

    @classmethod
    def from_environment(cls, service_name: str) -> "Tracing | None":
        """Tracing as the environment configures it, made the process's global; None when off."""
        exporter = exporter_from_environment()
        if exporter is None:
            return None
        tracing = cls.with_processor(service_name, BatchSpanProcessor(exporter))
        trace.set_tracer_provider(tracing.provider)
        return tracing

    @classmethod
    def with_processor(cls, service_name: str, processor: SpanProcessor) -> "Tracing":
        # OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the default name.
        resource = Resource.create({SERVICE_NAME: service_name}).merge(Resource.create())
        provider = TracerProvider(resource=resource)
        provider.add_span_processor(processor)
        return cls(provider)

    def temporal_interceptors(self) -> list[Interceptor]:
        """For the client; workers built on that client use it too."""
        # A case no request started (a schedule's refresh starts it as a child) still gets one
        # trace, rooted at its start; without this, each of its activities would be a trace.
        tracer = self.provider.get_tracer("temporalio")
        return [TracingInterceptor(tracer, always_create_workflow_spans=True)]

    def instrument_app(self, app: FastAPI) -> None:
        FastAPIInstrumentor.instrument_app(
            app, tracer_provider=self.provider, excluded_urls=UNTRACED_ROUTES
        )

    def instrument_libraries(self) -> None:
        """httpx and asyncpg, process-wide (their classes are patched)."""
        for instrumentor in self._libraries:
            instrumentor.instrument(tracer_provider=self.provider)

    def shutdown(self) -> None:
        """Flush what is pending and undo the library patches."""
        for instrumentor in self._libraries:
            instrumentor.uninstrument()
        self.provider.shutdown()
