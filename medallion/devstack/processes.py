"""Child processes of the dev stack: started with their output in a log file, stopped politely."""

import os
import random
import signal
import socket
import subprocess
import time
from pathlib import Path


class PortTaken(RuntimeError):
    pass


def ensure_port_free(host: str, port: int, what: str, setting: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            raise PortTaken(
                f"port {port} for the {what} is already in use: stop what holds it "
                f"or choose another with {setting}=<port>"
            ) from None


# Free ports are drawn from here up to the kernel's ephemeral range.
LOWEST_FREE_PORT = 20000


def ephemeral_port_range() -> tuple[int, int]:
    """The ports the kernel hands out to outgoing connections and port-0 binds."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing holds now, below the ephemeral range: between this answer and the bind
    that uses it, no outgoing connection or port-0 bind elsewhere can take it."""
    below, _ = ephemeral_port_range()
    draw = random.SystemRandom()
    for _ in range(200):
        port = draw.randrange(LOWEST_FREE_PORT, max(below, LOWEST_FREE_PORT + 1000))
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port on {host} between {LOWEST_FREE_PORT} and {below}")


def wait_for_port(host: str, port: int, timeout_s: float, process: "ManagedProcess") -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.exited():
            raise RuntimeError(f"{process.name} exited early; see {process.log_path}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{process.name} did not listen on {host}:{port} within {timeout_s:.0f}s")


class ManagedProcess:
    def __init__(
        self,
        name: str,
        command: list[str],
        log_path: Path,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.command = command
        self.log_path = log_path
        self.env = env
        self.cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> "ManagedProcess":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            self.command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(self.env or {})},
            cwd=self.cwd,
            # Its own process group: Ctrl-C reaches the supervisor, which stops children in order.
            start_new_session=True,
        )
        log.close()
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        return self._process.poll() if self._process is not None else None

    def exited(self) -> bool:
        return self._process is not None and self._process.poll() is not None

    def kill(self) -> None:
        """SIGKILL, no drain: what a crash or an OOM kill does to the process."""
        process = self._process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self, timeout_s: float = 20.0) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
