"""A short "label: figure" line ("Einreichungsfrist: 31. Mai 2027") is a quotable fact, a
short label without a figure is not (``selection.usable`` through ``units_of``)."""

from __future__ import annotations

from assistant.answer.selection import units_of
from tests.assistant.answer.conftest import a_hit


def unit_texts(text: str) -> list[str]:
    return [u.text for u in units_of([a_hit(text, title="Aufruf", section="Fristen")], {}, 1)]


def test_a_labelled_figure_is_a_unit_and_a_bare_label_is_not() -> None:
    text = (
        "- Einreichungsfrist: 31. Mai 2027\n\n- Förderquote: 80 %\n\n- Antragsverfahren\n\n"
        "- Zuständige Stelle: Bezirksregierung\n\n- Umsetzung bis spätestens 30. Juni 2028"
    )
    assert unit_texts(text) == [
        "Einreichungsfrist: 31. Mai 2027",
        "Förderquote: 80 %",
        "Umsetzung bis spätestens 30. Juni 2028",
    ]
