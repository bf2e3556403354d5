"""Apply `migrations/NNN_name.sql` in order, each once, under a lock, then load the reference
data the repository ships (`medallion.reference.shipped`; idempotent).

Run as `python -m medallion.platform.migrate` (uses DATABASE_URL / the stack settings); the dev
stack and the test fixtures call `apply_migrations` directly.
"""

import asyncio
import logging
from pathlib import Path

import asyncpg

from medallion.reference.shipped import load_shipped

# The repository root: medallion/platform/ is two levels below it.
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"

# Any constant works; it only has to be the same for every process that migrates.
_MIGRATION_LOCK_KEY = 0x6D656461

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""

log = logging.getLogger(__name__)


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[Path]:
    return sorted(directory.glob("[0-9][0-9][0-9]_*.sql"))


async def apply_migrations(dsn: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations; return the versions applied by this call."""
    conn = await asyncpg.connect(dsn)
    applied: list[str] = []
    try:
        # A session lock, so concurrent starters (API, worker, stack) wait instead of racing.
        await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK_KEY)
        try:
            await conn.execute(_CREATE_LEDGER)
            done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
            for path in migration_files(directory):
                version = path.stem
                if version in done:
                    continue
                async with conn.transaction():
                    await conn.execute(path.read_text())
                    await conn.execute(
                        "INSERT INTO schema_migrations (version) VALUES ($1)", version
                    )
                log.info("migration applied", extra={"version": version})
                applied.append(version)
            await load_shipped(conn)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK_KEY)
    finally:
        await conn.close()
    return applied


def main() -> None:
    from medallion.platform.logs import configure_logging
    from medallion.platform.settings import load_settings

    settings = load_settings()
    configure_logging(settings.log_format, settings.log_level)
    applied = asyncio.run(apply_migrations(settings.require_database_url()))
    print(f"migrations applied: {len(applied)} ({', '.join(applied) or 'none pending'})")


if __name__ == "__main__":
    main()
