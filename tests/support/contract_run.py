"""One schemathesis run against a served API, in a process of its own:

    python -m tests.support.contract_run URL [API_KEY]

prints every failed check and every error, one JSON string each, as a JSON list.

A process, not a thread of the test's: under pytest, importing schemathesis (or hypothesis,
which it drives) compiles the module through pytest's assertion rewriting, since both are pytest
plugins. CPython 3.11's AST conversion is not thread-safe, so a lazy import there while another
thread of the test compiles fails with "AST constructor recursion depth mismatch". Out here
nothing rewrites, and hypothesis's generation takes no GIL from the test's worker.
"""

import json
import sys

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine.events import FatalError, NonFatalError, ScenarioFinished
from schemathesis.engine.recorder import CheckFailureInfo

MAX_EXAMPLES = 3
STATEFUL_STEPS = 5
READINESS = ["2XX", "3XX", "4XX", 503]


def contract_config(api_key: str | None) -> SchemathesisConfig:
    config: dict[str, object] = {
        "seed": 1,
        "workers": 1,
        "request-timeout": 20,
        "max-redirects": 0,  # the UI routes redirect to the Temporal UI, not part of this API
        "generation": {"max-examples": MAX_EXAMPLES},
        "phases": {"stateful": {"max-steps": STATEFUL_STEPS}},
        "operations": [
            # Readiness answers 503, as documented, while a worker is too busy to poll.
            {
                "include-path-regex": "/health",
                "checks": {"not_a_server_error": {"expected-statuses": READINESS}},
            },
            # The coverage phase's valid batch at the limit is 1,000 new cases: minutes of work
            # for the worker on a test machine. Its invalid batches (1,001 ids, bad items) go.
            {
                "include-path": "/api/extract/batch",
                "phases": {"coverage": {"generation": {"mode": "negative"}}},
            },
        ],
    }
    if api_key:
        config["headers"] = {"X-API-Key": api_key}
    return SchemathesisConfig.from_dict(config)


def problems_found(url: str, api_key: str | None) -> list[str]:
    """Every failed check and every error of a full run, one line each."""
    schema = schemathesis.openapi.from_url(
        f"{url}/openapi.json", config=contract_config(api_key)
    ).exclude(path_regex=r"/events$")  # a stream answers until its run closes: no timely answer
    found: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished):
            for checks in event.recorder.checks.values():
                found += [
                    f"{event.phase} {event.label}: {check.name}: {_described(check.failure_info)}"
                    for check in checks
                    if check.status == Status.FAILURE
                ]
        elif isinstance(event, NonFatalError):
            found.append(f"error in {event.label}: {event.value!r}")
        elif isinstance(event, FatalError):
            found.append(f"fatal error: {event.exception!r}")
    return sorted(set(found))


def _described(info: CheckFailureInfo | None) -> str:
    """What failed and the request that shows it (curl), for whoever reads the assertion."""
    if info is None:
        return "no detail"
    return f"{info.failure.title}\n{info.failure.message}\n{info.code_sample}"


if __name__ == "__main__":
    url, api_key = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    print(json.dumps(problems_found(url, api_key)))
