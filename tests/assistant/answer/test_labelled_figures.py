"""A short "label: figure" line ("Einreichungsfrist: 31. Mai 2027") is a quotable fact, a
short label without a figure is not (``selection.usable`` through ``units_of``)."""

from __future__ import annotations

from assistant.answer.selection import units_of
from assistant.models import SearchHit


def unit_texts(text: str) -> list[str]:
    hit = SearchHit(
        rank=1, score=1.0, chunk_id="c", doc_id="d", title="Aufruf", doc_type="other",
        source="x.md", page=None, section="Fristen", text=text, metadata={},
    )  # fmt: skip
    return [u.text for u in units_of([hit], {}, 1)]


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
