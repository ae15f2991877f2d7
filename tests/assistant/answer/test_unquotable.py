"""Passages without a whole sentence (slides, bullet words): the answer points to the pages
and quotes nothing as an answer; a question of the document is never quoted either."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.services import Services
from assistant.answer.analysis import analyse
from assistant.answer.selection import units_of
from assistant.answer.unquotable import unquotable_extract
from assistant.models import SearchHit
from assistant.settings import Settings
from tests.assistant.answer.conftest import a_hit


def slide(page: int, text: str) -> SearchHit:
    return a_hit(
        text, rank=page, chunk_id=f"d:{page}", title="Messnetz Steinheim", doc_type="strategy",
        source="folien.pdf", page=page,
    )  # fmt: skip


SLIDES = [
    slide(4, "Projektstrukturen\n\nStrukturen aufgebaut\n\nStellenbesetzung"),
    slide(9, "Ressourcen vom Rat\n\nAufbau von Kompetenzen"),
    slide(4, "Projektstrukturen Gremienarbeit"),
    slide(12, "Handlungsfelder Mobilität Energie Bildung"),
    slide(15, "Ausblick"),
]


def test_slide_text_yields_no_unit_and_a_question_is_no_unit() -> None:
    assert units_of(SLIDES, {}, len(SLIDES)) == []
    faq = slide(1, "Wie soll die Stadt das Netz betreiben? Das Netz betreibt der Bauhof selbst.")
    assert [u.text for u in units_of([faq], {}, 1)] == ["Das Netz betreibt der Bauhof selbst."]


def test_the_pointer_names_up_to_three_pages_and_quotes_them_verbatim() -> None:
    analysis = analyse("Wie viele Stellen hat Steinheim geschaffen?")
    extract = unquotable_extract(analysis, SLIDES, "de")
    assert extract is not None and extract.kind == "hedge" and not extract.missing
    assert extract.text.startswith("Die gefundenen Stellen in „Messnetz Steinheim“ sind")
    assert extract.text.endswith("Nachlesen lohnt sich: S. 4 [1], S. 9 [2] und S. 12 [3].")
    assert [c.page for c in extract.citations] == [4, 9, 12]
    for c, hit in zip(extract.citations, SLIDES[:2], strict=False):
        assert c.quote and c.quote in hit.text
    english = unquotable_extract(analysis, SLIDES[:1], "en")
    assert english is not None and english.text.endswith("Worth reading: p. 4 [1].")
    assert unquotable_extract(analysis, [], "de") is None


@pytest.mark.slow
def test_a_question_on_a_deck_of_bullet_words_is_a_hedge_pointing_to_pages(
    tmp_path: Path,
) -> None:
    deck = tmp_path / "folien-messnetz-steinheim.md"
    deck.write_text(
        "# Messnetz Steinheim\n\n## Projektstruktur\n\n- Strukturen aufgebaut\n"
        "- Stellenbesetzung und Vergabe\n- Gremienarbeit im Rat\n\n## Ressourcen\n\n"
        "- Personal durch den Rat beschlossen\n- Kompetenzen aufgebaut\n",
        encoding="utf-8",
    )
    services = Services.build(Settings(data_dir=tmp_path / "data"))
    try:
        assert not services.pipeline.run([deck]).failed
        answer = services.answers.ask(
            "Welche Strukturen hat Steinheim für das Messnetz aufgebaut, und wie viele "
            "Stellen wurden dafür besetzt?"
        )
        assert answer.kind == "hedge", answer.answer
        assert answer.confidence in ("low", "none")
        assert "lässt sich daraus nicht zitieren" in answer.answer
        assert "„Projektstruktur“ [" in answer.answer  # no pages: the sections are named
        assert answer.citations
        for c in answer.citations:
            stored = services.answers.searcher.index.store.get([c.chunk_id])[c.chunk_id][0]
            assert c.quote in stored
    finally:
        services.close()
