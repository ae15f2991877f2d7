"""The boundary counting of benchmarks/sentence_boundaries.py, and its target on the real
documents."""

from __future__ import annotations

import pytest

from assistant.sentences import split_sentences
from assistant.settings import Settings
from benchmarks.sentence_boundaries import (
    chunk_edges_inside,
    documents,
    legacy_split,
    measure_document,
    tally,
)
from tests.conftest import shared_dir

TEXT = (
    "Diese Richtlinie tritt mit Wirkung vom 22. August 2023 in Kraft. Sie gilt nach "
    "§ 5 Abs. 2 Nr. 3 der Verordnung (BGBl. I S. 1284) bis zum 30. Juni 2026. Ende."
)


def test_tally_counts_sentences_cut_inside_dates_and_references() -> None:
    legacy = tally(TEXT, legacy_split, keep_examples=3)
    # legacy: "... vom 22." | "August 2023 in Kraft." | "Sie gilt ... (BGBl." |
    # "I S. 1284) bis zum 30." | "Juni 2026." | "Ende."
    assert legacy.sentences == 6
    assert legacy.date == 4  # ends at "22.", starts at "August", ends at "30.", starts at "Juni"
    assert legacy.reference == 1  # ends at "BGBl." inside the gazette citation
    assert len(legacy.examples) == 3
    assert "vom 22." in legacy.examples[0]

    current = tally(TEXT, split_sentences)
    assert (current.sentences, current.errors) == (3, 0)


def test_tally_locates_pieces_in_the_whole_text() -> None:
    text = "Antrag bis zum 31. Dezember 2024 stellen. Danach nicht."
    cut = text.index("Dezember")
    pieces = [text[:cut].strip(), text[cut:]]  # a chunk edge inside the date
    assert chunk_edges_inside(text, pieces) == 2  # the end of one, the start of the other
    assert tally(text, split_sentences, pieces).date == 2
    assert tally(text, split_sentences, [text]).date == 0


def test_no_sentence_of_the_real_documents_is_cut_inside_a_date_or_reference() -> None:
    folder = shared_dir() / "realdocs"
    if not folder.is_dir():
        pytest.skip(f"the real documents are not here ({folder})")
    settings = Settings()
    results = [
        measure_document(p, settings.chunk_size, settings.chunk_overlap, examples=3)
        for p in documents(folder)
    ]
    assert len(results) == 8
    assert sum(r.legacy.errors for r in results) > 50  # the baseline really has the bug
    for r in results:
        assert r.current.errors == 0, (r.name, r.current.examples)
        assert r.edges == 0, r.name
