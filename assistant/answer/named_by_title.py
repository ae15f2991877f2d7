"""The documents a question names by title that retrieval did not bring.

"Dürfen die Stadtwerke beim IoT- und LoRaWAN-Aufruf des Landes selbst Antragsteller sein?"
names one call by a word of its title ("IoT") that no other indexed title has; the chunks
retrieval ranks first may all come from project reports about LoRaWAN. ``TitleIndex`` knows
the title words of every indexed document (read from the store once per index generation)
and returns, for each document the question names this way and the hits lack, its chunks
nearest to the question (a dense search inside the document).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.focus import named_among, title_words
from assistant.doc_chunks import hit_from_store
from assistant.index import SearchIndex
from assistant.models import SearchHit

__all__ = ["MAX_TITLE_NAMED", "TitleIndex"]

#: a question naming more documents than this names none in particular
MAX_TITLE_NAMED = 2
#: chunks taken from each such document
CHUNKS_PER_DOCUMENT = 2


class TitleIndex:
    """The title words of every indexed document, and the search inside named ones."""

    def __init__(self, index: SearchIndex, places: frozenset[str] = frozenset()) -> None:
        """``places``: place names; a place names no document by title ("Paderborn" is
        in many titles' places, and in the asker's sentence about the town)."""
        self.index = index
        self.places = places
        self._words: tuple[int, dict[str, set[str]]] | None = None

    def words(self) -> dict[str, set[str]]:
        """doc id -> ``focus.title_words`` of its title and programme."""
        generation = self.index.state.read()
        if self._words is None or self._words[0] != generation:
            by_doc: dict[str, set[str]] = {}
            for meta in self.index.store.metadatas_where({"chunk_index": 0}):
                title = f"{meta.get('title') or ''} {meta.get('programme') or ''}"
                by_doc[str(meta.get("doc_id", ""))] = title_words(title)
            self._words = (generation, by_doc)
        return self._words[1]

    def missing(
        self, question: str, hits: Sequence[SearchHit], vector: Sequence[float]
    ) -> list[SearchHit]:
        """The chunks nearest to ``vector`` of each document that ``question`` names by
        title (among all indexed titles) and ``hits`` do not contain."""
        named = named_among(question, self.words(), self.places, by_place=False)
        if not named or len(named) > MAX_TITLE_NAMED:
            return []
        present = {h.doc_id for h in hits}
        found: list[SearchHit] = []
        for doc_id in sorted(named - present):
            nearest = self.index.store.query(vector, CHUNKS_PER_DOCUMENT, {"doc_id": doc_id})
            stored = self.index.store.get([i for i, _ in nearest])
            for chunk_id, similarity in nearest:
                if chunk_id in stored:
                    text, meta = stored[chunk_id]
                    hit = replace(hit_from_store(chunk_id, text, meta), dense_similarity=similarity)
                    found.append(hit)
        return found
