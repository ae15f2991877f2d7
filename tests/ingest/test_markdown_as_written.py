"""Markdown as people write it: Pandoc title blocks, abbreviation definitions, headings that
restate the title (and the same for HTML headings)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.glossary import glossary_from_json
from ingest.chunking import chunk_document
from ingest.document import LoadedDocument
from ingest.frontmatter import parse_document_date, read_title_block
from ingest.loaders import load_document
from ingest.loaders.headings import HeadingTrail, strip_title
from ingest.metadata import build_metadata
from tests.conftest import shared_dir

MB = 1024 * 1024
CHILD = " \u203a "


def load(tmp_path: Path, name: str, content: str) -> LoadedDocument:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return load_document(path, max_bytes=MB)


def body(tmp_path: Path, name: str, content: str) -> str:
    """The text of every block of a Markdown file, one block a line."""
    return "\n".join(b.text for b in load(tmp_path, name, content).blocks)


def realdoc(name: str) -> Path:
    path = shared_dir() / "realdocs" / name
    if not path.is_file():
        pytest.skip(f"the real documents are not here ({path.parent})")
    return path


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.08.2017", date(2017, 8, 14)),
        ("Ausfertigungsdatum: 14.08.2017", date(2017, 8, 14)),
        ("Stand: 1. März 2024", date(2024, 3, 1)),
        ("22. August 2023", date(2023, 8, 22)),
        ("2017-08-14", date(2017, 8, 14)),
        ("August 14, 2017", date(2017, 8, 14)),
        ("31.02.2020", None),
        ("Max Mustermann", None),
        ("Gesetz vom 14.08.2017 über Dinge", None),
        ("14. Brumaire 2017", None),
    ],
)
def test_parse_document_date(text: str, expected: date | None) -> None:
    assert parse_document_date(text) == expected


# --------------------------------------------------------------------------- title blocks


def test_title_block_fields() -> None:
    meta, body = read_title_block(
        "% Titel über\n  zwei Zeilen\n% A. Autor; B. Autorin\n% 2020-01-02\nText"
    )
    assert meta == {
        "title": "Titel über zwei Zeilen",
        "author": "A. Autor; B. Autorin",
        "published": date(2020, 1, 2),
    }
    assert body == "Text"
    meta, body = read_title_block("%\n% Nur Autor\n% irgendwann\n\nText")
    assert meta == {"author": "Nur Autor", "date": "irgendwann"}
    assert body.strip() == "Text"
    assert read_title_block("Text\n% kein Titelblock") == ({}, "Text\n% kein Titelblock")


def test_markdown_title_block_is_metadata_not_text(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "gesetz.md",
        "% Gesetz über Dinge  (Dingegesetz - DG)\n% Ausfertigungsdatum: 14.08.2017\n \n"
        "# § 1 – Anwendungsbereich\n\nDieses Gesetz gilt.\n\n50 % der Mittel\n% bleibt Text",
    )
    assert doc.metadata == {
        "title": "Gesetz über Dinge (Dingegesetz - DG)",
        "published": date(2017, 8, 14),
    }
    text = "\n".join(b.text for b in doc.blocks)
    assert "Ausfertigungsdatum" not in text and "Dingegesetz" not in text
    assert "% bleibt Text" in text  # only the start of the file is a title block
    meta = build_metadata(doc, {})
    assert meta.title == "Gesetz über Dinge (Dingegesetz - DG)"
    assert meta.published == date(2017, 8, 14)


def test_front_matter_comes_before_a_title_block(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "---\ntitle: Vorgabe\n---\n% Kein Titel\n\nText")
    assert doc.metadata == {"title": "Vorgabe"}
    assert "% Kein Titel" in doc.blocks[0].text


def test_real_ozg_title_block() -> None:
    doc = load_document(realdoc("OZG-BJNR313800017.md"), max_bytes=50 * MB)
    assert doc.metadata["title"] == (
        "Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen "
        "(Onlinezugangsgesetz - OZG)"
    )
    assert doc.metadata["published"] == date(2017, 8, 14)
    assert doc.blocks[0].section == "§ 1 – Anwendungsbereich"
    assert not any("Ausfertigungsdatum: 14.08.2017" in b.text for b in doc.blocks)


# --------------------------------------------------------------------------- glossary


def test_abbreviation_definitions_become_the_glossary(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "seite.md",
        "# Förderung\n\nDie AGVO gilt.\n  *[\n     AGVO\n"
        "    ]: Allgemeine Gruppenfreistellungsverordnung\n"
        "*[ EU ]: Europäische Union\n\n## Weiter\n\nText.",
    )
    text = "\n".join(b.text for b in doc.blocks)
    assert "]:" not in text and "Gruppenfreistellungsverordnung" not in text
    assert [b.text for b in doc.blocks] == ["Förderung\n\nDie AGVO gilt.", "Weiter\n\nText."]
    glossary = {"AGVO": "Allgemeine Gruppenfreistellungsverordnung", "EU": "Europäische Union"}
    assert json.loads(doc.metadata["glossary"]) == glossary
    meta = build_metadata(doc, {})
    chunks = chunk_document(doc, meta, doc_id="s", source="seite.md", chunk_size=600, overlap=0)
    assert all(glossary_from_json(c.metadata["extra_glossary"]) == glossary for c in chunks)


def test_no_definitions_no_glossary(tmp_path: Path) -> None:
    assert (
        "glossary" not in load(tmp_path, "a.md", "# T\n\nText *[nicht]: am Zeilenanfang").metadata
    )


def test_real_foerderdatenbank_pages_keep_no_definition_as_text() -> None:
    for name in (
        "foerderdatenbank_Kommunalrichtlinie.md",
        "foerderdatenbank_DAS_Anpassung-an-die-Folgen-des-Klimawandels.md",
    ):
        doc = load_document(realdoc(name), max_bytes=50 * MB)
        glossary = glossary_from_json(doc.metadata["glossary"])
        assert glossary["AGVO"] == "Allgemeine Gruppenfreistellungsverordnung"
        for block in doc.blocks:
            assert "*[" not in block.text and "[ AGVO ]" not in block.text
            assert "]: " not in block.text


def test_footnote_references_and_definitions_are_not_text(tmp_path: Path) -> None:
    text = body(
        tmp_path,
        "f.md",
        "# T\n\nUlm folgt der Agenda 2030 [^1]. Dafür gibt es das Konzept.[^12] Es gilt.\n\n"
        "[^1]: https://sdgs.un.org/goals\n[^12]: Datenethikkonzept der Stadt\n",
    )
    assert "Ulm folgt der Agenda 2030. Dafür gibt es das Konzept. Es gilt." in text
    assert "[^" not in text and "sdgs" not in text and "Datenethik" not in text


def test_pandoc_citation_markers_are_not_text(tmp_path: Path) -> None:
    text = body(
        tmp_path,
        "c.md",
        "# T\n\nDas 5-Sterne-Modell [@link(5starinfo)] kann herangezogen werden [@doe99, S. 3].\n\n"
        "**[@linktarget(5starinfo)]** 5-Sterne Offene Daten, zuletzt abgerufen 2022-04-19\n\n"
        "Mail an info@example.org [Kontakt] bleibt.\n",
    )
    assert "Das 5-Sterne-Modell kann herangezogen werden." in text
    assert "[@" not in text and "*" not in text
    assert "\n\n5-Sterne Offene Daten, zuletzt abgerufen" in text
    assert "info@example.org [Kontakt] bleibt." in text


def test_real_open_data_guide_keeps_no_citation_marker() -> None:
    doc = load_document(realdoc("leitfaden-opendata.md"), max_bytes=50 * MB)
    assert doc.blocks and not [b.text for b in doc.blocks if "[@" in b.text or "**" in b.text]


def test_inline_html_tags_go_and_their_words_stay(tmp_path: Path) -> None:
    text = body(
        tmp_path,
        "h.md",
        '# T\n\nVeröffentlicht unter <a href="https://creativecommons.org/licenses/by/4.0/">'
        "Creative Commons</a> (CC BY 4.0), Stand<sup>1</sup> 2024, siehe <https://x.de>.\n",
    )
    assert (
        "Veröffentlicht unter Creative Commons (CC BY 4.0), Stand1 2024, siehe https://x.de."
        in text
    )


def test_real_ulm_strategy_keeps_no_footnote_mark() -> None:
    for name in ("Ulm_SmartCityStrategie_01_Intro.md",
                 "Ulm_SmartCityStrategie_07_Technisches-Grundlagenkapitel.md"):  # fmt: skip
        doc = load_document(realdoc(name), max_bytes=50 * MB)
        assert doc.blocks
        assert not [b.text for b in doc.blocks if "[^" in b.text]


# --------------------------------------------------------------------------- headings


def test_strip_title() -> None:
    titles = ("Richtlinie Digitale Offensive Sachsen 2023",)
    assert strip_title("Richtlinie Digitale Offensive Sachsen 2023 II. Gegenstand", titles) == (
        "II. Gegenstand"
    )
    assert strip_title("richtlinie digitale  offensive sachsen 2023", titles) == ""
    assert (
        strip_title("Richtlinie Digitale Offensive Sachsen 2023: Verfahren", titles) == "Verfahren"
    )
    assert strip_title("Richtlinie Digitale Offensive Sachsen 20234", titles) == (
        "Richtlinie Digitale Offensive Sachsen 20234"
    )
    assert strip_title("Einleitung und Ziele", ("Einleitung",)) == "Einleitung und Ziele"
    assert strip_title("Andere Überschrift", titles) == "Andere Überschrift"


def test_heading_trail_drops_restated_titles() -> None:
    trail = HeadingTrail()
    assert trail.enter(1, "Richtlinie X") == "Richtlinie X"  # the title heading itself
    assert trail.enter(2, "Richtlinie X I. Zweck") == "I. Zweck"
    assert trail.enter(3, "Richtlinie X") == "I. Zweck"
    assert trail.enter(3, "1. Ziel") == f"I. Zweck{CHILD}1. Ziel"
    assert trail.enter(2, "Richtlinie X") == ""
    assert trail.first_h1 == "Richtlinie X"
    given = HeadingTrail("Förderaufruf Y")
    assert given.enter(2, "Förderaufruf Y – Fristen") == "Fristen"


def test_markdown_and_html_sections_lose_the_title(tmp_path: Path) -> None:
    md = load(
        tmp_path,
        "a.md",
        "---\ntitle: Aufruf Z\n---\n## Aufruf Z\n\nEins.\n\n## Aufruf Z 2. Fristen {-}\n\nZwei.",
    )
    assert [(b.section, b.text) for b in md.blocks] == [
        ("", "Aufruf Z\n\nEins."),
        ("2. Fristen", "Aufruf Z 2. Fristen\n\nZwei."),
    ]
    html = load(
        tmp_path,
        "a.html",
        "<h1>Aufruf Z</h1><p>Null.</p><h2>Aufruf Z – Ziele</h2><p>Eins.</p>",
    )
    assert [b.section for b in html.blocks] == ["Aufruf Z", "Ziele"]


def test_real_saxon_guideline_sections() -> None:
    doc = load_document(realdoc("digitale_offensive_sachsen_2023_frl.md"), max_bytes=50 * MB)
    sections = list(dict.fromkeys(b.section for b in doc.blocks))
    assert sections[0] == "Richtlinie Digitale Offensive Sachsen 2023"
    assert sections[1:] == [
        "I. Zuwendungszweck und Rechtsgrundlagen",
        "II. Gegenstand der Förderung",
        "III. Zuwendungsempfänger",
        "IV. Zuwendungsvoraussetzungen",
        "V. Art, Umfang und Höhe der Förderung",
        "VI. Sonstige Zuwendungsbestimmungen",
        "VII. Verfahren",
        "VIII. Inkrafttreten, Außerkrafttreten",
    ]
