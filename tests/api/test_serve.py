"""``smartcity serve`` runs the app under uvicorn (a real process on a loopback port)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import REPO
from tests.net import free_port


@pytest.mark.slow
def test_serve_runs_the_app(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SMARTCITY_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        ready = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert ready is not None, "server did not answer"
        assert ready.status_code == 200 and ready.json()["ok"] is True
        contacts = httpx.get(f"http://127.0.0.1:{port}/api/contacts", timeout=60)
        assert contacts.status_code == 200 and contacts.json()["contacts"]
        openapi = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=60).json()
        assert "/api/chat/stream" in openapi["paths"]
        search = httpx.get(
            f"http://127.0.0.1:{port}/api/search", params={"q": "Geheimfrage Ostenland"}, timeout=60
        )
        assert search.status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    log = out.decode("utf-8", "replace")
    assert "Application startup complete" in log, log
    assert "GET /api/search?… HTTP/1.1" in log, log  # the access log is on ...
    assert "Ostenland" not in log  # ... without the query (questions are not logged)
