"""Tables as tables: Markdown pipe tables and HTML <table> become table blocks, and the chunker
never separates a row from its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models import Chunk
from assistant.tables import render_rows
from ingest.chunking import chunk_document, pack_rows
from ingest.document import LoadedDocument, TextBlock
from ingest.loaders import load_document
from ingest.metadata import DocumentMetadata, build_metadata
from tests.conftest import shared_dir

MB = 1024 * 1024
CHILD = " \u203a "


def load(tmp_path: Path, name: str, content: str) -> LoadedDocument:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return load_document(path, max_bytes=MB)


def tables(doc: LoadedDocument) -> list[TextBlock]:
    return [b for b in doc.blocks if b.table_header]


def chunks_of(doc: LoadedDocument, chunk_size: int = 600) -> list[Chunk]:
    meta = build_metadata(doc, {})
    return chunk_document(
        doc, meta, doc_id="d", source=doc.path.name, chunk_size=chunk_size, overlap=150
    )


# --------------------------------------------------------------------------- Markdown


def test_markdown_table_is_a_block_of_its_own_under_the_section(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "a.md",
        "## Förderung\n\nDie Sätze:\n\n| Land | **Quote** |\n|:-----|-----:|\n"
        "| BW   | 60 %  |\n| [NRW](https://nrw.de) | 50 % |\n\nDanach Text.\n",
    )
    assert [(b.section, b.text, b.table_header) for b in doc.blocks] == [
        ("Förderung", "Förderung\n\nDie Sätze:", ()),
        ("Förderung", "Land | Quote\n\nBW | 60 %\n\nNRW | 50 %", ("Land", "Quote")),
        ("Förderung", "Danach Text.", ()),
    ]


def test_markdown_table_without_outer_pipes_and_with_a_wrapped_header(tmp_path: Path) -> None:
    # as html2text writes it (the Förderdatenbank pages): no outer pipes, header cells wrapped
    doc = load(
        tmp_path,
        "a.md",
        "Förderschwerpunkt  |  Förderquote (FQ)  |  FQ für   \nfinanzschwache   \nKommunen   \n"
        "---|---|---  \nStrategische Förderschwerpunkte  |  |   \n"
        "4.1.2 – Energiemanagement  |  70%  |  90%   \n  \nText.",
    )
    [table] = tables(doc)
    assert table.table_header == (
        "Förderschwerpunkt",
        "Förderquote (FQ)",
        "FQ für finanzschwache Kommunen",
    )
    assert table.text.split("\n\n") == [
        "Förderschwerpunkt | Förderquote (FQ) | FQ für finanzschwache Kommunen",
        "Strategische Förderschwerpunkte |",
        "4.1.2 – Energiemanagement | 70% | 90%",
    ]
    assert doc.blocks[-1].text == "Text."


def test_markdown_prose_line_before_the_header_stays_prose(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "Die Tabelle:\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert [(b.text, b.table_header) for b in doc.blocks] == [
        ("Die Tabelle:", ()),
        ("a | b\n\n1 | 2", ("a", "b")),
    ]


def test_markdown_empty_ragged_wide_and_escaped_cells(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "a.md",
        "| Posten | Euro | Quelle |\n|---|---|---|\n| Gateways | | Land |\n| Sensoren |\n"
        "| Netz | 5 | Bund | Anmerkung |\n| A \\| B | 7 | `x\\|y` |\n| | | |\n",
    )
    [table] = tables(doc)
    assert table.text.split("\n\n") == [
        "Posten | Euro | Quelle",
        "Gateways | | Land",
        "Sensoren",
        "Netz | 5 | Bund | Anmerkung",
        "A \\| B | 7 | x\\|y",  # the all-empty row is dropped
    ]
    rows = render_rows(table.text, table.table_header)
    assert [(r.label, r.pairs) for r in rows] == [
        ("Gateways", (("Quelle", "Land"),)),
        ("Netz", (("Euro", "5"), ("Quelle", "Bund"), ("", "Anmerkung"))),
        ("A | B", (("Euro", "7"), ("Quelle", "x|y"))),
    ]  # "Sensoren" alone is a single cell: not read as a row


def test_markdown_header_only_table_and_all_empty_header(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "| Nur | Kopf |\n| --- | --- |\n\nText.")
    assert [(b.text, b.table_header) for b in doc.blocks] == [
        ("Nur | Kopf", ("Nur", "Kopf")),
        ("Text.", ()),
    ]
    doc = load(tmp_path, "b.md", "|  |  |\n|--|--|\n| Land | Quote |\n| BW | 60 % |\n")
    [table] = tables(doc)
    assert table.table_header == ("Land", "Quote")
    assert table.text == "Land | Quote\n\nBW | 60 %"


def test_markdown_table_ends_at_a_line_without_pipe_or_a_heading(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "a.md",
        "| a | b |\n|---|---|\n| 1 | 2 |\nLoser Satz danach.\n\n| c | d |\n|---|---|\n"
        "| 3 | 4 |\n## Weiter\n\nText.",
    )
    assert [(b.section, b.text) for b in doc.blocks] == [
        ("", "a | b\n\n1 | 2"),
        ("", "Loser Satz danach."),
        ("", "c | d\n\n3 | 4"),
        ("Weiter", "Weiter\n\nText."),
    ]


def test_pipe_lines_without_a_delimiter_row_are_paragraphs(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "| a | b |\n| c | d |\nText mit a | b im Satz.\n")
    assert [(b.text, b.table_header) for b in doc.blocks] == [
        ("a | b\n\nc | d\n\nText mit a | b im Satz.", ())
    ]


def test_header_cell_count_must_match_the_delimiter(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "a | b | c\n---|---\n1 | 2\n")
    assert tables(doc) == []


def test_table_in_fenced_code_is_code(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.md", "```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n")
    assert tables(doc) == []
    assert "|---|---|" in doc.blocks[0].text


# --------------------------------------------------------------------------- HTML

HTML = """<html><body>
<h2>Fördersätze</h2>
<p>Es gelten:</p>
<table>
  <caption>Tabelle 1: Quoten</caption>
  <thead>
    <tr><th rowspan="2">Förderschwerpunkt</th><th colspan="2">Förderquote</th></tr>
    <tr><th>Regel</th><th>finanzschwache Kommunen</th></tr>
  </thead>
  <tbody>
    <tr><td>4.1.2 &ndash; Energiemanagement</td><td>70&nbsp;%</td><td>90 %</td></tr>
    <tr><td>Strategische Förderschwerpunkte</td><td colspan="2"></td></tr>
    <tr><td>A | B</td><td><p>50 %</p><p>(ab 2024)</p></td></tr>
    <tr><td>Netz</td><td>1</td><td>2</td><td>zu breit</td></tr>
    <tr><td></td><td></td><td></td></tr>
  </tbody>
</table>
<p>Danach.</p>
<table><tr><td>Layout ohne Kopf</td><td>zweite Spalte</td></tr></table>
<table><tr><th>Posten</th><th>Euro</th></tr><tr><td>Gateways</td><td>12.000</td></tr></table>
<table><tr><th>Nur Kopf</th></tr></table>
<table><tr><th>Außen</th></tr><tr><td><table><tr><th>Innen</th></tr></table></td></tr></table>
</body></html>
"""


def test_html_tables(tmp_path: Path) -> None:
    doc = load(tmp_path, "a.html", HTML)
    assert [(b.section, b.text, b.table_header) for b in doc.blocks] == [
        ("Fördersätze", "Fördersätze\n\nEs gelten:\n\nTabelle 1: Quoten", ()),
        (
            "Fördersätze",
            "Förderschwerpunkt | Förderquote Regel | Förderquote finanzschwache Kommunen\n\n"
            "4.1.2 – Energiemanagement | 70 % | 90 %\n\n"
            "Strategische Förderschwerpunkte | |\n\n"
            "A \\| B | 50 % (ab 2024)\n\n"
            "Netz | 1 | 2 | zu breit",
            ("Förderschwerpunkt", "Förderquote Regel", "Förderquote finanzschwache Kommunen"),
        ),
        (
            "Fördersätze",
            "Danach.\n\nLayout ohne Kopf\n\nzweite Spalte",
            (),
        ),
        ("Fördersätze", "Posten | Euro\n\nGateways | 12.000", ("Posten", "Euro")),
        ("Fördersätze", "Nur Kopf", ("Nur Kopf",)),
        # the outer table holds a table: layout, read as before; the inner one is a table
        ("Fördersätze", "Außen", ()),
        ("Fördersätze", "Innen", ("Innen",)),
    ]
    rows = render_rows(doc.blocks[1].text, doc.blocks[1].table_header)
    assert rows[2].label == "A | B"
    assert rows[2].pairs == (("Förderquote Regel", "50 % (ab 2024)"),)


# --------------------------------------------------------------------------- chunking


def table_block(rows: int, section: str = "Sätze") -> TextBlock:
    header = ("Förderschwerpunkt", "Quote")
    lines = ["Förderschwerpunkt | Quote"] + [f"Maßnahme {n} mit Namen | {n} %" for n in range(rows)]
    return TextBlock("\n\n".join(lines), section=section, table_header=header)


@pytest.mark.parametrize("chunk_size", [200, 300, 600, 5000])
def test_pack_rows_keeps_whole_rows_under_their_header(chunk_size: int) -> None:
    block = table_block(40)
    header, *rows = block.text.split("\n\n")
    pieces = pack_rows(block.text, chunk_size)
    assert all(p.startswith(header + "\n\n") for p in pieces)
    assert all(len(p) <= chunk_size for p in pieces)
    packed = [row for p in pieces for row in p.split("\n\n")[1:]]
    assert packed == rows  # every row once, whole, in order
    if chunk_size >= len(block.text):
        assert pieces == [block.text]


def test_pack_rows_header_only_and_overlong_row() -> None:
    assert pack_rows("a | b", 200) == ["a | b"]
    long_row = "x | " + " ".join(f"Wort{n}." for n in range(100))
    pieces = pack_rows(f"a | b\n\nkurz | 1\n\n{long_row}\n\nkurz | 2", 200)
    assert pieces[0] == "a | b\n\nkurz | 1"
    assert pieces[-1] == "a | b\n\nkurz | 2"
    middle = pieces[1:-1]
    assert len(middle) > 1 and all(p.startswith("a | b\n\n") for p in middle)
    assert " ".join(p.split("\n\n", 1)[1] for p in middle) == long_row


def test_table_chunks_carry_the_header_in_metadata() -> None:
    doc = LoadedDocument(
        Path("a.md"), "markdown", [TextBlock("Vorher.", section="Sätze"), table_block(30)]
    )
    meta = DocumentMetadata(title="A", doc_type="other")
    chunks = chunk_document(doc, meta, doc_id="a", source="a.md", chunk_size=300, overlap=100)
    prose, *table = chunks
    assert (prose.metadata["table"], prose.metadata["table_header"]) == (False, "")
    assert len(table) > 1
    for chunk in table:
        assert chunk.metadata["table"] is True
        assert chunk.metadata["table_header"] == "Förderschwerpunkt | Quote"
        assert chunk.metadata["section"] == "Sätze"
        assert chunk.text.startswith("Förderschwerpunkt | Quote\n\n")
    assert all(isinstance(v, (str, int, bool)) for c in chunks for v in c.metadata.values())
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_real_kommunalrichtlinie_rows_never_travel_without_their_header() -> None:
    path = shared_dir() / "realdocs" / "foerderdatenbank_Kommunalrichtlinie.md"
    if not path.is_file():
        pytest.skip(f"the real documents are not here ({path.parent})")
    lines = path.read_text(encoding="utf-8").splitlines()
    rule = next(i for i, line in enumerate(lines) if line.strip() == "---|---|---")
    end = next(i for i in range(rule + 1, len(lines)) if not lines[i].strip())
    source_rows = lines[rule + 1 : end]

    doc = load_document(path, max_bytes=50 * MB)
    [table] = tables(doc)
    assert table.section == f"7 Art und Umfang, Höhe der Zuwendung{CHILD}7.3 Fördersätze"
    header, *rows = table.text.split("\n\n")
    assert len(rows) == len(source_rows)
    for source, row in zip(source_rows, rows, strict=True):
        assert " ".join(source.split()).rstrip(" |") == row.rstrip(" |")
    table_chunks = [c for c in chunks_of(doc) if c.metadata["table"]]
    assert len(table_chunks) > 1
    assert all(c.text.startswith(header + "\n\n") for c in table_chunks)
    assert [r for c in table_chunks for r in c.text.split("\n\n")[1:]] == rows
