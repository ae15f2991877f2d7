"""Which retrieved documents a question names (``assistant.answer.focus.named_documents``),
and that a question part naming one itself is answered from it."""

from __future__ import annotations

from assistant.answer.focus import named_documents
from assistant.models import SearchHit


def hit(doc_id: str, title: str) -> SearchHit:
    return SearchHit(
        rank=1, score=1.0, chunk_id=f"{doc_id}:1", doc_id=doc_id, title=title,
        doc_type="programme_guideline", source=f"{doc_id}.md", page=None, section="",
        text="Text.", metadata={},
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
