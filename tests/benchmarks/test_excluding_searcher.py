"""The searcher that the removal benchmarks use to ask as if documents were deleted."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.retrieval import HybridSearcher
from benchmarks.answers import ExcludingSearcher, chunk_document

QUESTION = "In welcher Tiefe sitzen die Bodenfeuchtesensoren bei den Stadtbäumen?"


def test_chunk_document_is_the_part_before_the_last_colon() -> None:
    assert chunk_document("transfer-dorf-app-3ee756b196:7adccf1b3614a977") == (
        "transfer-dorf-app-3ee756b196"
    )


@pytest.mark.slow
def test_excluded_documents_never_come_back_and_k_hits_remain(corpus_services: Any) -> None:
    plain = HybridSearcher(corpus_services.index).search(QUESTION, 10)
    removed = {h.doc_id for h in plain[:4]}
    assert len(removed) >= 2  # the project report and its transfer note, at least

    searcher = ExcludingSearcher(corpus_services.index)
    searcher.extra = corpus_services.index.store.count()
    searcher.exclude = frozenset(removed)
    hits = searcher.search(QUESTION, 10)
    assert len(hits) == 10
    assert not removed & {h.doc_id for h in hits}

    searcher.exclude = frozenset()
    assert [h.chunk_id for h in searcher.search(QUESTION, 10)] == [h.chunk_id for h in plain]
