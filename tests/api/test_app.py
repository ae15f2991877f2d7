"""The HTTP app: search, health, and the one error shape (real app, real index)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from assistant.settings import Settings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path / "data")
    doc = tmp_path / "lora.md"
    doc.write_text(
        "---\ntitle: LoRaWAN in Delbrück\ndoc_type: project_report\nregion: OWL\n---\n"
        "## Ergebnisse\n\nFunkzähler melden den Wasserverbrauch der Schulen stündlich.\n",
        encoding="utf-8",
    )
    services = Services.build(settings)
    assert not services.pipeline.run([doc]).failed
    services.close()
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def assert_error_shape(body: dict[str, object], code: str) -> None:
    assert body["ok"] is False
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message"}
    assert error["code"] == code and error["message"]


def test_search_returns_contract_hits(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "Wasserverbrauch Schule", "k": 3})
    assert response.status_code == 200
    (hit,) = response.json()["results"]
    assert set(hit) == {
        "rank", "score", "chunk_id", "doc_id", "title", "doc_type", "source", "page",
        "section", "text", "metadata",
    }  # fmt: skip
    assert hit["title"] == "LoRaWAN in Delbrück" and hit["section"] == "Ergebnisse"


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"ok": True}
    ready = client.get("/readyz").json()
    assert ready["ok"] is True and ready["chunks"] == 1


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 422, "invalid_request"),
        ({"q": "x", "k": 0}, 422, "invalid_request"),
        ({"q": "x", "type": "bericht"}, 422, "invalid_request"),
        ({"q": "x", "valid_on": "gestern"}, 422, "invalid_request"),
        ({"q": "   "}, 422, "invalid_request"),
    ],
)
def test_errors_have_one_shape(
    client: TestClient, params: dict[str, object], status: int, code: str
) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == status
    assert_error_shape(response.json(), code)


def test_unknown_route_and_method_use_the_shape(client: TestClient) -> None:
    assert_error_shape(client.get("/api/nichts").json(), "not_found")
    response = client.post("/api/search")
    assert response.status_code == 405
    assert_error_shape(response.json(), "method_not_allowed")
