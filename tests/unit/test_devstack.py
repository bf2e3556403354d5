import socket
from pathlib import Path

import pytest

from medallion.devstack.processes import (
    LOWEST_FREE_PORT,
    PortTaken,
    ensure_port_free,
    ephemeral_port_range,
    free_port,
)
from medallion.devstack.temporal import dev_server_command


def test_a_taken_port_is_reported_with_the_setting_that_moves_it() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        with pytest.raises(PortTaken) as caught:
            ensure_port_free("127.0.0.1", port, "API", "MEDALLION_API_PORT")

    assert str(caught.value) == (
        f"port {port} for the API is already in use: stop what holds it "
        "or choose another with MEDALLION_API_PORT=<port>"
    )


def test_a_free_port_passes() -> None:
    ensure_port_free("127.0.0.1", free_port(), "API", "MEDALLION_API_PORT")


def test_free_ports_come_from_below_the_ephemeral_range() -> None:
    # An outgoing connection takes its local port from the ephemeral range, so a port drawn
    # from there could be gone before the process meant to listen on it binds it.
    below, _ = ephemeral_port_range()
    ports = {free_port() for _ in range(50)}
    assert all(LOWEST_FREE_PORT <= port < below for port in ports)


def test_dev_server_registers_the_workflow_search_attributes() -> None:
    command = dev_server_command(host="127.0.0.1", port=7233, ui_port=8233, db_file=None)

    pairs = {command[i + 1] for i, arg in enumerate(command) if arg == "--search-attribute"}
    assert pairs == {"CaseId=Keyword", "IngestionStage=Keyword"}
    assert command[1:3] == ["server", "start-dev"]


def test_dev_server_history_file_uses_wal_without_a_sync_per_commit() -> None:
    command = dev_server_command(
        host="127.0.0.1", port=7233, ui_port=8233, db_file=Path("temporal.db")
    )

    pragmas = [command[i + 1] for i, arg in enumerate(command) if arg == "--sqlite-pragma"]
    assert pragmas == ["journal_mode=wal", "synchronous=normal"]
    assert command[command.index("--db-filename") + 1] == "temporal.db"


def test_dev_server_ui_decodes_through_the_codec_endpoint() -> None:
    command = dev_server_command(
        host="127.0.0.1",
        port=7233,
        ui_port=8233,
        db_file=None,
        codec_endpoint="http://localhost:8000/codec",
    )

    assert command[command.index("--ui-codec-endpoint") + 1] == "http://localhost:8000/codec"
