"""`medallion reference …` as a user runs it: what it prints and its exit codes."""

import datetime
import json
from pathlib import Path

from tests.gold import standards_files
from tests.support.cli import run_cli

NO_API = "http://127.0.0.1:9"  # these commands talk to Postgres, never to the API


async def test_list_shows_the_shipped_tables_in_force_on_a_date(migrated_dsn: str) -> None:
    env = {"DATABASE_URL": migrated_dsn}
    result = await run_cli(NO_API, "reference", "list", "--on", "2024-06-30", "--json", env=env)
    assert result.code == 0, result.err
    listed = json.loads(result.out)
    in_force = {(v["kind"], v["effective_from"]) for v in listed if v["in_force"]}
    assert ("housing_utilities", "2024-04-22") in in_force
    assert ("out_of_pocket_health", "2024-04-22") in in_force
    assert ("tax_tables", "2013-01-01") in in_force
    assert ("national_standards", "2025-04-21") not in in_force  # not yet effective


async def test_a_bad_file_exits_2_naming_the_file_and_line(
    migrated_dsn: str, tmp_path: Path
) -> None:
    path = standards_files.health(tmp_path, datetime.date(3500, 1, 1))
    path.write_text(path.read_text().replace("under_65,80", "under_65,-80"))
    result = await run_cli(
        NO_API, "reference", "load", "standards", str(path), env={"DATABASE_URL": migrated_dsn}
    )
    assert result.code == 2
    assert f"{path.name}, line 7: amount_per_person '-80' is not a positive amount" in " ".join(
        result.err.split()
    )


async def test_an_unreachable_database_exits_3() -> None:
    result = await run_cli(
        NO_API, "reference", "list", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    )
    assert result.code == 3
    assert "Postgres is unavailable" in result.err
