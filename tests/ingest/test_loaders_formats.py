"""Markdown, HTML and plain-text loaders, and the checks ``load_document`` makes first."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import DocumentError
from ingest.document import LoadedDocument
from ingest.loaders import SUPPORTED_SUFFIXES, load_document

MB = 1024 * 1024
CHILD = " \u203a "


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load(tmp_path: Path, name: str, content: str | bytes) -> LoadedDocument:
    return load_document(write(tmp_path, name, content), max_bytes=MB)


def error(tmp_path: Path, name: str, content: str | bytes, max_bytes: int = MB) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        load_document(write(tmp_path, name, content), max_bytes=max_bytes)
    return info.value


# --------------------------------------------------------------------------- dispatch


def test_supported_suffixes() -> None:
    assert frozenset({".pdf", ".md", ".markdown", ".html", ".htm", ".txt"}) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("name", ["leer.md", "leer.txt", "leer.html", "leer.docx"])
def test_empty_comes_first(tmp_path: Path, name: str) -> None:
    assert error(tmp_path, name, b"").reason == "empty"


def test_too_large_comes_before_the_suffix(tmp_path: Path) -> None:
    failure = error(tmp_path, "gross.docx", b"x" * (MB + 1))
    assert failure.reason == "too_large"
    assert "1,0 MB" in failure.message


def test_too_large_does_not_read_the_file(tmp_path: Path) -> None:
    path = tmp_path / "riesig.txt"
    with path.open("wb") as handle:  # a sparse file: large, yet no data on disk
        handle.truncate(5 * 1024 * MB)
    with pytest.raises(DocumentError) as info:
        load_document(path, max_bytes=10 * MB)
    assert info.value.reason == "too_large"
    assert "5120,0 MB" in info.value.message and "10,0 MB" in info.value.message


@pytest.mark.parametrize("name", ["brief.docx", "tabelle.xlsx", "ohne_endung", "bild.png"])
def test_unknown_suffix_is_not_supported(tmp_path: Path, name: str) -> None:
    failure = error(tmp_path, name, b"some content")
    assert failure.reason == "not_supported"
    assert name in failure.message


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert load(tmp_path, "NOTIZ.TXT", "Hallo Welt").blocks[0].text == "Hallo Welt"


def test_a_folder_is_not_supported(tmp_path: Path) -> None:
    folder = tmp_path / "ordner.md"
    folder.mkdir()
    with pytest.raises(DocumentError) as info:
        load_document(folder, max_bytes=MB)
    assert info.value.reason == "not_supported"


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "gesperrt.txt", "Text")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DocumentError) as info:
        load_document(path, max_bytes=MB)
    assert info.value.reason == "broken"
    assert "gesperrt.txt" in info.value.message and "Permission denied" in info.value.message


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """---
title: Förderrichtlinie Smart City
doc_type: programme_guideline
topics: [Mobilität, Daten]
published: 2024-03-01
---

Einleitung vor der ersten Überschrift mit einem [Link](https://example.org/a_(b)).

# Richtlinie Digitale Kommune

Die **Förder-
mittel** werden *jährlich* vergeben. ![Logo](logo.png)
<!-- interner Hinweis: nicht veröffentlichen -->

## Förderung

* Erstens: `Sensoren`
+ Zweitens: __Netze__
- Drittens mit Fortsetzung
  auf der nächsten Zeile

1. Nummeriert

> Zitat aus dem [Gesetz][gg].

[gg]: https://example.org/gesetz

### Antragsfrist ###

Anträge bis 30.06.2025 an <https://foerderung.example.org>.

```bash
# kein Heading, sondern Code
echo "snake_case_name"
```

| Land | Quote |
|------|------:|
| BW   | 60 %  |

#### Unterpunkt

Text mit snake_case_name und 5 * 3 * 2.

Setext-Überschrift
------------------

Letzter Absatz.
"""


def test_markdown_front_matter_and_sections(tmp_path: Path) -> None:
    doc = load(tmp_path, "richtlinie.md", MARKDOWN)
    assert doc.format == "markdown"
    assert doc.page_count is None
    assert doc.metadata["title"] == "Förderrichtlinie Smart City"
    assert doc.metadata["topics"] == ["Mobilität", "Daten"]
    sections = [b.section for b in doc.blocks]
    assert sections == [
        "",
        "Richtlinie Digitale Kommune",
        "Förderung",
        f"Förderung{CHILD}Antragsfrist",
        f"Förderung{CHILD}Antragsfrist",  # the table, a block of its own
        f"Förderung{CHILD}Unterpunkt",
        "Setext-Überschrift",
    ]
    assert all(b.page is None for b in doc.blocks)
    by_section = {b.section: b.text for b in doc.blocks if not b.table_header}
    assert by_section[""] == "Einleitung vor der ersten Überschrift mit einem Link."
    assert by_section["Richtlinie Digitale Kommune"] == (
        "Richtlinie Digitale Kommune\n\nDie Fördermittel werden jährlich vergeben."
    )
    assert by_section["Förderung"] == (
        "Förderung\n\n- Erstens: Sensoren\n\n- Zweitens: Netze\n\n"
        "- Drittens mit Fortsetzung auf der nächsten Zeile\n\n1. Nummeriert\n\n"
        "Zitat aus dem Gesetz."
    )
    frist = by_section[f"Förderung{CHILD}Antragsfrist"]
    assert frist.startswith("Antragsfrist\n\nAnträge bis 30.06.2025 an https://foerderung.")
    assert "# kein Heading, sondern Code" in frist
    assert "BW" not in frist and "---" not in frist
    [table] = [b for b in doc.blocks if b.table_header]
    assert table.table_header == ("Land", "Quote")
    assert table.text == "Land | Quote\n\nBW | 60 %"
    assert "snake_case_name und 5 * 3 * 2." in by_section[f"Förderung{CHILD}Unterpunkt"]
    text = "\n".join(b.text for b in doc.blocks)
    for gone in ("interner Hinweis", "logo.png", "Logo", "**", "__Netze", "`", "example.org/a"):
        assert gone not in text


def test_markdown_title_from_first_h1(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "Vorspann\n\n# Erster Titel\n\nText\n\n# Zweiter\n\nMehr")
    assert doc.metadata == {"title": "Erster Titel"}
    doc = load(tmp_path, "b.md", "---\ntitle: ''\n---\n# Titel aus H1\n\nText")
    assert doc.metadata["title"] == "Titel aus H1"


def test_markdown_heading_only_blocks_are_dropped(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "# Titel\n## Abschnitt\n\nText.\n\n## Leer\n")
    assert [(b.section, b.text) for b in doc.blocks] == [("Abschnitt", "Abschnitt\n\nText.")]


def test_markdown_hashtag_is_not_a_heading(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "#SmartCity ist ein Hashtag\n\n####### sieben")
    assert [b.section for b in doc.blocks] == [""]
    assert doc.blocks[0].text == "#SmartCity ist ein Hashtag\n\n####### sieben"


def test_markdown_script_never_reaches_text(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "Text <script>alert(1)</script> weiter\n\n<style>p{}</style>")
    assert doc.blocks[0].text == "Text weiter"


def test_malformed_markdown_front_matter_is_broken(tmp_path: Path) -> None:
    failure = error(tmp_path, "kaputt.md", "---\ntitle: [a\nregion: : x\n---\nText")
    assert failure.reason == "broken"
    assert "Zeile 3" in failure.message and "kaputt.md" in failure.message


def test_front_matter_only_is_no_text(tmp_path: Path) -> None:
    assert error(tmp_path, "a.md", "---\ntitle: x\n---\n\n  \n").reason == "no_text"


# --------------------------------------------------------------------------- HTML

HTML = """---
doc_type: project_report
---
<!DOCTYPE html>
<html lang="de-DE">
<head>
  <title>Projektbericht LoRaWAN | Stadt Überlingen</title>
  <style>body { color: red }</style>
  <script>var secret = "nicht indexieren";</script>
</head>
<body>
  <header><a href="/">Startseite</a> Kopfzeile</header>
  <nav><ul><li>Menüpunkt</li></ul></nav>
  <div role="navigation">Brotkrumen</div>
  <main>
    <article>
      <header><h1>LoRaWAN-Netz f&uuml;r &Uuml;berlingen</h1></header>
      <p>Die Stadt   baut ein
         Funknetz&nbsp;auf. <script>alert(1)</script></p>
      <div>Text direkt im div<br>mit Umbruch</div>
      <h2>Kosten</h2>
      <table><tr><th>Posten</th><th>Euro</th></tr><tr><td>Gateways</td><td>12.000</td></tr></table>
      <h3>F&ouml;rderung</h3>
      <ul><li>Land: 60&#8239;%</li><li>Stadt: 40 %</li></ul>
      <p aria-hidden="true">Versteckt</p>
      <p hidden>Auch versteckt</p>
      <noscript>Bitte JavaScript aktivieren</noscript>
      <template><p>Vorlage</p></template>
      <form><label>Suche</label><input value="x"></form>
      <svg><text>SVG-Text</text></svg>
      <iframe src="x"></iframe>
      <h4>Details</h4>
      <p>Gef&ouml;rdert wird der Auf&shy;bau.<!-- Kommentar --></p>
    </article>
  </main>
  <aside>Werbung</aside>
  <footer>Impressum</footer>
</body>
</html>
"""


def test_html_sections_and_cleanup(tmp_path: Path) -> None:
    doc = load(tmp_path, "bericht.html", HTML)
    assert doc.format == "html"
    assert doc.metadata == {
        "doc_type": "project_report",
        "title": "Projektbericht LoRaWAN | Stadt Überlingen",
        "language": "de-DE",
    }
    assert [(b.section, b.text) for b in doc.blocks] == [
        (
            "LoRaWAN-Netz für Überlingen",
            "LoRaWAN-Netz für Überlingen\n\nDie Stadt baut ein Funknetz auf.\n\n"
            "Text direkt im div mit Umbruch",
        ),
        # the table is a block of its own; "Kosten" alone was only a heading
        ("Kosten", "Posten | Euro\n\nGateways | 12.000"),
        (
            f"Kosten{CHILD}Förderung",
            "Förderung\n\n- Land: 60 %\n\n- Stadt: 40 %\n\nDetails\n\nGefördert wird der Aufbau.",
        ),
    ]
    assert [b.table_header for b in doc.blocks] == [(), ("Posten", "Euro"), ()]
    text = "\n".join(b.text for b in doc.blocks)
    for gone in (
        "alert",
        "secret",
        "color",
        "Startseite",
        "Menüpunkt",
        "Brotkrumen",
        "Versteckt",
        "JavaScript",
        "Vorlage",
        "Suche",
        "SVG-Text",
        "Werbung",
        "Impressum",
        "Kommentar",
        "<",
    ):
        assert gone not in text, gone


def test_html_title_falls_back_to_h1(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.htm", "<body><h1>Titel aus H1</h1><p>Text</p></body>")
    assert doc.metadata == {"title": "Titel aus H1"}
    doc = load(tmp_path, "b.html", "---\ntitle: Vorgabe\n---\n<title>Seite</title><p>Text</p>")
    assert doc.metadata == {"title": "Vorgabe"}


def test_html_without_body_tag_and_script_only(tmp_path: Path) -> None:
    assert load(tmp_path, "a.html", "<p>Nur ein Absatz</p>").blocks[0].text == "Nur ein Absatz"
    failure = error(tmp_path, "b.html", "<html><script>alert(1)</script></html>")
    assert failure.reason == "no_text"


def test_html_declared_charset(tmp_path: Path) -> None:
    markup = '<meta charset="iso-8859-15"><p>Gebühr 5 €</p>'.encode("iso-8859-15")
    doc = load(tmp_path, "a.html", markup)
    assert doc.blocks[0].text == "Gebühr 5 €"
    assert doc.warnings == []


def test_html_malformed_front_matter_is_broken(tmp_path: Path) -> None:
    assert error(tmp_path, "a.html", "---\n: [\n---\n<p>x</p>").reason == "broken"


# --------------------------------------------------------------------------- plain text


def test_text_paragraphs_and_front_matter(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "notiz.txt",
        "---\ntitle: Notiz\n---\nErste Zeile\nzweite Zeile mit Förder-\nmitteln.\n\n\n"
        "Zweiter   Absatz.\n",
    )
    assert doc.format == "text"
    assert doc.metadata == {"title": "Notiz"}
    assert [(b.text, b.section, b.page) for b in doc.blocks] == [
        ("Erste Zeile zweite Zeile mit Fördermitteln.\n\nZweiter Absatz.", "", None)
    ]
    assert doc.warnings == []


def test_text_cp1252(tmp_path: Path) -> None:
    doc = load(tmp_path, "windows.txt", "Straße, Größe \u2013 5 € „Zitat“".encode("cp1252"))
    assert doc.blocks[0].text == "Straße, Größe \u2013 5 € „Zitat“"
    assert any("Windows-1252" in w for w in doc.warnings)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_text_with_bom(tmp_path: Path, encoding: str) -> None:
    doc = load(tmp_path, "bom.txt", "Grüße aus Überlingen".encode(encoding))
    assert doc.blocks[0].text == "Grüße aus Überlingen"
    assert doc.warnings == []


def test_binary_file_named_txt(tmp_path: Path) -> None:
    assert error(tmp_path, "bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00").reason == "not_supported"


def test_whitespace_only_text_is_no_text(tmp_path: Path) -> None:
    assert error(tmp_path, "leer.txt", " \n\t\n ").reason == "no_text"


def test_malformed_text_front_matter_is_broken(tmp_path: Path) -> None:
    assert error(tmp_path, "a.txt", "---\n- [\n---\nText").reason == "broken"
