"""A heading glued to the front of a sentence is cut off only when a new sentence or a
separator follows it; a sentence whose subject is the heading's word keeps it."""

from __future__ import annotations

from assistant.answer.selection import usable
from tests.assistant.answer.conftest import a_hit


def shown(text: str, section: str) -> str | None:
    hit = a_hit(text, section=section)
    span = usable(hit, 0, len(text))
    return None if span is None else text[span[0] : span[1]]


def test_the_sections_word_as_subject_stays() -> None:
    text = "Ansprechstelle ist die Digitalisierungsstelle des Kreises Gütersloh."
    assert shown(text, "Ansprechstelle") == text
    text = "Ansprechstellen sind die Digitalisierungsstellen der Kreise."
    assert shown(text, "Ansprechstelle") == text


def test_a_glued_heading_before_a_new_sentence_or_a_separator_goes() -> None:
    assert shown(
        "Ergebnisse Nach drei Jahren arbeiten alle Ämter mit der E-Akte.", "Ergebnisse"
    ) == ("Nach drei Jahren arbeiten alle Ämter mit der E-Akte.")
    assert shown("Ergebnisse: Die Suchzeiten sind deutlich gesunken.", "Ergebnisse") == (
        "Die Suchzeiten sind deutlich gesunken."
    )
