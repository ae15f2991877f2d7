"""The loopback helpers of tests/net.py (free port, waiting for a server, stopping it)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.net import NotReadyError, free_port, http_ok, port_accepts, stop_process, wait_until


class _Status(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/ok" else 503)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


def test_free_port_is_free_and_port_accepts_sees_a_listener() -> None:
    port = free_port()
    assert not port_accepts(port)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()
        assert port_accepts(port)


def test_http_ok_only_for_200() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Status)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert http_ok(base + "/ok")
        assert not http_ok(base + "/not-ready")
    finally:
        server.shutdown()
        server.server_close()
    assert not http_ok(base + "/ok")  # nothing listens any more


def test_wait_until_returns_once_ready_and_reports_why_not() -> None:
    calls: list[int] = []
    wait_until(lambda: calls.append(1) or len(calls) >= 3, timeout_s=5, interval_s=0.01)
    assert len(calls) == 3
    with pytest.raises(NotReadyError, match="not ready after 0 s") as timeout:
        wait_until(lambda: False, timeout_s=0.05, interval_s=0.01)
    assert timeout.value.returncode is None
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    proc.wait(timeout=30)
    with pytest.raises(NotReadyError, match="exited with 3") as exited:
        wait_until(lambda: False, timeout_s=30, proc=proc)
    assert exited.value.returncode == 3


def test_stop_process_kills_what_ignores_terminate() -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print(1, flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"1\n"  # handler installed
    start = time.monotonic()
    stop_process(proc, timeout_s=0.5)
    assert proc.returncode is not None and proc.returncode < 0
    assert time.monotonic() - start < 10
    proc.stdout.close()
