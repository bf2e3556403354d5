import asyncpg

from medallion.platform.migrate import apply_migrations, migration_files


async def test_migrations_are_applied_once(migrated_dsn: str, pg_pool: asyncpg.Pool) -> None:
    assert await apply_migrations(migrated_dsn) == []
    applied = await pg_pool.fetchval("SELECT count(*) FROM schema_migrations")
    assert applied == len(migration_files())


async def test_bronze_payload_columns_match_the_contract(pg_pool: asyncpg.Pool) -> None:
    columns = await pg_pool.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'bronze_payloads'"
    )
    assert {c["column_name"] for c in columns} == {
        "bronze_id", "case_id", "source", "source_system", "request_method", "request_url",
        "http_status", "content_type", "payload_kind", "raw_payload", "raw_text", "raw_bytes",
        "payload_sha256", "payload_bytes", "wrapper_variant", "fetched_at", "ingestion_run_id",
        "workflow_id", "activity_attempt",
    }  # fmt: skip
