"""Composition per document in reading order: two chunks of one document are shown in the
order they stand in it, not in the order retrieval ranked them, and a list's lead-in that one
chunk carries is not repeated for the items of the other."""

from __future__ import annotations

from assistant.answer.compose import compose
from assistant.answer.selection import Unit
from tests.assistant.answer.conftest import a_hit

LEAD = "Im Rahmen einer Lotsenfunktion bietet das Zentrum unter anderem:"


def unit(hit_index: int, text: str, source: str, lead: str = "") -> Unit:
    start = source.index(text)
    return Unit(hit_index, start, start + len(text), text, frozenset(), None, lead=lead)


def test_chunks_of_one_document_in_reading_order_and_a_lead_in_once() -> None:
    later = "- Beratung zur Nutzung von Fördermaßnahmen\n- Vermittlung von Managern"
    earlier = f"Darüber hinaus steht das Zentrum zur Verfügung. {LEAD}\n\n- Orientierungsberatung"
    hits = [
        a_hit(later, chunk_id="c7", metadata={"chunk_index": 7}),
        a_hit(earlier, chunk_id="c6", metadata={"chunk_index": 6}),
        a_hit("Die ZUG bearbeitet die Anträge.", chunk_id="o1", doc_id="other", title="Aufruf"),
    ]
    chosen = [
        unit(0, "Beratung zur Nutzung von Fördermaßnahmen", later, LEAD),
        unit(2, "Die ZUG bearbeitet die Anträge.", hits[2].text),
        unit(1, "Darüber hinaus steht das Zentrum zur Verfügung.", earlier),
        unit(1, "Orientierungsberatung", earlier, LEAD),
    ]
    composed = compose(chosen, hits, "de")
    first, second = composed.text.split("\n\n")
    assert first == (
        "„Richtlinie“ (Dokument): Darüber hinaus steht das Zentrum zur Verfügung. [1] "
        f"{LEAD} Orientierungsberatung [1] Beratung zur Nutzung von Fördermaßnahmen [2]"
    )
    assert second.startswith("„Aufruf“") and second.endswith("[3]")
    assert [c.chunk_id for c in composed.citations] == ["c6", "c7", "o1"]
    assert first.count(LEAD) == 1


def test_without_chunk_numbers_retrieval_order_stays() -> None:
    hits = [a_hit("Zweiter Satz.", chunk_id="b"), a_hit("Erster Satz.", chunk_id="a")]
    chosen = [unit(1, "Erster Satz.", "Erster Satz."), unit(0, "Zweiter Satz.", "Zweiter Satz.")]
    text = compose(chosen, hits, "de").text
    assert text.index("Zweiter Satz. [1]") < text.index("Erster Satz. [2]")
