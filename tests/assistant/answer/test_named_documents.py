"""Which retrieved documents a question names (``assistant.answer.focus.named_documents``),
and that a question part naming one itself is answered from it."""

from __future__ import annotations

from assistant.answer.focus import named_among, named_documents
from assistant.models import SearchHit
from tests.assistant.answer.conftest import a_hit


def hit(doc_id: str, title: str) -> SearchHit:
    return a_hit(
        "Text.", chunk_id=f"{doc_id}:1", doc_id=doc_id, title=title,
        doc_type="programme_guideline", source=f"{doc_id}.md",
    )  # fmt: skip


HITS = [
    hit("iot", "Förderaufruf Kommunale IoT- und LoRaWAN-Infrastruktur NRW (Beispielaufruf)"),
    hit("pilot", "Förderaufruf LoRaWAN-Pilotprojekte OWL 2024"),
    hit("das", "Maßnahmen zur Anpassung an die Folgen des Klimawandels"),
    hit("krl", "Klimaschutzprojekte im kommunalen Umfeld (Kommunalrichtlinie)"),
    hit("bäume", "Bodenfeuchtesensoren für Stadtbäume in Bad Lippspringe"),
]


def test_a_mixed_case_acronym_names_its_document() -> None:
    assert named_documents("Was zahlt der IoT- und LoRaWAN-Aufruf des Landes?", HITS) == {"iot"}


def test_a_title_word_inside_a_compound_of_the_question_names_it() -> None:
    assert named_documents("Wie hoch ist die Bundesförderung zur Klimaanpassung?", HITS) == {"das"}


def test_a_general_word_does_not_name_a_compound_title_word() -> None:
    # "Sensoren" is part of "Bodenfeuchtesensoren", but names no document
    assert named_documents("Wie oft schicken die Sensoren einen Messwert?", HITS) == set()


def test_a_shared_title_word_names_nothing() -> None:
    assert named_documents("Was fördert der LoRaWAN-Förderaufruf?", HITS) == set()


def test_genre_words_do_not_name_by_compound() -> None:
    assert named_documents("Gibt es einen Landesförderaufruf dafür?", HITS) == set()


PLACES = frozenset({"paderborn", "lippspringe", "nieheim"})


def test_a_place_names_a_document_only_as_the_same_word() -> None:
    hits = [*HITS, hit("nieheim", "Luftgüte-Messnetz in Nieheim")]
    assert named_documents("Wie ist Nieheim vorgegangen?", hits, PLACES) == {"nieheim"}
    hits = [*HITS, hit("park", "Smart Parking in der Paderborner Innenstadt")]
    assert named_documents("Altenbeken, Kreis Paderborn: wer hilft?", hits, PLACES) == set()


def test_without_by_place_a_place_names_nothing() -> None:
    by_doc = {"nieheim": {"nieheim", "messnetz"}, "other": {"parkbank"}}
    assert named_among("Wie ist Nieheim vorgegangen?", by_doc, PLACES, by_place=False) == set()
    assert named_among("Wie ist Nieheim vorgegangen?", by_doc, PLACES) == {"nieheim"}


def test_a_short_general_word_inside_a_compound_names_nothing() -> None:
    by_doc = {"pakt": {"digitalpakt", "schule"}, "other": {"parkbank"}}
    assert named_among("Was gilt für die Grundschule?", by_doc) == set()
