"""HTTP: ``GET /api/programmes`` and ``POST /api/briefings`` on the sample corpus."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(corpus_services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services=corpus_services)) as test_client:
        yield test_client


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["ok"] is False
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body


def test_programmes_route(client: TestClient) -> None:
    response = client.get(
        "/api/programmes",
        params={"municipality": "Delbrück", "topic": "LoRaWAN", "on": "2026-11-28"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["municipality"] == "Delbrück" and body["on"] == "2026-11-28"
    assert body["profile"]["kreis"] == "Kreis Paderborn"
    by_source = {p["source"].rsplit("/", 1)[-1]: p for p in body["programmes"]}
    pilot = by_source["foerderaufruf-lorawan-pilotprojekte-owl-2024.md"]
    assert pilot["status"] == "expired" and pilot["valid_until"] == "2025-12-31"
    assert by_source["iot-lorawan-infrastruktur-nrw-beispielaufruf.md"]["status"] == "open"
    for p in body["programmes"]:
        assert p["clauses"] and all(c["quote"] and c["doc_id"] for c in p["clauses"])
        if p["status"] == "open":
            assert not p["valid_until"] or p["valid_until"] >= "2026-11-28"
            assert not p["deadline"] or p["deadline"] >= "2026-11-28"

    earlier = client.get(
        "/api/programmes",
        params={"municipality": "Delbrück", "topic": "LoRaWAN", "on": "2025-03-01"},
    ).json()
    states = {p["source"].rsplit("/", 1)[-1]: p["status"] for p in earlier["programmes"]}
    assert states["foerderaufruf-lorawan-pilotprojekte-owl-2024.md"] == "deadline_passed"


def test_programmes_bad_input(client: TestClient) -> None:
    body = assert_error(
        client.get("/api/programmes", params={"municipality": "Delbrük", "topic": "x"}),
        404,
        "not_found",
    )
    assert "Delbrück" in body["error"]["message"]  # suggestion
    assert_error(client.get("/api/programmes", params={"topic": "x"}), 422, "invalid_request")
    assert_error(
        client.get("/api/programmes", params={"municipality": "Delbrück", "on": "morgen"}),
        422,
        "invalid_request",
    )


def test_briefing_json_and_downloads(client: TestClient) -> None:
    payload = {"municipality": "Delbrück", "topics": ["LoRaWAN Gebäudemonitoring"]}
    response = client.post("/api/briefings", json={**payload, "format": "json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert [s["key"] for s in data["sections"]] == [
        "summary", "programmes", "projects", "transfer", "contacts", "questions",
    ]  # fmt: skip
    assert {"digitalbuero-owl", "delbrueck-digital"} <= {c["id"] for c in data["contacts"]}
    assert data["references"][0]["n"] == 1

    md = client.post("/api/briefings", json={**payload, "format": "md", "notes": "Termin"})
    assert md.status_code == 200
    assert md.headers["content-type"] == "text/markdown; charset=utf-8"
    disposition = md.headers["content-disposition"]
    assert disposition.startswith("attachment;") and '.md"' in disposition
    assert "briefing-delbrueck-lorawan-gebaeudemonitoring-" in disposition
    assert "## Quellen" in md.text and "Termin" in md.text

    docx = client.post("/api/briefings", json={**payload, "format": "docx"})
    assert docx.status_code == 200
    assert docx.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert docx.headers["content-disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert "Passende Förderprogramme" in text and "[1]" in text

    pdf = client.post("/api/briefings", json={**payload, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    pages = PdfReader(BytesIO(pdf.content)).pages
    assert "Ansprechstellen" in " ".join(p.extract_text() for p in pages)


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"municipality": "Delbrük", "topics": ["LoRaWAN"]}, 404, "not_found"),
        ({"municipality": "Delbrück", "topics": []}, 422, "invalid_request"),
        ({"municipality": "Delbrück", "topics": [" "]}, 422, "invalid_request"),
        ({"municipality": "Delbrück", "topics": ["a"] * 6}, 422, "invalid_request"),
        ({"municipality": "Delbrück", "topics": ["LoRaWAN"], "format": "odt"}, 422,
         "invalid_request"),
        ({"topics": ["LoRaWAN"]}, 422, "invalid_request"),
        ({"municipality": "Delbrück", "topics": ["x" * 201]}, 422, "invalid_request"),
    ],
)  # fmt: skip
def test_briefing_bad_input(
    client: TestClient, payload: dict[str, Any], status: int, code: str
) -> None:
    body = assert_error(client.post("/api/briefings", json=payload), status, code)
    if status == 404:
        assert "Meinten Sie" in body["error"]["message"]


def test_briefing_survives_control_characters_and_missing_glyphs(client: TestClient) -> None:
    payload = {
        "municipality": "delbrück",
        "topics": ["LoRaWAN\u0007 🚀"],
        "notes": "Notiz\u0000 中文",
    }
    pdf = client.post("/api/briefings", json={**payload, "format": "pdf"})
    assert pdf.status_code == 200, pdf.text
    docx = client.post("/api/briefings", json={**payload, "format": "docx"})
    assert docx.status_code == 200, docx.text
    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert "Notiz" in text and "中文" in text and "\u0007" not in text and "\u0000" not in text
