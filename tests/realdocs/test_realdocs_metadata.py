"""Titles and document types of the eight real documents, inferred and marked as inferred.

What is right was decided by reading the documents:

* the OZG's Pandoc title block names the law; its first ``#`` heading is "§ 1 – ...";
* the Förderdatenbank pages put "Titel der Förderlinie:" before the guideline's name;
* the Ulm introduction's only heading is "Intro" and the open-data guide's first heading is a
  question: neither names the document, so the file name does (the text states no title);
* the Ulm slides have "PowerPoint-Präsentation" as PDF title; page 1 shows the title in 48 pt;
* types: the three funding guidelines are ``programme_guideline`` (the DAS text mentions the
  "Deutsche Anpassungsstrategie", the Saxon one the Haushaltsordnung: the guideline words
  weigh more), the OZG is a ``law`` although it names Verordnungen, both strategy chapters
  are ``strategy``; the slides present the Ulm Smart City Strategie (vision, premises,
  Handlungsfelder, the strategy process) more than the project's report, so ``strategy``;
  the open-data guide is a how-to guide, no funding guideline, law, strategy or report:
  ``other``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ingest.chunking import chunk_document
from ingest.loaders import load_document
from ingest.metadata import build_metadata, read_sidecar
from tests.realdocs.conftest import REALDOCS, realdocs_dir

MB = 1024 * 1024

#: file -> (title, title_source, doc_type); every type here is inferred from the text
EXPECTED = {
    "OZG-BJNR313800017.md": (
        "Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen "
        "(Onlinezugangsgesetz - OZG)",
        "front-matter",
        "law",
    ),
    "Ueberblick_Ulm4CleverCity.pdf": (
        "Ulm4CleverCity – Smart City Modellstadt",
        "pdf-first-heading",
        "strategy",
    ),
    "Ulm_SmartCityStrategie_01_Intro.md": (
        "Ulm Smart City Strategie 01 Intro",
        "file-name",
        "strategy",
    ),
    "Ulm_SmartCityStrategie_07_Technisches-Grundlagenkapitel.md": (
        "Technisches Grundlagenkapitel",
        "markdown-heading",
        "strategy",
    ),
    "digitale_offensive_sachsen_2023_frl.md": (
        "Richtlinie Digitale Offensive Sachsen 2023",
        "markdown-heading",
        "programme_guideline",
    ),
    "foerderdatenbank_DAS_Anpassung-an-die-Folgen-des-Klimawandels.md": (
        "Maßnahmen zur Anpassung an die Folgen des Klimawandels",
        "markdown-heading",
        "programme_guideline",
    ),
    "foerderdatenbank_Kommunalrichtlinie.md": (
        "Klimaschutzinitiative – Klimaschutzprojekte im kommunalen Umfeld (Kommunalrichtlinie)",
        "markdown-heading",
        "programme_guideline",
    ),
    "leitfaden-opendata.md": ("leitfaden opendata", "file-name", "other"),
}


def test_every_real_document_is_pinned() -> None:
    assert set(EXPECTED) == set(REALDOCS)


@pytest.mark.parametrize("name", REALDOCS)
def test_title_and_type_as_the_pipeline_builds_them(name: str) -> None:
    """Load, metadata and chunking as ``IngestPipeline`` runs them (no embedding)."""
    path = realdocs_dir() / name
    loaded = load_document(path, max_bytes=64 * MB)
    meta = build_metadata(loaded, read_sidecar(path))
    title, title_source, doc_type = EXPECTED[name]
    assert (meta.title, meta.title_source) == (title, title_source)
    assert (meta.doc_type, meta.doc_type_source) == (doc_type, "text")
    chunks = chunk_document(loaded, meta, doc_id="d", source=name, chunk_size=1000, overlap=150)
    assert chunks and all(c.metadata["title_source"] == title_source for c in chunks)


@pytest.mark.slow
def test_the_index_of_the_real_documents_holds_them(realdocs_services: Any) -> None:
    """The same values in the index built by the real pipeline, and in the document list."""
    report = realdocs_services.realdocs_report
    assert [f.status for f in report.files] == ["indexed"] * len(REALDOCS)
    seen: dict[str, tuple[str, str, str]] = {}
    for _, _, meta in realdocs_services.index.store.iter_all():
        name = str(meta["source"]).rsplit("/", 1)[-1]
        entry = (str(meta["title"]), str(meta["title_source"]), str(meta["doc_type"]))
        assert seen.setdefault(name, entry) == entry, name
        assert meta["doc_type_source"] == "text"
    assert seen == EXPECTED
    rows = {row.title: row.doc_type for row in realdocs_services.manifest.rows()}
    assert rows == {title: doc_type for title, _, doc_type in EXPECTED.values()}
