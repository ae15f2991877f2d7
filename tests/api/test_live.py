"""Streaming answers and document uploads over real HTTP (uvicorn on a loopback port)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fpdf import FPDF

from tests.api.conftest import (
    ADMIN_KEY,
    QUESTION,
    LiveServer,
    assert_error_shape,
    serve_corpus,
)
from tests.conftest import shared_dir

ADMIN = {"X-API-Key": ADMIN_KEY}
MAX_FILE_MB = 0.1
NEW_DOC = """---
title: Digitale Parkraumbewirtschaftung in Salzkotten
doc_type: project_report
region: OWL
municipality: Salzkotten
---
## Ergebnisse

Salzkotten erfasst die Belegung der Pendlerparkplätze am Bahnhof mit Magnetfeldsensoren.
Die Auslastung wird auf einer Anzeigetafel an der Bundesstraße angezeigt.
"""
NEW_QUESTION = "Wie erfasst Salzkotten die Belegung der Pendlerparkplätze?"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The tiny corpus indexed once; an admin key; small upload limit; no rate limit."""
    with serve_corpus(
        tmp_path_factory.mktemp("live"),
        admin_keys=[ADMIN_KEY],
        rate_limit_per_minute=0,
        max_file_mb=MAX_FILE_MB,
    ) as server:
        yield server


@pytest.fixture
def http(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=120) as client:
        yield client


def sse_events(response: httpx.Response) -> list[tuple[str, Any]]:
    """``(event, data)`` pairs of a server-sent event stream."""
    events: list[tuple[str, Any]] = []
    name, data = "message", []
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if not line:
            if data:
                events.append((name, json.loads("\n".join(data))))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line.removeprefix("event:").strip()
        elif line.startswith("data:"):
            data.append(line.removeprefix("data:").removeprefix(" "))
    return events


def chunk_count(http: httpx.Client) -> int:
    return int(http.get("/readyz").json()["chunks"])


def titles_for(http: httpx.Client, question: str) -> list[str]:
    body = http.post("/api/ask", json={"question": question}).json()
    return [c["title"] for c in body["citations"]]


def upload(
    http: httpx.Client, name: str, data: bytes, *, headers: dict[str, str] | None = None
) -> httpx.Response:
    return http.post(
        "/api/documents",
        files={"file": (name, data, "application/octet-stream")},
        headers=ADMIN if headers is None else headers,
    )


def tiny_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


# -- streaming -------------------------------------------------------------------------------
def test_chat_stream_sends_tokens_then_sources(http: httpx.Client) -> None:
    body = {"question": QUESTION, "municipality": "Delbrück"}
    with http.stream("POST", "/api/chat/stream", json=body) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response)
    names = [name for name, _ in events]
    first_other = next(i for i, n in enumerate(names) if n != "token")
    assert first_other > 3 and set(names[:first_other]) == {"token"}
    assert names[first_other:] == ["citations", "contacts", "done"]
    tokens = "".join(data["text"] for name, data in events if name == "token")
    done = events[-1][1]
    assert set(done) == {"answer", "mode", "kind", "language", "confidence", "notice"}
    assert tokens == done["answer"] and done["mode"] == "extractive"
    citations, contacts = events[-3][1], events[-2][1]
    assert citations[0]["title"] == "LoRaWAN-Gebäudemonitoring in Delbrück"
    assert contacts[0]["id"] == "delbrueck-digital"
    plain = http.post("/api/ask", json=body).json()
    assert plain["answer"] == done["answer"] and plain["citations"] == citations


def test_chat_stream_rejects_bad_requests_before_streaming(http: httpx.Client) -> None:
    response = http.post("/api/chat/stream", json={"question": ""})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")
    assert_error_shape(response.json(), "invalid_request")


# -- uploads ---------------------------------------------------------------------------------
def test_upload_is_indexed_and_answers_from_it(http: httpx.Client, live: LiveServer) -> None:
    before = chunk_count(http)
    assert "Digitale Parkraumbewirtschaftung in Salzkotten" not in titles_for(http, NEW_QUESTION)
    response = upload(http, "../../../etc/salzkotten parken.md", NEW_DOC.encode())
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert response.json()["ok"] is True
    assert report["status"] == "indexed" and report["chunks"] >= 1
    assert report["path"] == "upload/salzkotten_parken.md"
    assert chunk_count(http) == before + report["chunks"]
    assert titles_for(http, NEW_QUESTION)[0] == "Digitale Parkraumbewirtschaftung in Salzkotten"
    stored = list(live.settings.uploads_dir.glob("*/*.md"))
    assert [p.name for p in stored] == ["salzkotten_parken.md"]
    assert not list(live.settings.uploads_dir.glob(".incoming/*"))
    listed = {d["doc_id"]: d for d in http.get("/api/documents").json()["documents"]}
    entry = listed[report["doc_id"]]
    assert entry["status"] == "indexed" and entry["source"] == "upload/salzkotten_parken.md"
    assert entry["title"] == "Digitale Parkraumbewirtschaftung in Salzkotten"
    assert entry["reason"] is None and entry["message"] is None and entry["updated"]
    # the same file again: unchanged
    again = upload(http, "salzkotten parken.md", NEW_DOC.encode())
    assert again.status_code == 200 and again.json()["report"]["status"] == "unchanged"


def test_broken_pdf_is_refused_and_listed(http: httpx.Client) -> None:
    before = chunk_count(http)
    broken = (shared_dir() / "testdata" / "pdfs" / "qpdf_bad2.pdf").read_bytes()
    response = upload(http, "kaputt.pdf", broken)
    assert response.status_code == 422
    assert_error_shape(response.json(), "broken")
    assert chunk_count(http) == before
    failed = [d for d in http.get("/api/documents").json()["documents"] if d["status"] == "failed"]
    assert [(d["source"], d["reason"]) for d in failed] == [("upload/kaputt.pdf", "broken")]
    assert failed[0]["message"]


def test_truncated_pdf_is_broken(http: httpx.Client) -> None:
    data = tiny_pdf("Ein Bericht über Sensoren.")
    response = upload(http, "abgeschnitten.pdf", data[: len(data) // 3])
    assert response.status_code == 422
    assert_error_shape(response.json(), "broken")


def test_upload_limits(http: httpx.Client, live: LiveServer) -> None:
    limit = live.settings.max_file_bytes
    # counted while streaming (the body is under the framing allowance)
    slightly = upload(http, "gross.txt", b"Wort " * (limit // 5 + 10))
    assert slightly.status_code == 413
    assert_error_shape(slightly.json(), "too_large")
    # refused from Content-Length before anything is read
    far = upload(http, "riesig.txt", b"x" * (limit * 3))
    assert far.status_code == 413
    assert_error_shape(far.json(), "too_large")
    for name in ("programm.exe", "bericht.docx", "ohne-endung", "seite.php.html.sh"):
        refused = upload(http, name, b"MZ\x90\x00")
        assert refused.status_code == 415, name
        assert_error_shape(refused.json(), "unsupported_type")
    not_multipart = http.post("/api/documents", content=b"{}", headers=ADMIN)
    assert not_multipart.status_code == 415
    assert_error_shape(not_multipart.json(), "unsupported_type")
    no_file = http.post("/api/documents", files={"note": (None, "x")}, headers=ADMIN)
    assert no_file.status_code == 422
    assert_error_shape(no_file.json(), "invalid_request")
    empty = upload(http, "leer.md", b"")
    assert empty.status_code == 422
    assert_error_shape(empty.json(), "empty")
    assert not list(live.settings.uploads_dir.glob(".incoming/*"))
    assert not list(live.settings.uploads_dir.glob("*/gross.txt"))


def test_upload_needs_the_admin_key(http: httpx.Client) -> None:
    missing = upload(http, "x.md", NEW_DOC.encode(), headers={})
    assert missing.status_code == 401
    assert_error_shape(missing.json(), "unauthorized")
    wrong = upload(http, "x.md", NEW_DOC.encode(), headers={"X-API-Key": "falsch"})
    assert wrong.status_code == 403
    assert_error_shape(wrong.json(), "forbidden")


def test_pdf_upload_file_and_content(http: httpx.Client) -> None:
    text = "Bericht Kreis Höxter: Glasfaser erreicht alle Schulen bis 2027."
    response = upload(http, "hoexter.pdf", tiny_pdf(text))
    assert response.status_code == 201, response.text
    doc_id = response.json()["report"]["doc_id"]
    pdf = http.get(f"/api/documents/{doc_id}/file")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert pdf.content.startswith(b"%PDF")
    content = http.get(f"/api/documents/{doc_id}/content").json()
    assert content["doc_id"] == doc_id and content["source"] == "upload/hoexter.pdf"
    assert content["blocks"][0]["page"] == 1 and "Glasfaser" in content["blocks"][0]["text"]


def test_text_files_are_served_as_plain_text(http: httpx.Client) -> None:
    html = "<html><body><h1>Smarte Laternen</h1><script>alert(1)</script><p>Dimmen.</p></body>"
    response = upload(http, "laternen.html", html.encode())
    assert response.status_code == 201, response.text
    doc_id = response.json()["report"]["doc_id"]
    served = http.get(f"/api/documents/{doc_id}/file")
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]
    blocks = http.get(f"/api/documents/{doc_id}/content").json()["blocks"]
    assert any(b["section"] == "Smarte Laternen" for b in blocks)
    assert all("alert" not in b["text"] for b in blocks)
    for path in ("/api/documents/unbekannt-1/file", "/api/documents/unbekannt-1/content"):
        missing = http.get(path)
        assert missing.status_code == 404
        assert_error_shape(missing.json(), "not_found")


def test_failed_new_version_keeps_the_old_one(http: httpx.Client, live: LiveServer) -> None:
    good = upload(http, "wechsel.pdf", tiny_pdf("Ladesäulen am Rathaus Brakel seit 2024."))
    assert good.status_code == 201
    doc_id = good.json()["report"]["doc_id"]
    before = chunk_count(http)
    bad = upload(http, "wechsel.pdf", b"%PDF-1.4\n kaputt")
    assert bad.status_code == 422
    assert chunk_count(http) == before
    served = http.get(f"/api/documents/{doc_id}/file").content
    assert served.startswith(b"%PDF") and b"kaputt" not in served
    entry = next(d for d in http.get("/api/documents").json()["documents"] if d["doc_id"] == doc_id)
    assert entry["status"] == "indexed" and entry["reason"] == "broken"


def test_reindex_and_delete(http: httpx.Client, live: LiveServer) -> None:
    response = upload(http, "loeschen.md", NEW_DOC.replace("Salzkotten", "Borchen").encode())
    doc_id = response.json()["report"]["doc_id"]
    question = "Wie erfasst Borchen die Belegung der Pendlerparkplätze?"
    assert "Digitale Parkraumbewirtschaftung in Borchen" in titles_for(http, question)
    reindexed = http.post(f"/api/documents/{doc_id}/reindex", headers=ADMIN)
    # re-index is forced: the unchanged file is indexed again, and still found once
    assert reindexed.status_code == 200 and reindexed.json()["report"]["status"] == "indexed"
    assert "Digitale Parkraumbewirtschaftung in Borchen" in titles_for(http, question)
    deleted = http.delete(f"/api/documents/{doc_id}", headers=ADMIN)
    assert deleted.status_code == 200 and deleted.json() == {"ok": True}
    assert "Digitale Parkraumbewirtschaftung in Borchen" not in titles_for(http, question)
    assert doc_id not in {d["doc_id"] for d in http.get("/api/documents").json()["documents"]}
    assert not list(live.settings.uploads_dir.glob("*/loeschen.md"))
    again = http.delete(f"/api/documents/{doc_id}", headers=ADMIN)
    assert again.status_code == 404
    assert_error_shape(again.json(), "not_found")
    unknown = http.post("/api/documents/unbekannt-1/reindex", headers=ADMIN)
    assert unknown.status_code == 404


def test_corpus_document_can_be_deleted_from_the_index(
    http: httpx.Client, live: LiveServer
) -> None:
    docs = http.get("/api/documents").json()["documents"]
    park = next(d for d in docs if d["title"] == "Smart Parking in Paderborn")
    # a corpus outside the working directory: the file name, not the server path
    assert park["source"] == "park.md"
    question = "Wie zeigt Paderborn freie Parkplätze an?"
    assert "Smart Parking in Paderborn" in titles_for(http, question)
    assert http.delete(f"/api/documents/{park['doc_id']}", headers=ADMIN).status_code == 200
    assert "Smart Parking in Paderborn" not in titles_for(http, question)
    assert (live.settings.data_dir.parent / "docs" / "park.md").is_file()  # the file stays
