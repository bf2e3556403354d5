"""Checks a Prometheus exposition the way `promtool check metrics` does, and the conventions the
standard dashboards rely on: it parses with prometheus_client's parser (a syntax error raises),
then checks names, help, units and histogram structure. `promtool_findings` runs the real tool
when it is on PATH (Debian's `prometheus` package)."""

import math
import re
import shutil
import subprocess
from dataclasses import dataclass, field

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.support.polling import eventually

NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
UNITS = ("_seconds", "_bytes")
RESERVED = ("_total", "_count", "_sum", "_bucket")


def naming_problems(text: str) -> list[str]:
    """Every rule the exposition breaks, one line each; empty when it fits."""
    problems: list[str] = []
    declared = dict(re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M))
    helped = set(re.findall(r"^# HELP (\S+) \S", text, re.M))
    for name, kind in declared.items():
        if not NAME.match(name) or name != name.lower():
            problems.append(f"{name}: not a snake_case metric name")
        if name not in helped:
            problems.append(f"{name}: no help text")
        if "_total_total" in name:
            problems.append(f"{name}: doubled _total suffix")
        if kind == "counter" and not name.endswith("_total"):
            problems.append(f"{name}: a counter whose name does not end in _total")
        if kind == "histogram" and not name.endswith(UNITS):
            problems.append(f"{name}: a histogram without its unit ({' or '.join(UNITS)})")
        if kind in ("gauge", "histogram") and name.endswith(RESERVED):
            problems.append(f"{name}: a {kind} named with a reserved suffix")
    for family in text_string_to_metric_families(text):
        if family.type == "histogram":
            problems += _histogram_problems(family.name, family.samples)
    return problems


@dataclass
class _Series:
    buckets: list[tuple[float, float]] = field(default_factory=list)
    count: float | None = None
    total: float | None = None


def _histogram_problems(name: str, samples: list[Sample]) -> list[str]:
    series: dict[tuple[tuple[str, str], ...], _Series] = {}
    for sample in samples:
        labels = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
        entry = series.setdefault(labels, _Series())
        if sample.name.endswith("_bucket"):
            entry.buckets.append((float(sample.labels["le"]), sample.value))
        elif sample.name.endswith("_count"):
            entry.count = sample.value
        elif sample.name.endswith("_sum"):
            entry.total = sample.value
    problems = []
    for labels, entry in series.items():
        buckets = sorted(entry.buckets)
        counts = [count for _, count in buckets]
        where = f"{name}{dict(labels)}"
        if not buckets or not math.isinf(buckets[-1][0]):
            problems.append(f"{where}: no +Inf bucket")
        elif counts != sorted(counts):
            problems.append(f"{where}: bucket counts are not cumulative")
        elif entry.total is None or entry.count != counts[-1]:
            problems.append(f"{where}: _count/_sum missing or _count != the +Inf bucket")
    return problems


def promtool_findings(text: str) -> str | None:
    """`promtool check metrics` output when it finds anything; None when clean or not installed."""
    promtool = shutil.which("promtool")
    if promtool is None:
        return None
    checked = subprocess.run(
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60
    )
    findings = (checked.stdout + checked.stderr).strip()
    return findings if checked.returncode != 0 or findings else None


async def worker_exposition_once_completed(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """The worker's /metrics once it counts a completed run. The status says complete when
    Gold's transaction records the close; the worker counts the run when it ends, a workflow
    task later."""
    return await eventually(
        lambda: client.get(url),
        lambda r: 'medallion_cases_total{event="completed"' in r.text,
        timeout_s=30,
    )
