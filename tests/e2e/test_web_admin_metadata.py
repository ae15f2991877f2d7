"""Correcting an upload's metadata on the admin page (/admin) in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.web_fixtures import ADMIN_KEY, WebServer, screenshot, watch

pytestmark = pytest.mark.slow

NOTE = (
    "# Richtlinie zur Förderung von Dorf-Apps\n\n"
    "Diese Richtlinie regelt Zuwendungen für Dorf-Apps. Antragsberechtigt sind Gemeinden.\n\n"
    "Die Förderquote beträgt bis zu 80 Prozent der zuwendungsfähigen Ausgaben.\n"
)
TITLE = "Richtlinie zur Förderung von Dorf-Apps"
NEW_TITLE = "Dorf-App-Richtlinie (korrigiert)"


def row(page: Any, text: str) -> Any:
    return page.locator("#doc-table tbody tr", has_text=text)


def test_admin_corrects_title_type_and_deadline_of_an_upload(
    web_server: WebServer, context: Any, tmp_path: Path
) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.base + "/admin")
    page.locator("#admin-key").fill(ADMIN_KEY)
    page.locator("#key-form button[type=submit]").click()

    note = tmp_path / "dorf-apps.md"
    note.write_text(NOTE, encoding="utf-8")
    page.locator("#upload-file").set_input_files(str(note))
    page.locator("#upload-submit").click()
    page.locator("#upload-status", has_text="Indexiert").wait_for(timeout=120_000)
    row(page, TITLE).wait_for()

    # the document appears in the correction form with its inferred values and their sources
    choice = page.locator("#meta-doc option", has_text=TITLE)
    choice.wait_for(state="attached")
    doc_id = choice.get_attribute("value")
    page.locator("#meta-doc").select_option(value=doc_id)
    sources = page.locator("#meta-sources")
    sources.locator("text=/Titel aus: erster Überschrift/").wait_for()
    assert "Typ aus: Text (abgeleitet)" in sources.inner_text()
    assert page.locator("#meta-title").input_value() == TITLE
    assert page.locator("#meta-type").input_value() == "programme_guideline"

    # a wrong value is refused by the server, and its message is shown
    page.locator("#meta-url").fill("javascript:alert(1)")
    page.locator("#meta-save").click()
    page.locator("#meta-status", has_text="Fehler: 'url'").wait_for(timeout=60_000)
    page.locator("#meta-url").fill("")

    # the correction is saved, shown, and the document list follows
    page.locator("#meta-title").fill(NEW_TITLE)
    page.locator("#meta-type").select_option("law")
    page.locator("#meta-deadline").fill("2027-03-31")
    page.locator("#meta-save").click()
    page.locator("#meta-status", has_text="Gespeichert: " + NEW_TITLE).wait_for(timeout=120_000)
    assert "Korrektur (Admin)" in sources.inner_text()
    assert "deadline" in sources.inner_text()
    corrected = row(page, NEW_TITLE)
    corrected.wait_for()
    assert "Gesetz oder Verordnung" in corrected.inner_text()
    screenshot(page, "admin-metadata.png", full_page=True)

    body = page.request.get(f"{web_server.base}/api/documents/{doc_id}/metadata").json()
    meta = body["metadata"]
    assert (meta["title"], meta["title_source"]) == (NEW_TITLE, "admin")
    assert (meta["doc_type"], meta["deadline"]) == ("law", "2027-03-31")
    assert meta["corrected"] == ["deadline", "doc_type", "title"]  # only what was changed

    # English labels too
    page.locator("#lang-switch").click()
    assert page.locator("#meta-h").inner_text() == "Correct metadata"
    assert "Title from: correction (admin)" in sources.inner_text()
    page.locator("#lang-switch").click()

    page.once("dialog", lambda d: d.accept())
    corrected.locator("button", has_text="Löschen").click()
    page.locator("#list-status", has_text="Gelöscht").wait_for()
    page.locator("#meta-doc option", has_text=NEW_TITLE).wait_for(state="detached")
    assert not seen.csp_violations(), seen.console
    assert not seen.errors, seen.errors
