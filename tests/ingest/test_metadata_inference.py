"""Inferred metadata: title and document type from the file, each marked with its source."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from ingest.doc_type_inference import infer_doc_type, type_from_title
from ingest.document import LoadedDocument, TextBlock
from ingest.loaders import load_document
from ingest.metadata import DOC_TYPES, DocumentMetadata, build_metadata, read_sidecar
from ingest.pdf_title import heading_of_lines
from ingest.title_inference import clean_heading, heading_is_title
from tests.conftest import REPO

MB = 1024 * 1024


def _load(path: Path, text: str) -> LoadedDocument:
    path.write_text(text, encoding="utf-8")
    return load_document(path, max_bytes=MB)


def test_doc_types_are_the_contracts_six() -> None:
    assert DOC_TYPES == (
        "programme_guideline",
        "project_report",
        "transfer_note",
        "law",
        "strategy",
        "other",
    )


# --------------------------------------------------------------------------- titles


def test_front_matter_title_is_marked_as_such(tmp_path: Path) -> None:
    doc = _load(tmp_path / "a.md", "---\ntitle: Aus dem Kopf\n---\n# Eine Überschrift\n\nText.\n")
    meta = build_metadata(doc, {})
    assert (meta.title, meta.title_source) == ("Aus dem Kopf", "front-matter")


def test_front_matter_title_equal_to_the_heading_stays_front_matter(tmp_path: Path) -> None:
    doc = _load(tmp_path / "a.md", "---\ntitle: Intro\n---\n# Intro\n\nText über Ulm.\n")
    meta = build_metadata(doc, {})
    # a generic heading is no title, but the author wrote this one into the front matter
    assert (meta.title, meta.title_source) == ("Intro", "front-matter")


def test_first_heading_without_its_label(tmp_path: Path) -> None:
    doc = _load(
        tmp_path / "foerderdatenbank_x.md",
        "#  Titel der Förderlinie: Maßnahmen zur Anpassung an die Folgen des Klimawandels \n\n"
        "Kurztext.\n",
    )
    meta = build_metadata(doc, {})
    assert meta.title == "Maßnahmen zur Anpassung an die Folgen des Klimawandels"
    assert meta.title_source == "markdown-heading"


@pytest.mark.parametrize(
    "heading",
    ["Intro", "Einleitung", "Wozu dient dieser Leitfaden?", "§ 1 – Anwendungsbereich", "2. Ziele"],
)
def test_headings_that_are_no_title_fall_back_to_the_file_name(
    tmp_path: Path, heading: str
) -> None:
    doc = _load(tmp_path / "Ulm_SmartCityStrategie_01_Intro.md", f"# {heading}\n\nText.\n")
    meta = build_metadata(doc, {})
    assert (meta.title, meta.title_source) == ("Ulm Smart City Strategie 01 Intro", "file-name")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Richtlinie Digitale Offensive Sachsen 2023", True),
        ("Technisches Grundlagenkapitel", True),
        ("2023 im Rückblick", True),
        ("Kapitel 3", False),
        ("Inhaltsverzeichnis", False),
        ("Was sind Daten?", False),
        ("Art. 3 Begriffe", False),
        ("IV. Verfahren", False),
        ("?!", False),
    ],
)
def test_heading_is_title(heading: str, expected: bool) -> None:
    assert heading_is_title(clean_heading(heading)) is expected


def test_pandoc_title_block_left_in_the_body_is_the_title(tmp_path: Path) -> None:
    # what the Markdown loader gives when it keeps the title block as text
    doc = LoadedDocument(
        path=tmp_path / "gesetz.md",
        format="markdown",
        blocks=[
            TextBlock("% Gesetz über das Beispiel (Beispielgesetz - BspG) % Ausfertigungsdatum"),
            TextBlock("§ 1 – Anwendungsbereich\n\n(1) Dieses Gesetz gilt.", section="§ 1"),
        ],
        metadata={"title": "§ 1 – Anwendungsbereich"},
    )
    meta = build_metadata(doc, {})
    assert meta.title == "Gesetz über das Beispiel (Beispielgesetz - BspG)"
    assert meta.title_source == "front-matter"
    assert (meta.doc_type, meta.doc_type_source) == ("law", "text")


def test_pandoc_title_block_read_by_the_loader(tmp_path: Path) -> None:
    doc = _load(
        tmp_path / "ozg.md",
        "% Gesetz zur Verbesserung des Onlinezugangs (OZG)\n% Ausfertigungsdatum: 14.08.2017\n"
        " \n# § 1 – Anwendungsbereich\n\n(1) Dieses Gesetz gilt für Verwaltungsleistungen.\n",
    )
    meta = build_metadata(doc, {})
    assert meta.title == "Gesetz zur Verbesserung des Onlinezugangs (OZG)"
    assert meta.title_source == "front-matter"


def test_html_title(tmp_path: Path) -> None:
    doc = _load(
        tmp_path / "seite.html",
        "<html lang='de'><head><title>Smart-City-Strategie Musterstadt</title></head>"
        "<body><h1>Willkommen</h1><p>Unsere Strategie für 2030.</p></body></html>",
    )
    meta = build_metadata(doc, {})
    assert (meta.title, meta.title_source) == ("Smart-City-Strategie Musterstadt", "html-title")
    assert meta.doc_type == "strategy"


def test_sidecar_and_admin_titles_win(tmp_path: Path) -> None:
    doc = _load(tmp_path / "a.md", "---\ntitle: Aus dem Kopf\n---\nText.\n")
    meta = build_metadata(doc, {"title": "Aus dem Sidecar"})
    assert (meta.title, meta.title_source) == ("Aus dem Sidecar", "sidecar")
    meta = build_metadata(doc, {"title": "Aus dem Sidecar"}, {"title": "Vom Admin"})
    assert (meta.title, meta.title_source) == ("Vom Admin", "admin")


def _pdf(path: Path, info_title: str, lines: list[tuple[str, float]]) -> Path:
    pdf = FPDF()
    pdf.set_title(info_title)
    pdf.add_page()
    for text, size in lines:
        pdf.set_font("Helvetica", size=size)
        pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_title_from_its_first_page_when_the_info_title_is_junk(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "stellungnahme_smarte_gemeinden.pdf",
        "Microsoft Word - stellungnahme_final_v3.docx",
        [
            ("Gemeinde Musterdorf | Der Bürgermeister", 9),
            ("Stellungnahme zur Förderung", 22),
            ("smarter Gemeinden im ländlichen Raum", 22),
            ("Die Gemeinde begrüßt den Entwurf. " * 8, 10),
        ],
    )
    doc = load_document(path, max_bytes=MB)
    assert doc.metadata.get("title") in (None, "")  # the loader dropped the junk info title
    meta = build_metadata(doc, {})
    assert meta.title == "Stellungnahme zur Förderung smarter Gemeinden im ländlichen Raum"
    assert meta.title_source == "pdf-first-heading"


def test_pdf_info_title_when_it_is_real(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "x.pdf",
        "Abschlussbericht LoRaWAN-Pilot",
        [("Ein anderer Kopf", 20), ("Text. " * 30, 10)],
    )
    meta = build_metadata(load_document(path, max_bytes=MB), {})
    assert (meta.title, meta.title_source) == ("Abschlussbericht LoRaWAN-Pilot", "pdf-metadata")
    assert (meta.doc_type, meta.doc_type_source) == ("project_report", "text")


def test_pdf_page_of_one_size_has_no_heading_and_uses_the_file_name(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "protokoll_2024.pdf", "", [("Fließtext ohne Titel. " * 40, 11)])
    meta = build_metadata(load_document(path, max_bytes=MB), {})
    assert (meta.title, meta.title_source) == ("protokoll 2024", "file-name")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [("Ulm4CleverCity – Smart City ", 48.0), ("Modellstadt", 48.0), ("Clever.", 20.1)],
            "Ulm4CleverCity – Smart City Modellstadt",
        ),
        ([("Kopfzeile", 9.0), ("Großer Titel", 20.0), ("Text " * 50, 10.0)], "Großer Titel"),
        ([("Text " * 50, 10.0), ("noch mehr", 10.0)], ""),
        ([("them.", 30.0), ("Text " * 50, 10.0)], ""),
    ],
)
def test_heading_of_lines(lines: list[tuple[str, float]], expected: str) -> None:
    assert heading_of_lines(lines) == expected


# --------------------------------------------------------------------------- document types


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Förderrichtlinie Smart-City-Strategie", "programme_guideline"),
        ("Smart-City-Strategie: Förderprogramme im Überblick", "strategy"),
        ("Gesetz zur Verbesserung des Onlinezugangs (Onlinezugangsgesetz)", "law"),
        ("Verordnung über die Förderung von Breitband", "law"),
        ("Förderaufruf LoRaWAN-Pilotprojekte OWL 2024", "programme_guideline"),
        ("Kommunalrichtlinie", "programme_guideline"),
        ("Klimaschutzkonzept der Stadt Musterstadt", "strategy"),
        ("Projektbericht Smart Parking", "project_report"),
        ("Transfersteckbrief: Open Data", "transfer_note"),
        ("Gigabitförderung 2.0 des Bundes", "programme_guideline"),
        ("Wenn die Förderung endet: Lehren aus einem Projekt", None),
        ("Leitfaden Open Data", None),
    ],
)
def test_type_from_title_weighs_the_earliest_word(title: str, expected: str | None) -> None:
    assert type_from_title([title]) == expected


def _blocks(*texts: str, section: str = "") -> list[TextBlock]:
    return [TextBlock(t, section=section) for t in texts]


def test_type_from_text_needs_clear_evidence() -> None:
    guideline = _blocks(
        "Der Freistaat gewährt Zuwendungen nach Maßgabe dieser Richtlinie. "
        "Antragsberechtigt sind Gemeinden. Die Förderquote beträgt 50 Prozent der "
        "zuwendungsfähigen Ausgaben. Diese Richtlinie tritt am 1. Januar 2024 in Kraft."
    )
    assert infer_doc_type(["Digitale Offensive"], guideline) == "programme_guideline"
    # a report that names the programme that funded it is no guideline
    report = _blocks(
        "Die Stadt erhielt einen Zuschuss aus der Kommunalrichtlinie. Die Bewilligung kam im Mai.",
        section="Ausgangslage",
    )
    assert infer_doc_type(["LED in Salzkotten"], report) == "other"
    law = [
        TextBlock("(1) Dieses Gesetz gilt für Verwaltungsleistungen.", section="§ 1 – Anwendung"),
        TextBlock("(2) Die Verordnung nach Absatz 1 regelt ...", section="§ 2 – Begriffe"),
        TextBlock("(1) Der Bund stellt ein Nutzerkonto bereit.", section="§ 3 – Nutzerkonten"),
    ]
    assert infer_doc_type([""], law) == "law"
    strategy = _blocks(
        "Diese Strategie beschreibt unsere Vision. Die Handlungsfelder der Strategie "
        "reichen von Mobilität bis Verwaltung; das Förderprogramm Modellprojekte Smart Cities "
        "finanziert die Umsetzung.",
        section="Vision und Handlungsfelder",
    )
    assert infer_doc_type(["Technisches Grundlagenkapitel"], strategy) == "strategy"
    assert infer_doc_type(["Wozu dient dieser Leitfaden?"], _blocks("Offene Daten.")) == "other"


def test_folder_beats_text_and_front_matter_beats_folder(tmp_path: Path) -> None:
    folder = tmp_path / "projekte"
    folder.mkdir()
    text = "---\ntitle: Förderrichtlinie Beispiel\n---\nDiese Richtlinie regelt Zuwendungen.\n"
    meta = build_metadata(_load(folder / "a.md", text), {})
    assert (meta.doc_type, meta.doc_type_source) == ("project_report", "folder")
    meta = build_metadata(
        _load(folder / "b.md", text.replace("title:", "doc_type: law\ntitle:")), {}
    )
    assert (meta.doc_type, meta.doc_type_source) == ("law", "front-matter")
    meta = build_metadata(_load(tmp_path / "c.md", text), {"doc_type": "strategy"})
    assert (meta.doc_type, meta.doc_type_source) == ("strategy", "sidecar")
    meta = build_metadata(
        _load(tmp_path / "c.md", text), {"doc_type": "strategy"}, {"doc_type": "other"}
    )
    assert (meta.doc_type, meta.doc_type_source) == ("other", "admin")
    meta = build_metadata(_load(tmp_path / "d.md", text), {})
    assert (meta.doc_type, meta.doc_type_source) == ("programme_guideline", "text")


# --------------------------------------------------------------------------- stored fields


def test_admin_empty_value_clears_a_field(tmp_path: Path) -> None:
    doc = _load(tmp_path / "a.md", "---\ndeadline: 2025-01-31\nregion: OWL\n---\nText.\n")
    meta = build_metadata(doc, {}, {"deadline": None, "region": ""})
    assert meta.deadline is None and meta.region == ""
    assert not doc.warnings


def test_sample_note_and_sources_are_stored_and_round_trip(tmp_path: Path) -> None:
    doc = _load(
        tmp_path / "a.md",
        "---\ntitle: T\nsample_note: 'Beispielinhalt: fiktiv.'\n---\n# Kopf\n\nDer Text.\n",
    )
    meta = build_metadata(doc, {})
    assert meta.sample_note == "Beispielinhalt: fiktiv."
    assert "sample_note" not in meta.extra
    assert all("Beispielinhalt" not in b.text for b in doc.blocks)
    store = meta.to_store()
    assert store["sample_note"] == "Beispielinhalt: fiktiv."
    assert store["title_source"] == "front-matter"
    assert store["doc_type_source"] == "text"
    assert DocumentMetadata.from_store(store) == meta


SAMPLE_FOLDERS = ("programmes", "projects", "transfer")


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for f in SAMPLE_FOLDERS
        for p in (REPO / "corpus" / f).glob("*")
        if p.suffix in {".md", ".pdf"}
    ),
    ids=lambda p: p.name,
)
def test_sample_corpus_keeps_its_front_matter_values(path: Path) -> None:
    import yaml

    doc = load_document(path, max_bytes=16 * MB)
    if path.suffix == ".pdf":
        stated = yaml.safe_load(Path(f"{path}.meta.yaml").read_text(encoding="utf-8"))
        source = "sidecar"
    else:
        stated = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0][4:])
        source = "front-matter"
    meta = build_metadata(doc, read_sidecar(path))
    assert (meta.title, meta.title_source) == (stated["title"], source)
    assert (meta.doc_type, meta.doc_type_source) == (stated["doc_type"], source)
