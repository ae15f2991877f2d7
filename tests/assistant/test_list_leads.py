"""The lead-in of a list item, within a chunk and across a chunk boundary."""

from __future__ import annotations

from pathlib import Path

from assistant.list_leads import Lead, lead_of, with_lead
from ingest.chunking import chunk_document
from ingest.document import LoadedDocument, TextBlock
from ingest.metadata import DocumentMetadata

LIST = (
    "Eine Beratung bietet die Agentur.\n\nAntragsberechtigt sind ohne Einschränkungen:\n\n"
    "- Kommunen und kommunale Zusammenschlüsse,\n\n"
    "- gemeinnützige Vereine für die von ihnen betriebenen Einrichtungen,\n\n"
    "- Religionsgemeinschaften mit Körperschaftsstatus.\n\nDarüber hinaus gibt es mehr."
)


def test_items_find_their_lead_in() -> None:
    for item in ("Kommunen und", "gemeinnützige", "Religionsgemeinschaften"):
        assert lead_of(LIST, LIST.index(item)) == Lead(
            "Antragsberechtigt sind ohne Einschränkungen:"
        )


def test_prose_has_no_lead_in() -> None:
    assert lead_of(LIST, LIST.index("Darüber")) == Lead()
    assert lead_of(LIST, 0) == Lead()
    unled = "Ein Satz ohne Doppelpunkt.\n\n- ein Punkt einer Liste."
    assert lead_of(unled, unled.index("ein Punkt")) == Lead()


def test_a_list_open_at_the_start_says_so() -> None:
    text = "- gemeinnützige Vereine,\n\n- Religionsgemeinschaften."
    assert lead_of(text, text.index("Religion")) == Lead(open_at_start=True)


def test_with_lead_drops_the_joining_comma() -> None:
    assert with_lead("Antragsberechtigt sind:", "gemeinnützige Vereine,") == (
        "Antragsberechtigt sind: gemeinnützige Vereine"
    )
    assert with_lead("", "Religionsgemeinschaften;") == "Religionsgemeinschaften"


def test_a_chunk_that_starts_inside_a_list_carries_its_lead_in() -> None:
    items = "\n\n".join(f"- Einrichtung Nummer {n} mit einem längeren Namen," for n in range(20))
    text = f"Antragsberechtigt sind ohne Einschränkungen:\n\n{items}"
    doc = LoadedDocument(Path("r.md"), "markdown", [TextBlock(text, section="Antrag")])
    chunks = chunk_document(
        doc,
        DocumentMetadata(title="R", doc_type="programme_guideline"),
        doc_id="r",
        source="r.md",
        chunk_size=300,
        overlap=0,
    )
    assert len(chunks) > 1
    assert chunks[0].metadata["list_lead"] == ""
    assert all(
        c.metadata["list_lead"] == "Antragsberechtigt sind ohne Einschränkungen:"
        for c in chunks[1:]
    )
