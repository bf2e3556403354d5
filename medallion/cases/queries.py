"""Case-keyed reads for the status report: Bronze per source and the recorded runs, and the
snapshot of both a run records as it closes (DOMAIN 5)."""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from asyncpg import Pool, Record
from pydantic import TypeAdapter

from medallion.cases.layers import LAYERS_SQL, CaseLayers, layers_of
from medallion.cases.run_state import IngestionStatus, Stage
from medallion.platform.db import Connection
from medallion.sources.names import SOURCES

_SOURCE_STATS = """
WITH sources(source) AS (SELECT unnest($2::text[])),
payloads AS (
    SELECT source, count(*) AS n FROM bronze_payloads WHERE case_id = $1 GROUP BY source
),
latest_attempt AS (
    SELECT DISTINCT ON (source) source, outcome, http_status, error_message, started_at
      FROM bronze_fetch_attempts WHERE case_id = $1
     ORDER BY source, started_at DESC, attempt_id DESC
),
run_attempts AS (
    SELECT source, count(*) AS n FROM bronze_fetch_attempts
     WHERE case_id = $1 AND ingestion_run_id = $3 GROUP BY source
),
last_success AS (
    SELECT max(started_at) AS at FROM bronze_fetch_attempts
     WHERE case_id = $1 AND outcome IN ('stored', 'duplicate', 'empty')
),
documents AS (
    SELECT count(*) AS pdfs,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM bronze_documents o
                WHERE o.case_id = d.case_id AND o.document_id <> d.document_id
                  AND o.file_names && d.file_names)) AS same_name_different_content
      FROM bronze_documents d WHERE case_id = $1
)
SELECT s.source,
       coalesce(p.n, 0) AS payloads,
       c.bronze_id AS current_bronze_id,
       c.fetched_at AS last_fetched_at,
       a.outcome, a.http_status, a.error_message,
       coalesce(r.n, 0) AS run_attempts,
       (SELECT at FROM last_success) AS last_success_at,
       doc.pdfs, doc.same_name_different_content
  FROM sources s
 CROSS JOIN documents doc
  LEFT JOIN payloads p ON p.source = s.source
  LEFT JOIN bronze_current c ON c.case_id = $1 AND c.source = s.source
  LEFT JOIN latest_attempt a ON a.source = s.source
  LEFT JOIN run_attempts r ON r.source = s.source
"""

# The case's Silver and Gold counts ride on each source's row: two reads, one round trip.
_SOURCE_STATS_AND_LAYERS = f"SELECT b.*, l.* FROM ({_SOURCE_STATS}) b CROSS JOIN ({LAYERS_SQL}) l"

_CASE = "SELECT case_number FROM cases WHERE case_id = $1"

_RUN_STAGE = "SELECT stage FROM ingestion_runs WHERE run_id = $1"

_RUNS = """
SELECT run_id, stage, started_at, closed_at, outcome::text, NULL AS snapshot
  FROM ingestion_runs WHERE case_id = $1 ORDER BY started_at DESC LIMIT 20
"""

# The case's number on every row; one row with null run columns when the case has no run. The
# snapshot only of the latest run: the report reads no other.
_CASE_AND_RUNS = """
SELECT c.case_number, r.run_id, r.stage, r.started_at, r.closed_at, r.outcome::text,
       CASE WHEN r.latest THEN r.snapshot::text END AS snapshot
  FROM cases c
  LEFT JOIN LATERAL (
      SELECT *, row_number() OVER (ORDER BY started_at DESC) = 1 AS latest
        FROM ingestion_runs WHERE case_id = c.case_id ORDER BY started_at DESC LIMIT 20
  ) r ON true
 WHERE c.case_id = $1
"""


@dataclass(frozen=True)
class SourceStats:
    source: str
    payloads: int
    current_bronze_id: str | None
    last_fetched_at: datetime | None
    last_outcome: str | None
    last_http_status: int | None
    last_error: str | None
    run_attempts: int


@dataclass(frozen=True)
class RecordedRun:
    run_id: str
    stage: Stage
    started_at: datetime
    closed_at: datetime | None
    outcome_json: str | None
    snapshot_json: str | None = None

    @cached_property
    def outcome(self) -> IngestionStatus | None:
        """The workflow's status as it closed (None while the run is open). Parsed when asked:
        a report reads one or two of the runs it loads."""
        return _OUTCOME.validate_json(self.outcome_json) if self.outcome_json else None

    @cached_property
    def snapshot(self) -> "CaseSnapshot | None":
        """Bronze, Silver and Gold as the run closed (None while open, or closed before the
        snapshot was kept)."""
        return _SNAPSHOT.validate_json(self.snapshot_json) if self.snapshot_json else None


_OUTCOME = TypeAdapter(IngestionStatus)


@dataclass(frozen=True)
class BronzeStats:
    sources: dict[str, SourceStats]
    last_success_at: datetime | None
    pdfs: int
    same_name_different_content: int

    @property
    def total_payloads(self) -> int:
        return sum(s.payloads for s in self.sources.values())


@dataclass(frozen=True)
class CaseSnapshot:
    """What the status report shows of a case's layers, as of one moment."""

    bronze: BronzeStats
    layers: CaseLayers


_SNAPSHOT = TypeAdapter(CaseSnapshot)


async def case_snapshot(conn: Connection, case_id: str, run_id: str | None) -> CaseSnapshot:
    bronze, layers = await bronze_stats_and_layers(conn, case_id, SOURCES, run_id)
    return CaseSnapshot(bronze, layers)


def snapshot_to_json(snapshot: CaseSnapshot) -> str:
    return _SNAPSHOT.dump_json(snapshot).decode()


async def case_number(conn: Connection, case_id: str) -> str | None:
    number: str | None = await conn.fetchval(_CASE, case_id)
    return number


async def bronze_stats(
    conn: Connection, case_id: str, sources: tuple[str, ...], run_id: str | None
) -> BronzeStats:
    """Per source, and the case's documents (on every row), in one round trip."""
    return _bronze_stats_of(await conn.fetch(_SOURCE_STATS, case_id, list(sources), run_id or ""))


async def bronze_stats_and_layers(
    conn: Connection, case_id: str, sources: tuple[str, ...], run_id: str | None
) -> tuple[BronzeStats, CaseLayers]:
    """`bronze_stats` and the case's Silver and Gold counts in one round trip."""
    rows = await conn.fetch(_SOURCE_STATS_AND_LAYERS, case_id, list(sources), run_id or "")
    return _bronze_stats_of(rows), layers_of(rows[0])


def _bronze_stats_of(rows: list[Record]) -> BronzeStats:
    stats = {
        r["source"]: SourceStats(
            source=r["source"],
            payloads=r["payloads"],
            current_bronze_id=str(r["current_bronze_id"]) if r["current_bronze_id"] else None,
            last_fetched_at=r["last_fetched_at"],
            last_outcome=r["outcome"],
            last_http_status=r["http_status"],
            last_error=r["error_message"],
            run_attempts=r["run_attempts"],
        )
        for r in rows
    }
    return BronzeStats(
        sources=stats,
        last_success_at=rows[0]["last_success_at"] if rows else None,
        pdfs=rows[0]["pdfs"] if rows else 0,
        same_name_different_content=rows[0]["same_name_different_content"] if rows else 0,
    )


async def recorded_stage(db: Connection | Pool, run_id: str) -> Stage | None:
    """The stage the run last recorded; None for a run Postgres does not know."""
    stage: str | None = await db.fetchval(_RUN_STAGE, run_id)
    return Stage(stage) if stage is not None else None


async def recorded_runs(conn: Connection, case_id: str) -> list[RecordedRun]:
    return [_recorded_run(r) for r in await conn.fetch(_RUNS, case_id)]


async def case_and_runs(conn: Connection, case_id: str) -> tuple[str | None, list[RecordedRun]]:
    """The case's number (None for a case never registered) and its latest runs, newest first,
    in one round trip."""
    rows = await conn.fetch(_CASE_AND_RUNS, case_id)
    number = rows[0]["case_number"] if rows else None
    return number, [_recorded_run(r) for r in rows if r["run_id"] is not None]


def _recorded_run(row: Record) -> RecordedRun:
    return RecordedRun(
        run_id=row["run_id"],
        stage=Stage(row["stage"]),
        started_at=row["started_at"],
        closed_at=row["closed_at"],
        outcome_json=row["outcome"],
        snapshot_json=row["snapshot"],
    )
