"""Fixtures of the HTTP tests: a tiny indexed corpus shared by read-only apps, and a real
uvicorn server on a loopback port for streaming and uploads."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from assistant.settings import Settings
from tests.net import free_port

REPO = Path(__file__).resolve().parents[2]
ADMIN_KEY = "admin-schluessel-0123456789"
READ_KEY = "lese-schluessel-0123456789"
QUESTION = "Wie kann man den Wasserverbrauch in Schulen überwachen?"
UNANSWERABLE = "Wie hoch ist die Hundesteuer für Dackel in Castrop-Rauxel?"

MakeClient = Callable[..., TestClient]


SMALL = REPO / "tests" / "fixtures" / "small"


def write_corpus(folder: Path, corpus: Path = SMALL) -> Path:
    """The documents of ``corpus`` (default: three short documents of
    ``tests/fixtures/small``: LoRaWAN in Delbrück, a funding call, parking in Paderborn),
    copied to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(corpus.glob("*.md")):
        (folder / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    return folder


def api_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test app: the repository's contacts and regions, everything else given."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "contacts_path": REPO / "corpus" / "contacts.yaml",
        "regions_path": REPO / "corpus" / "regions.yaml",
    }
    values.update(overrides)
    return Settings(**values)


@contextmanager
def clean_environment() -> Iterator[None]:
    """Without the outer ``SMARTCITY_*`` variables (but the shared dir), for fixtures wider
    than one test (the autouse isolation of tests/conftest.py is per test)."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("SMARTCITY_") and name != "SMARTCITY_SHARED_DIR":
                mp.delenv(name)
        yield


@pytest.fixture(scope="session")
def api_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The tiny corpus indexed once, shared read-only by the TestClient apps."""
    with clean_environment():
        root = tmp_path_factory.mktemp("api-corpus")
        services = Services.build(api_settings(root / "data"))
    report = services.pipeline.run([write_corpus(root / "docs")])
    assert not report.failed
    yield services
    services.close()


@pytest.fixture
def make_client(api_services: Services, tmp_path: Path) -> Iterator[MakeClient]:
    """``make_client(**settings)``: a started TestClient of an app over the shared index,
    with its own data dir (feedback) and the given settings."""
    clients: list[TestClient] = []

    def make(*, services: Services | None = None, **overrides: Any) -> TestClient:
        data_dir = overrides.pop("data_dir", tmp_path / f"app{len(clients)}")
        settings = api_settings(data_dir, **overrides)
        client = TestClient(create_app(settings, services=services or api_services))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


class LiveServer:
    """The real app under uvicorn in a thread, on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@contextmanager
def serve_corpus(root: Path, corpus: Path = SMALL, **overrides: Any) -> Iterator[LiveServer]:
    """A corpus (default: the tiny one) indexed under ``root`` and served by uvicorn with
    ``api_settings(root / "data", **overrides)`` (outer ``SMARTCITY_*`` variables ignored)."""
    with clean_environment():
        settings = api_settings(root / "data", **overrides)
        services = Services.build(settings)
        try:
            assert not services.pipeline.run([write_corpus(root / "docs", corpus)]).failed
        finally:
            services.close()
        with LiveServer(settings) as server:
            yield server


def assert_error_shape(body: dict[str, Any], code: str) -> None:
    """The one error shape with the expected code and a message."""
    assert body["ok"] is False, body
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message"}, body
    assert error["code"] == code and error["message"], body
