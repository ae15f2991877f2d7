"""Loopback helpers for tests and benchmarks that start servers: a free port, waiting until a
server is up (while watching its process), and stopping a server process."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable

HOST = "127.0.0.1"


class NotReadyError(RuntimeError):
    """A server did not come up: its process exited (``returncode``) or the time ran out
    (``returncode`` is None)."""

    def __init__(self, message: str, returncode: int | None = None) -> None:
        super().__init__(message)
        self.returncode = returncode


def free_port(host: str = HOST) -> int:
    """A port nothing listens on (at the moment of asking)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_accepts(port: int, host: str = HOST) -> bool:
    """Whether a TCP connection to ``host:port`` is accepted."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def http_ok(url: str, timeout_s: float = 2.0) -> bool:
    """Whether ``GET url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until(
    ready: Callable[[], bool],
    *,
    timeout_s: float,
    proc: subprocess.Popen[bytes] | None = None,
    interval_s: float = 0.3,
    what: str = "the server",
) -> None:
    """Poll ``ready()`` until it is true; ``NotReadyError`` when ``proc`` exits first or
    ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    while not ready():
        if proc is not None and proc.poll() is not None:
            raise NotReadyError(f"{what} exited with {proc.returncode}", proc.returncode)
        if time.monotonic() > deadline:
            raise NotReadyError(f"{what} was not ready after {timeout_s:.0f} s")
        time.sleep(interval_s)


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 15) -> None:
    """Terminate ``proc``; kill it when it has not ended after ``timeout_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
