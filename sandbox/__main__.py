"""python -m sandbox --host 127.0.0.1 --port 8100"""

from __future__ import annotations

import argparse

import uvicorn

from sandbox.app import CASEHELPER_PREFIX, TIPARSER_PREFIX, create_app
from sandbox.settings import SandboxSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Local TiParser and CaseHelper stand-ins."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    base = f"http://{args.host}:{args.port}"
    print(f"TIPARSER_URL={base}{TIPARSER_PREFIX}", flush=True)
    print(f"CASEHELPER_API_URL={base}{CASEHELPER_PREFIX}", flush=True)
    print(f"sandbox admin: {base}/_sandbox (see sandbox/README.md)", flush=True)
    uvicorn.run(
        create_app(SandboxSettings.from_env()),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
    )


if __name__ == "__main__":
    main()
