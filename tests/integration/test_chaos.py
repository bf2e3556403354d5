"""The small chaos run (`make chaos` at the scale of the suite): 40 cases through the API of a
stack of its own while the worker is SIGKILLed once and Postgres once, and the sandbox answers
some sources with 503 bursts, 429s and bodies holding a NUL byte. Nothing may be lost, wedged or
duplicated, and Silver and Gold must match a fault-free pass of the same cases."""

from chaos.plan import make_plan
from chaos.report import failures, table
from chaos.run import run_chaos
from tests.support.scratch import scratch_dir

CASES = 40
# Fixed, so the suite stays repeatable; `make chaos` draws a new seed each time.
SEED = 1


def test_a_small_chaos_run_loses_wedges_and_duplicates_nothing() -> None:
    plan = make_plan(SEED, CASES, small=True)
    with scratch_dir() as scratch:
        found = run_chaos(plan, scratch / "stack")

    assert failures(found) == [], table(found)
    assert [d["action"] for d in found["chaos"]["disruptions"]] == ["kill postgres", "kill worker"]
    assert found["chaos"]["odd_bodies_sent"] >= 1
    assert len(found["chaos"]["triggered"]) == CASES
