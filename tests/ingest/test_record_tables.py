"""Records set with hard line breaks (a label, then one "name value" line per column) are read
as a table: in the reader itself, through the Markdown and HTML loaders, and on the real
Förderdatenbank page of the DAS guideline."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.tables import render_rows, row_sentence
from ingest.loaders import load_document
from ingest.loaders.record_tables import RecordTable, record_tables, split_records
from tests.conftest import shared_dir

MB = 1024 * 1024
A1 = "Förderschwerpunkt   \nA.1 Konzept"
A1_VALUES = (
    "Förderquote (FQ) 80%   \nMindestzuwendung (Euro) 50.000   \nFQ für finanzschwache Kommunen 90%"
)
A2 = "Förderschwerpunkt   \nA.2 Maßnahme"
A2_VALUES = (
    "Förderquote (FQ) 50%   \nMindestzuwendung (Euro) 10.000   \nFQ für finanzschwache Kommunen 65%"
)
HEADER = (
    "Förderschwerpunkt",
    "Förderquote (FQ)",
    "Mindestzuwendung (Euro)",
    "FQ für finanzschwache Kommunen",
)


def test_records_with_the_same_names_are_one_table() -> None:
    paragraphs = ["Die Sätze stehen in der Tabelle.", A1, A1_VALUES, A2, A2_VALUES, "Danach Text."]
    assert record_tables(paragraphs) == [
        RecordTable(
            1,
            5,
            HEADER,
            (("A.1 Konzept", "80%", "50.000", "90%"), ("A.2 Maßnahme", "50%", "10.000", "65%")),
        )
    ]
    parts = split_records(paragraphs)
    assert parts[0] == ["Die Sätze stehen in der Tabelle."]
    assert isinstance(parts[1], RecordTable)
    assert parts[2] == ["Danach Text."]


def test_one_line_label_and_no_label() -> None:
    [table] = record_tables(["Modul I", "Laufzeit (Monate) 36\nZuschuss (Euro) 300.000"])
    assert table.header == ("", "Laufzeit (Monate)", "Zuschuss (Euro)")
    assert table.rows == (("Modul I", "36", "300.000"),)
    # a sentence above the values is no label: the row has none
    [table] = record_tables(["Es gilt:", "Förderquote 80 %\nHöchstbetrag 1,5 Mio. Euro"])
    assert (table.start, table.rows) == (1, (("", "80 %", "1,5 Mio. Euro"),))


def test_names_that_change_start_a_new_table() -> None:
    other = "Personalstelle   \nKlimaanpassungsmanagement"
    other_values = "Förderquote (FQ) 80%\nLaufzeit (Monate) 36"
    tables = record_tables([A1, A1_VALUES, other, other_values])
    assert [(t.start, t.end, len(t.rows)) for t in tables] == [(0, 2, 1), (2, 4, 1)]
    assert tables[1].header == ("Personalstelle", "Förderquote (FQ)", "Laufzeit (Monate)")


@pytest.mark.parametrize(
    "values",
    [
        "Die Förderquote beträgt 80%\nMindestzuwendung (Euro) 50.000",  # a sentence line
        "Förderquote (FQ) 80%",  # one line is no record
        "Förderquote (FQ) 80% Mindestzuwendung (Euro) 50.000",  # one flattened line
        "Förderquote (FQ) 80%\nVorhaben mit 50 %",  # a name ending in a preposition
        "- Förderquote (FQ) 80%\n- Mindestzuwendung (Euro) 50.000",  # list items
        "Förderquote (FQ) 80%\nDie Mindestzuwendung beträgt 50.000 Euro.",
    ],
)
def test_prose_and_lists_are_no_records(values: str) -> None:
    assert record_tables([A1, values]) == []


def test_a_label_that_is_a_sentence_or_a_list_item_is_not_taken() -> None:
    for label in ["Die Tabelle zeigt die Sätze.", "- A.1 Konzept", "Förderschwerpunkt:\nA.1"]:
        [table] = record_tables([label, A1_VALUES])
        assert table.start == 1 and table.rows[0][0] == "", label


def test_markdown_loader_makes_a_table_block_and_renders_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    body = f"## 5.1 Förderschwerpunkt A\n\nWie in der Tabelle ersichtlich.\n\n{A1}\n\n{A1_VALUES}\n"
    path.write_text(body + f"\n{A2}\n\n{A2_VALUES}\n\nDanach Text.\n", encoding="utf-8")
    doc = load_document(path, max_bytes=MB)
    assert [(b.text.split("\n\n")[-1], b.table_header) for b in doc.blocks] == [
        ("Wie in der Tabelle ersichtlich.", ()),
        ("A.2 Maßnahme | 50% | 10.000 | 65%", HEADER),
        ("Danach Text.", ()),
    ]
    assert {b.section for b in doc.blocks} == {"5.1 Förderschwerpunkt A"}
    rows = render_rows(doc.blocks[1].text, doc.blocks[1].table_header)
    assert [row_sentence(r) for r in rows] == [
        "Förderschwerpunkt A.1 Konzept — Förderquote (FQ): 80%, Mindestzuwendung (Euro): 50.000, "
        "FQ für finanzschwache Kommunen: 90%",
        "Förderschwerpunkt A.2 Maßnahme — Förderquote (FQ): 50%, Mindestzuwendung (Euro): 10.000, "
        "FQ für finanzschwache Kommunen: 65%",
    ]


def test_html_loader_reads_records_set_with_br(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(
        "<html><body><h2>Förderschwerpunkt A</h2><p>Zeile eins<br>Zeile zwei.</p>"
        "<p>Förderschwerpunkt<br/>A.1 Konzept</p>"
        "<p>Förderquote (FQ) 80%<br>Mindestzuwendung (Euro) 50.000<br>"
        "FQ für finanzschwache Kommunen 90%</p><p>Danach Text.</p></body></html>",
        encoding="utf-8",
    )
    doc = load_document(path, max_bytes=MB)
    assert [(b.text, b.table_header) for b in doc.blocks] == [
        ("Förderschwerpunkt A\n\nZeile eins Zeile zwei.", ()),
        (" | ".join(HEADER) + "\n\nA.1 Konzept | 80% | 50.000 | 90%", HEADER),
        ("Danach Text.", ()),
    ]


def test_real_das_page_rates_table() -> None:
    name = "foerderdatenbank_DAS_Anpassung-an-die-Folgen-des-Klimawandels.md"
    path = shared_dir() / "realdocs" / name
    if not path.is_file():
        pytest.skip(f"the real documents are not here ({path.parent})")
    doc = load_document(path, max_bytes=50 * MB)
    [table] = [b for b in doc.blocks if "Förderschwerpunkt | Förderquote (FQ)" in b.text]
    assert table.section.endswith("5.1 Förderschwerpunkt A")
    assert table.text.split("\n\n")[1:] == [
        "A.1 Nachhaltiges Anpassungskonzept | 80% | 50.000 | 225.000 | 90%",
        "A.2 Anschlussvorhaben | 80% | 50.000 | 275.000 | 90%",
        "A.3 Ausgewählte Maßnahme | 50% | 10.000 | 200.000 | 65%",
    ]
    assert not any("Förderquote (FQ) 80%" in b.text for b in doc.blocks if not b.table_header)
