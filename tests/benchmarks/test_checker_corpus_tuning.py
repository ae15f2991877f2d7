"""The checker tuning experiment on the held-out corpus questions."""

from __future__ import annotations

from assistant.answer.confidence import Signals
from assistant.models import SearchHit
from benchmarks.checker_corpus_tuning import Asked, corpus_pairs, training_half


def hit(source: str, text: str) -> SearchHit:
    return SearchHit(
        1, 1.0, f"{source}:0", source, "t", "project_report", source, None, "", text, {}
    )


def test_halves_follow_the_documents() -> None:
    assert [training_half(f"hp{n:02d}") for n in (1, 4, 5, 8, 9)] == [
        True,
        True,
        False,
        False,
        True,
    ]


def test_pairs_take_the_answering_chunk_and_other_documents_chunks() -> None:
    signals = Signals(0.0, 0.0, 0.0, 0.0)
    hits = [
        hit("corpus/projects/a.md", "A ohne Zahl."),
        hit("corpus/transfer/b.md", "B nennt 80 %."),
        hit("corpus/projects/c.md", "C eins."),
        hit("corpus/projects/d.md", "D zwei."),
        hit("corpus/projects/e.md", "E drei."),
    ]
    answerable = {
        "question": "Wie viel?",
        "answered_by": ["corpus/projects/a.md", "corpus/transfer/b.md"],
        "answer_contains": ["80 %"],
    }
    near_miss = {"question": "Was kostet es?", "answerable": False}
    pairs = corpus_pairs(
        [Asked(answerable, hits, signals, 0.5), Asked(near_miss, hits, signals, 0.5)]
    )
    assert pairs == [
        ("Wie viel?", "B nennt 80 %.", 1.0),
        ("Wie viel?", "C eins.", 0.0),
        ("Wie viel?", "D zwei.", 0.0),
        ("Was kostet es?", "A ohne Zahl.", 0.0),
        ("Was kostet es?", "B nennt 80 %.", 0.0),
    ]
