"""Every shared third-party PDF (``shared/testdata/pdfs``) gives the outcome its manifest expects.

``expect`` in ``manifest.json``: ``text``, ``text-partial``, ``encrypted-no-user-password`` and
``broken-recoverable`` must load with text; the others must fail with the contract's reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import DocumentError
from ingest.document import LoadedDocument
from ingest.loaders import load_document
from tests.ingest import EXPECTED_FAILURE, load_shared_pdf, pdf_dir, pdf_manifest

MANIFEST = pdf_manifest()
LOADS = {"text", "text-partial", "encrypted-no-user-password", "broken-recoverable"}
FAILS = EXPECTED_FAILURE
#: words that must come out of some files (checked case-insensitively)
KNOWN_WORDS = {
    "sf_pdflatex-4-pages.pdf": ["information", "alphabet"],
    "sf_GeoTopo-komprimiert.pdf": ["Topologie", "Mannigfaltigkeiten", "Fundamentalgruppe"],
    "sf_multicolumn.pdf": ["Lorem", "Countries"],
    "sf_habibi-rotated.pdf": ["habibi"],
    "pypdf_r6-empty-password.pdf": ["encryption"],
    "pypdf_issue-297.pdf": ["test", "example"],
    "pypdf_Seige_of_Vicksburg_Sample_OCR.pdf": ["Vicksburg", "Johnston"],
    "fc_encryption_nocopy.pdf": ["test", "document", "Creative", "Commons"],
    "fc_corruptionOneByteMissing.pdf": ["test", "document", "Creative", "Commons"],
    "fc_text_only_fontsNotEmbedded.pdf": ["test", "document", "Creative", "Commons"],
    "fc_govdocs1_027613.pdf": ["QMF", "query"],
}
SLOW_PAGES = 200


def _cases() -> list[Any]:
    cases = []
    for name, entry in sorted(MANIFEST.items()):
        slow = (entry.get("pages") or 0) > SLOW_PAGES
        cases.append(pytest.param(name, entry, id=name, marks=[pytest.mark.slow] if slow else []))
    return cases


def test_fixture_folder_is_there() -> None:
    assert MANIFEST, f"no manifest.json in {pdf_dir()} (set SMARTCITY_SHARED_DIR)"
    on_disk = {p.name for p in pdf_dir().glob("*.pdf")}
    assert on_disk == set(MANIFEST)
    assert {e["expect"] for e in MANIFEST.values()} <= LOADS | set(FAILS)


@pytest.mark.parametrize(("name", "entry"), _cases())
def test_shared_pdf(name: str, entry: dict[str, Any]) -> None:
    result = load_shared_pdf(name)
    expect = entry["expect"]
    if expect in FAILS:
        assert isinstance(result, DocumentError), f"{name} loaded, expected {expect}"
        assert result.reason == FAILS[expect], result.message
        assert name in result.message and result.message_en
        return

    assert isinstance(result, LoadedDocument), f"{name}: {result.reason}: {result.message}"
    pages = entry.get("pages")
    if pages:
        assert result.page_count == pages
    assert result.page_count is not None
    with_text = {b.page for b in result.blocks}
    assert with_text and all(p is not None and 1 <= p <= result.page_count for p in with_text)
    text = " ".join(b.text for b in result.blocks)
    assert len(re.findall(r"[^\W\d_]{3,}", text)) >= 2, text[:200]
    for word in KNOWN_WORDS.get(name, []):
        assert word.lower() in text.lower(), f"{word!r} missing in {name}"
    for block in result.blocks:
        assert block.text == block.text.strip() and "\n\n\n" not in block.text

    if expect == "text":
        assert with_text == set(range(1, result.page_count + 1))
    if expect == "text-partial":
        failing = entry["observed_pypdf_7_1_1"]["pages_raising_in_extract_text"]
        for page in failing:
            assert any(w.startswith(f"Seite {page}: Text nicht lesbar") for w in result.warnings)
            assert page not in with_text
        assert len(with_text) >= 0.9 * result.page_count
    if expect == "broken-recoverable":
        assert any("repariert geöffnet" in w for w in result.warnings)
    if expect == "encrypted-no-user-password":
        assert any("Berechtigungen" in w for w in result.warnings)


def test_zero_byte_pdf_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "leer.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentError) as info:
        load_document(path, max_bytes=1024)
    assert info.value.reason == "empty"


def test_truncated_download_has_a_clear_outcome(tmp_path: Path) -> None:
    path = tmp_path / "abgebrochen.pdf"
    path.write_bytes((pdf_dir() / "sf_GeoTopo-komprimiert.pdf").read_bytes()[:300_000])
    try:
        doc = load_document(path, max_bytes=10 * 1024 * 1024)
    except DocumentError as exc:
        assert exc.reason == "broken"
        assert "abgebrochen.pdf" in exc.message
    else:
        assert doc.blocks and doc.warnings


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    source = pdf_dir() / "sf_GeoTopo-komprimiert.pdf"  # 1.7 MB
    with pytest.raises(DocumentError) as info:
        load_document(source, max_bytes=1024 * 1024)
    assert info.value.reason == "too_large"
    assert "1,7 MB" in info.value.message and "1,0 MB" in info.value.message
