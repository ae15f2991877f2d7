"""Table rows as text and as "header: value" lines (assistant/tables.py)."""

from __future__ import annotations

import pytest

from assistant.tables import join_cells, render_row, render_rows, row_sentence, split_cells
from ingest.loaders import load_document
from tests.conftest import shared_dir

HEADER = ("Förderschwerpunkt", "Förderquote", "finanzschwache Kommunen", "Mindestzuwendung")


def test_join_and_split_are_inverse_with_escaped_pipes_and_empty_cells() -> None:
    cells = ["A|B", "", "  viel   Raum ", "x \\| y"]
    text = join_cells(cells)
    assert text == "A\\|B | | viel Raum | x \\| y"
    assert split_cells(text) == ["A|B", "", "viel Raum", "x | y"]


def test_render_row_pairs_header_cells_with_values() -> None:
    row = render_row("4.1.2 | 50 % | 65 % | 10.000 Euro", HEADER)
    assert row is not None
    assert row.label == "4.1.2"
    assert row.pairs == (
        ("Förderquote", "50 %"),
        ("finanzschwache Kommunen", "65 %"),
        ("Mindestzuwendung", "10.000 Euro"),
    )
    assert row_sentence(row, "de") == (
        "Förderschwerpunkt 4.1.2 \u2014 Förderquote: 50 %, finanzschwache Kommunen: 65 %, "
        "Mindestzuwendung: 10.000 Euro"
    )


def test_header_may_be_given_as_its_row_text() -> None:
    header_text = join_cells(HEADER)
    assert render_row("4.1.2 | 50 %", header_text) == render_row("4.1.2 | 50 %", HEADER)


def test_empty_cells_are_left_out_and_a_word_label_stands_alone() -> None:
    row = render_row("Energiemanagement | | 65 % |", HEADER)
    assert row is not None
    assert row.pairs == (("finanzschwache Kommunen", "65 %"),)
    assert row_sentence(row, "de") == "Energiemanagement \u2014 finanzschwache Kommunen: 65 %"


def test_ragged_row_and_group_row() -> None:
    short = render_row("Strategische Förderschwerpunkte |", HEADER)
    assert short is not None and short.pairs == ()
    assert row_sentence(short) == "Strategische Förderschwerpunkte"
    two = render_row("A.1 Konzept | 80%", HEADER)
    assert two is not None
    assert row_sentence(two, "en") == "Förderschwerpunkt A.1 Konzept \u2014 Förderquote: 80%"


@pytest.mark.parametrize(("language", "word"), [("de", "Spalte"), ("en", "column")])
def test_cells_wider_than_the_header_are_named_by_column(language: str, word: str) -> None:
    row = render_row("Gateways | 12.000 | Landesmittel", ("Posten", "Euro"))
    assert row is not None
    assert row.pairs == (("Euro", "12.000"), ("", "Landesmittel"))
    assert row_sentence(row, language) == f"Gateways \u2014 Euro: 12.000, {word} 3: Landesmittel"


def test_escaped_pipe_stays_inside_its_cell() -> None:
    row = render_row("Option A \\| B | 60 %", ("Variante", "Quote"))
    assert row is not None
    assert row.label == "Option A | B"
    assert row_sentence(row) == "Option A | B \u2014 Quote: 60 %"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ein Satz ohne Spalten.",
        "Förderschwerpunkt | Förderquote | finanzschwache Kommunen | Mindestzuwendung",
        "Förderschwerpunkt | Förderquote | finanzschwache Kommunen | Mindestzuwendung | |",
        "4.1.2 | 50 %\n\n4.1.3 | 40 %",
    ],
)
def test_what_is_not_a_row_of_the_header(text: str) -> None:
    assert render_row(text, HEADER) is None


def test_header_only_table_has_no_rows() -> None:
    header_text = join_cells(HEADER)
    assert render_rows(header_text, header_text) == []
    assert render_row("a | b", ()) is None


def test_render_rows_reads_a_table_chunk() -> None:
    chunk = "Posten | Euro\n\nGateways | 12.000\n\nSensoren | 3.500"
    rows = render_rows(chunk, "Posten | Euro")
    assert [row_sentence(r) for r in rows] == [
        "Gateways \u2014 Euro: 12.000",
        "Sensoren \u2014 Euro: 3.500",
    ]


def test_rows_of_the_real_kommunalrichtlinie_table() -> None:
    path = shared_dir() / "realdocs" / "foerderdatenbank_Kommunalrichtlinie.md"
    if not path.is_file():
        pytest.skip(f"the real documents are not here ({path.parent})")
    doc = load_document(path, max_bytes=50 * 1024 * 1024)
    [table] = [b for b in doc.blocks if b.table_header]
    _, *rows = table.text.split("\n\n")
    sentences = {row_sentence(r) for r in render_rows(table.text, table.table_header)}
    assert len(sentences) == len(rows)  # every row reads as a row, the header row does not
    assert (
        "Förderschwerpunkt 4.1.2 – Energiemanagement \u2014 Förderquote (FQ): 70%, "
        "FQ für finanzschwache Kommunen: 90%"
    ) in sentences
    assert (
        "Förderschwerpunkt 4.2.5 Buchstabe d – Bike+Ride-Radabstellanlagen \u2014 "
        "Förderquote (FQ): 70%, FQ für finanzschwache Kommunen: 85%"
    ) in sentences
    assert "Investive Förderschwerpunkte" in sentences
