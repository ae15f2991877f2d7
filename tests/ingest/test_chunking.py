from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ingest.chunking import chunk_document, pack_sentences
from ingest.document import LoadedDocument, TextBlock
from ingest.metadata import DocumentMetadata

SENTENCES = [
    f"Satz Nummer {n} beschreibt ein Detail des LoRaWAN-Projekts in Delbrück." for n in range(40)
]
TEXT = " ".join(SENTENCES)


@pytest.mark.parametrize(("size", "overlap"), [(200, 0), (300, 80), (900, 150), (5000, 150)])
def test_pieces_are_verbatim_bounded_and_cover_everything(size: int, overlap: int) -> None:
    pieces = pack_sentences(TEXT, size, overlap)
    assert all(p in TEXT for p in pieces)
    assert all(len(p) <= size for p in pieces)
    for sentence in SENTENCES:
        assert any(sentence in p for p in pieces)
    if size >= len(TEXT):
        assert pieces == [TEXT]


def test_pieces_end_on_sentence_boundaries_and_overlap() -> None:
    pieces = pack_sentences(TEXT, 300, 80)
    assert all(p.endswith(".") for p in pieces)
    shared = [a.split(". ")[-1] in b for a, b in itertools.pairwise(pieces)]
    assert all(shared)


def test_overlong_sentence_is_cut_at_spaces() -> None:
    words = " ".join(f"Wort{n}" for n in range(200))
    pieces = pack_sentences(words, 100, 0)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces) == words


def make_doc() -> LoadedDocument:
    return LoadedDocument(
        path=Path("bericht.pdf"),
        format="pdf",
        blocks=[
            TextBlock(" ".join(SENTENCES[:10]), page=1, section="Ausgangslage"),
            TextBlock(" ".join(SENTENCES[10:20]), page=2, section="Ergebnisse"),
            TextBlock("Kurz.", page=3, section="Ergebnisse"),
        ],
    )


def test_chunks_keep_page_section_metadata_and_stable_ids() -> None:
    meta = DocumentMetadata(
        title="Bericht", doc_type="project_report", region="OWL", municipality="Delbrück"
    )
    chunks = chunk_document(
        make_doc(), meta, doc_id="bericht-1", source="x/bericht.pdf", chunk_size=300, overlap=0
    )
    assert {c.metadata["page"] for c in chunks} == {1, 2, 3}
    for chunk in chunks:
        page = chunk.metadata["page"]
        assert chunk.metadata["section"] == ("Ausgangslage" if page == 1 else "Ergebnisse")
        assert chunk.metadata["doc_id"] == "bericht-1"
        assert chunk.metadata["key_municipality"] == "delbrück"
        assert chunk.chunk_id.startswith("bericht-1:")
    assert [c.metadata["chunk_index"] for c in chunks] == list(range(len(chunks)))
    again = chunk_document(
        make_doc(), meta, doc_id="bericht-1", source="x/bericht.pdf", chunk_size=300, overlap=0
    )
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_repeated_text_gets_distinct_ids() -> None:
    doc = LoadedDocument(Path("a.md"), "markdown", [TextBlock("Gleich."), TextBlock("Gleich.")])
    meta = DocumentMetadata(title="A", doc_type="other")
    chunks = chunk_document(doc, meta, doc_id="a", source="a.md", chunk_size=300, overlap=0)
    assert len(chunks) == 2 and chunks[0].chunk_id != chunks[1].chunk_id


def test_a_sentence_cut_by_a_page_break_is_marked_on_both_chunks() -> None:
    blocks = [
        TextBlock(
            "Die Sensoren laufen. Mit dem ersten Leck war die Skepsis in der", 3, "Erfahrungen"
        ),
        TextBlock("Verwaltung ausgeräumt. Funk in Gebäuden prüfen.", 4, "Erfahrungen"),
        TextBlock("Neuer Abschnitt ohne Punkt am Ende", 5, "Kosten"),
        TextBlock("Die Kosten lagen bei 4.000 Euro.", 6, "Kosten"),
        TextBlock("Ein ganzer Satz.", 7, "Kosten"),
    ]
    doc = LoadedDocument(Path("a.pdf"), "pdf", blocks)
    meta = DocumentMetadata(title="A", doc_type="other")
    chunks = chunk_document(doc, meta, doc_id="a", source="a.pdf", chunk_size=800, overlap=0)
    marks = [(c.metadata["starts_mid_sentence"], c.metadata["ends_mid_sentence"]) for c in chunks]
    # page 3 -> 4 cuts a sentence; 5 -> 6 too (same heading, no full stop); 4 -> 5 is a new
    # heading, 6 -> 7 ends with a full stop
    assert marks == [(False, True), (True, False), (False, True), (True, False), (False, False)]
