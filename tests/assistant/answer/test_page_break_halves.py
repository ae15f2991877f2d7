"""The halves of a sentence that a page break cut are never quoted (``units_of``)."""

from __future__ import annotations

from assistant.answer.selection import units_of
from tests.assistant.answer.conftest import a_hit


def unit_texts(text: str, **marks: bool) -> list[str]:
    hit = a_hit(
        text, title="Bericht", source="x.pdf", page=4, section="Erfahrungen", metadata=marks
    )
    return [u.text for u in units_of([hit], {}, 1)]


TEXT = (
    "Verwaltung weitgehend ausgeräumt. Die Heizungskeller liegen oft tief hinter Beton. "
    "Mit dem ersten Leck war die"
)


def test_unmarked_chunks_keep_every_unit() -> None:
    assert len(unit_texts(TEXT)) == 3


def test_the_halves_at_a_marked_start_and_end_are_left_out() -> None:
    assert unit_texts(TEXT, starts_mid_sentence=True) == [
        "Die Heizungskeller liegen oft tief hinter Beton.",
        "Mit dem ersten Leck war die",
    ]
    assert unit_texts(TEXT, starts_mid_sentence=True, ends_mid_sentence=True) == [
        "Die Heizungskeller liegen oft tief hinter Beton."
    ]
