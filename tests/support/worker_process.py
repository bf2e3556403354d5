"""`python worker.py` as a child process, joined to a test's stack through its environment."""

import sys
from pathlib import Path

from medallion.devstack.processes import ManagedProcess
from medallion.platform.settings import PROJECT_ROOT, Settings


def worker_process(
    settings: Settings, log_dir: Path, name: str = "worker", **extra_env: str
) -> ManagedProcess:
    env = {
        "MEDALLION_STACK_FILE": "/dev/null",
        "DATABASE_URL": settings.require_database_url(),
        "TEMPORAL_ADDRESS": settings.temporal_address,
        "TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "SANDBOX_URL": settings.sandbox_url or "",
        "WORKER_GRACEFUL_SHUTDOWN_S": "30",
        "LOG_FORMAT": "json",
        "MEDALLION_CODEC_KEYS": settings.codec_keys()[0].to_setting(),
        "MEDALLION_WEBHOOK_BLOCK_PRIVATE": str(settings.medallion_webhook_block_private),
        **extra_env,
    }
    return ManagedProcess(
        name, [sys.executable, str(PROJECT_ROOT / "worker.py")], log_dir / f"{name}.log", env
    )
