"""make chaos: python -m chaos [--cases N] [--seed S] [--json PATH]

Cases (CHAOS_CASES, default 1,000) go through the API of a stack of its own while the worker is
SIGKILLed twice, Postgres and the Temporal dev server once each, and the sandbox sends 5xx
bursts, timeouts, 429s, expired sessions and bodies Postgres cannot hold as JSON. It prints a
table, writes the findings as JSON, and exits 1 when a promise broke.
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

from chaos.plan import make_plan
from chaos.report import failures, table
from chaos.run import run_chaos
from medallion.platform import settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("CHAOS_CASES") or 1000))
    seed = os.environ.get("CHAOS_SEED")
    parser.add_argument("--seed", type=int, default=int(seed) if seed else None)
    down = os.environ.get("CHAOS_POSTGRES_DOWN_S")
    parser.add_argument(
        "--postgres-down-s",
        type=float,
        default=float(down) if down else 3.0,
        help="how long Postgres stays down once killed (CHAOS_POSTGRES_DOWN_S)",
    )
    parser.add_argument("--data-dir", type=Path, default=settings.data_dir() / "chaos")
    parser.add_argument("--json", type=Path, help="default: <data dir>/chaos.json")
    args = parser.parse_args(argv)
    seed_value = args.seed if args.seed is not None else random.randrange(1_000_000)
    print(f"chaos: {args.cases} cases, seed {seed_value}", flush=True)
    found = run_chaos(
        make_plan(seed_value, args.cases, small=False, postgres_down_s=args.postgres_down_s),
        args.data_dir.resolve(),
    )
    json_path = args.json or args.data_dir / "chaos.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(found, indent=2, default=str) + "\n")
    print(table(found))
    broken = failures(found)
    for problem in broken:
        print(f"FAILED: {problem}", file=sys.stderr)
    print(f"findings written to {json_path}; {'FAILED' if broken else 'passed'}")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
