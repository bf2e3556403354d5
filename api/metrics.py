"""The API's Prometheus metrics: requests and latency per route template, served at /metrics.

`api/request_middleware.py` records them."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter(
    "medallion_api_requests",
    "API requests by method, route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "medallion_api_request_duration_seconds",
    "API request latency by method and route template",
    ["method", "route"],
)

router = APIRouter(tags=["metrics"])


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
