"""Correcting an upload's metadata over real HTTP: PATCH, durability, precedence, errors."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fpdf import FPDF

from ingest.corrections import CORRECTIONS_FILE
from ingest.format_version import INGEST_FORMAT
from tests.api.conftest import ADMIN_KEY, READ_KEY, LiveServer, assert_error_shape, serve_corpus

ADMIN = {"X-API-Key": ADMIN_KEY}
HEADING = "Stellungnahme zur Förderung smarter Gemeinden"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_corpus(
        tmp_path_factory.mktemp("metadata"),
        admin_keys=[ADMIN_KEY],
        api_keys=[READ_KEY],
        rate_limit_per_minute=0,
    ) as server:
        yield server


@pytest.fixture
def http(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=180, headers={"X-API-Key": READ_KEY}) as client:
        yield client


def statement_pdf() -> bytes:
    """A PDF whose info title is a word processor's and whose first page states the title."""
    pdf = FPDF()
    pdf.set_title("Microsoft Word - stellungnahme_v3.docx")
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(0, 5, "Gemeinde Musterdorf | Der Bürgermeister", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=22)
    pdf.multi_cell(0, 12, HEADING, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 6, "Die Gemeinde begrüßt den Entwurf der Landesregierung. " * 6)
    return bytes(pdf.output())


def upload(http: httpx.Client, name: str, data: bytes) -> dict[str, Any]:
    response = http.post(
        "/api/documents", files={"file": (name, data, "application/pdf")}, headers=ADMIN
    )
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()["report"]
    return report


def metadata(http: httpx.Client, doc_id: str) -> dict[str, Any]:
    response = http.get(f"/api/documents/{doc_id}/metadata")
    assert response.status_code == 200, response.text
    meta: dict[str, Any] = response.json()["metadata"]
    return meta


def patch(http: httpx.Client, doc_id: str, body: object, **kw: Any) -> httpx.Response:
    headers = kw.pop("headers", ADMIN)
    return http.patch(f"/api/documents/{doc_id}", json=body, headers=headers, **kw)


def test_inferred_title_then_admin_correction_survives_reindex_and_reupload(
    http: httpx.Client, live: LiveServer
) -> None:
    doc_id = upload(http, "stellungnahme smarte gemeinden.pdf", statement_pdf())["doc_id"]
    before = metadata(http, doc_id)
    assert (before["title"], before["title_source"]) == (HEADING, "pdf-first-heading")
    assert before["doc_type_source"] == "text" and before["corrected"] == []

    response = patch(
        http,
        doc_id,
        {
            "title": "  Stellungnahme Musterdorf  zur Smart-Region ",
            "doc_type": "strategy",
            "deadline": "31.03.2027",
            "topics": "Breitband, Open Data",
            "region": "OWL",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    meta = body["metadata"]
    assert meta["title"] == "Stellungnahme Musterdorf zur Smart-Region"
    assert (meta["title_source"], meta["doc_type"], meta["doc_type_source"]) == (
        "admin",
        "strategy",
        "admin",
    )
    assert meta["deadline"] == "2027-03-31" and meta["topics"] == ["Breitband", "Open Data"]
    assert meta["corrected"] == ["deadline", "doc_type", "region", "title", "topics"]
    assert body["document"]["title"] == meta["title"]
    assert body["report"]["status"] == "indexed"

    # the index itself carries the correction: the document list and a filtered search
    listed = {d["doc_id"]: d for d in http.get("/api/documents").json()["documents"]}
    assert (listed[doc_id]["title"], listed[doc_id]["doc_type"]) == (meta["title"], "strategy")
    hits = http.get("/api/search", params={"q": "Stellungnahme Gemeinde", "type": "strategy"})
    assert [h["doc_id"] for h in hits.json()["results"]] == [doc_id]
    assert hits.json()["results"][0]["metadata"]["title_source"] == "admin"

    # stored in the data dir, kept by a re-index and by uploading the file again
    stored = json.loads((live.settings.data_dir / CORRECTIONS_FILE).read_text(encoding="utf-8"))
    assert stored[doc_id]["title"] == meta["title"]
    assert http.post(f"/api/documents/{doc_id}/reindex", headers=ADMIN).status_code == 200
    assert metadata(http, doc_id)["title_source"] == "admin"
    again = http.post(
        "/api/documents",
        files={"file": ("stellungnahme smarte gemeinden.pdf", statement_pdf(), "application/pdf")},
        headers=ADMIN,
    )
    assert again.status_code in (200, 201)
    assert metadata(http, doc_id)["title"] == meta["title"]

    # null takes a correction back: the title is again the one the PDF shows
    back = patch(http, doc_id, {"title": None, "region": ""}).json()["metadata"]
    assert (back["title"], back["title_source"]) == (HEADING, "pdf-first-heading")
    assert back["region"] == "" and back["doc_type"] == "strategy"
    assert back["corrected"] == ["deadline", "doc_type", "region", "topics"]

    # deleting the document forgets its corrections
    assert http.delete(f"/api/documents/{doc_id}", headers=ADMIN).status_code == 200
    stored = json.loads((live.settings.data_dir / CORRECTIONS_FILE).read_text(encoding="utf-8"))
    assert doc_id not in stored


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"doc_type": "flyer"}, ["doc_type", "flyer", "programme_guideline", "law", "strategy"]),
        ({"deadline": "2025-02-30"}, ["deadline", "2025-02-30", "JJJJ-MM-TT"]),
        ({"published": "bald"}, ["published", "bald"]),
        ({"url": "javascript:alert(1)"}, ["url", "http(s)"]),
        ({"language": "fr"}, ["language", "fr"]),
        ({"title": "   "}, ["title", "leer"]),
        ({"doc_type": None, "farbe": "rot"}, ["Unbekanntes Feld", "farbe"]),
        ({}, ["Keine Felder"]),
        ({"topics": [1, 2]}, ["topics"]),
        ([1, 2], ["JSON-Objekt"]),
    ],
)
def test_invalid_values_are_refused_with_a_precise_message(
    http: httpx.Client, body: object, words: list[str]
) -> None:
    doc_id = next(d["doc_id"] for d in http.get("/api/documents").json()["documents"])
    response = patch(http, doc_id, body)
    assert response.status_code == 422, response.text
    data = response.json()
    assert_error_shape(data, "invalid_request")
    for word in words:
        assert word in data["error"]["message"], (word, data["error"]["message"])


def test_unknown_document_and_missing_rights(http: httpx.Client) -> None:
    missing = patch(http, "unbekannt-0123456789", {"title": "X"})
    assert missing.status_code == 404
    assert_error_shape(missing.json(), "not_found")
    doc_id = next(d["doc_id"] for d in http.get("/api/documents").json()["documents"])
    url = str(http.base_url).rstrip("/") + f"/api/documents/{doc_id}"
    no_key = httpx.patch(url, json={"title": "X"})
    assert no_key.status_code == 401
    assert_error_shape(no_key.json(), "unauthorized")
    read_only = patch(http, doc_id, {"title": "X"}, headers={"X-API-Key": READ_KEY})
    assert read_only.status_code == 403
    assert_error_shape(read_only.json(), "forbidden")
    assert metadata(http, doc_id)["title_source"] != "admin"


SAMPLE_NOTE = "Beispielinhalt: erfundene Projektgeschichte für Tests."
SAMPLE_MD = (
    f"---\ntitle: Beispielprojekt Dorfladen\nsample_note: '{SAMPLE_NOTE}'\n---\n"
    "# Beispielprojekt Dorfladen\n\nDer Dorfladen öffnet mit einer App rund um die Uhr.\n"
)


def set_format(settings: Any, doc_id: str, value: int) -> None:
    """Write an older ingest format into a manifest row, as an older version left it."""
    with sqlite3.connect(settings.manifest_path) as db:
        db.execute("UPDATE documents SET ingest_format = ? WHERE doc_id = ?", (value, doc_id))


def stored_format(settings: Any, doc_id: str) -> int:
    with sqlite3.connect(settings.manifest_path) as db:
        row = db.execute("SELECT ingest_format FROM documents WHERE doc_id = ?", (doc_id,))
        value: int = row.fetchone()[0]
    return value


def test_source_view_content_carries_the_sample_note(http: httpx.Client) -> None:
    sample = http.post(
        "/api/documents",
        files={"file": ("dorfladen.md", SAMPLE_MD.encode(), "text/markdown")},
        headers=ADMIN,
    )
    assert sample.status_code == 201, sample.text
    doc_id = sample.json()["report"]["doc_id"]
    content = http.get(f"/api/documents/{doc_id}/content").json()
    assert content["sample_note"] == SAMPLE_NOTE
    assert all(SAMPLE_NOTE not in b["text"] for b in content["blocks"])  # never body text
    real = upload(http, "stellungnahme.pdf", statement_pdf())["doc_id"]
    assert http.get(f"/api/documents/{real}/content").json()["sample_note"] == ""
    for uploaded in (doc_id, real):
        assert http.delete(f"/api/documents/{uploaded}", headers=ADMIN).status_code == 200


def test_admin_reindexes_uploads_of_an_older_ingest_format(
    http: httpx.Client, live: LiveServer
) -> None:
    settings = live.settings
    old = upload(http, "alt.pdf", statement_pdf())["doc_id"]
    current = upload(http, "aktuell.pdf", statement_pdf())["doc_id"]
    corpus_doc = next(
        d["doc_id"]
        for d in http.get("/api/documents").json()["documents"]
        if not d["source"].startswith("upload/")
    )
    set_format(settings, old, INGEST_FORMAT - 1)
    set_format(settings, corpus_doc, INGEST_FORMAT - 1)  # the corpus folder's own ingest does it
    url = "/api/documents/reindex-outdated"
    assert http.post(url).status_code == 403  # the read key is no admin key
    response = http.post(url, headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["reindexed"], body["failed"]) == (1, 0)
    assert [(r["doc_id"], r["status"]) for r in body["reports"]] == [(old, "indexed")]
    assert stored_format(settings, old) == INGEST_FORMAT
    assert stored_format(settings, current) == INGEST_FORMAT
    assert stored_format(settings, corpus_doc) == INGEST_FORMAT - 1
    assert metadata(http, old)["title"] == HEADING  # still searchable with its metadata
    again = http.post(url, headers=ADMIN).json()
    assert (again["reindexed"], again["reports"]) == (0, [])
    set_format(settings, corpus_doc, INGEST_FORMAT)
    for uploaded in (old, current):
        assert http.delete(f"/api/documents/{uploaded}", headers=ADMIN).status_code == 200
