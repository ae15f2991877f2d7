"""The document admin page (/admin) in a real browser: key, upload, failure reasons, actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_dir
from tests.e2e.web_fixtures import ADMIN_KEY, WebServer, screenshot, watch

pytestmark = pytest.mark.slow


def broken_pdf() -> Path:
    """A PDF of the shared test data that pypdf cannot read (manifest: expect ``broken``)."""
    folder = shared_dir() / "testdata" / "pdfs"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    name = next(n for n, m in manifest.items() if m["expect"] == "broken" and n == "qpdf_bad2.pdf")
    return folder / name


def row(page: Any, text: str) -> Any:
    """The table row whose title or source contains ``text``."""
    return page.locator("#doc-table tbody tr", has_text=text)


def test_admin_upload_broken_pdf_shows_reason_then_reindex_and_delete(
    web_server: WebServer, context: Any, tmp_path: Path
) -> None:
    page = context.new_page()
    seen = watch(page)
    page.goto(web_server.base + "/admin")
    page.locator("#doc-table tbody tr").first.wait_for()
    assert row(page, "Salzkotten").locator(".badge").inner_text() == "indexiert"

    # without a key the server refuses, and its message is shown
    page.locator("#upload-file").set_input_files(str(broken_pdf()))
    page.locator("#upload-submit").click()
    status = page.locator("#upload-status")
    status.locator("text=/Fehler: .+/").wait_for()
    assert "unauthorized" in status.inner_text() or "Schlüssel" in status.inner_text()

    # with the admin key: the broken PDF is refused with its reason, and listed as failed
    page.locator("#admin-key").fill(ADMIN_KEY)
    page.locator("#key-form button[type=submit]").click()
    assert page.evaluate("() => sessionStorage.getItem('smartcity.admin.key')") == ADMIN_KEY
    assert page.evaluate("() => localStorage.getItem('smartcity.admin.key')") is None
    page.locator("#upload-file").set_input_files(str(broken_pdf()))
    page.locator("#upload-submit").click()
    page.locator("#upload-status", has_text="(broken)").wait_for(timeout=60_000)
    failed = row(page, "qpdf_bad2")
    failed.wait_for()
    assert failed.locator(".badge").inner_text() == "fehlgeschlagen"
    assert failed.locator(".reason-code").inner_text() == "broken"
    assert len(failed.locator("td.reason").inner_text()) > len("broken: ")

    # a small valid upload, re-indexed and then deleted
    note = tmp_path / "kurznotiz-ratsarbeit.md"
    note.write_text(
        "---\ntitle: Kurznotiz papierlose Ratsarbeit\ndoc_type: transfer_note\n---\n"
        "# Kurznotiz\n\nTablets für den Rat brauchen ein Ratsinformationssystem.\n",
        encoding="utf-8",
    )
    page.locator("#upload-file").set_input_files(str(note))
    page.locator("#upload-submit").click()
    page.locator("#upload-status", has_text="Indexiert").wait_for(timeout=60_000)
    added = row(page, "Kurznotiz papierlose Ratsarbeit")
    added.wait_for()
    assert added.locator(".badge").inner_text() == "indexiert"
    screenshot(page, "admin.png", full_page=True)

    added.locator("button", has_text="Neu indexieren").click()
    page.locator("#list-status", has_text="Neu indexiert").wait_for(timeout=60_000)
    page.once("dialog", lambda d: d.accept())
    row(page, "Kurznotiz papierlose Ratsarbeit").locator("button", has_text="Löschen").click()
    page.locator("#list-status", has_text="Gelöscht").wait_for()
    row(page, "Kurznotiz papierlose Ratsarbeit").wait_for(state="detached")
    assert not seen.csp_violations(), seen.console
    assert not seen.errors, seen.errors
