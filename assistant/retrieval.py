"""Hybrid retrieval: fusion of dense (e5) and lexical (BM25) results (``assistant.fusion``).

``HybridSearcher.search`` returns contract ``SearchHit``s; ``HybridRetriever`` exposes the
same search as a LangChain retriever for chains that want ``Document``s.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.errors import InvalidRequestError
from assistant.filters import SearchFilters
from assistant.fusion import convex_fusion, reciprocal_rank_fusion
from assistant.glossary import expand_query, glossary_from_json
from assistant.index import SearchIndex
from assistant.models import SearchHit

__all__ = [
    "MAX_K",
    "MAX_QUERY_CHARS",
    "HybridRetriever",
    "HybridSearcher",
    "convex_fusion",
    "public_metadata",
    "reciprocal_rank_fusion",
]

MAX_K = 100
MAX_QUERY_CHARS = 2000


class HybridSearcher:
    """Searches one ``SearchIndex``.

    The lexical query is expanded with the abbreviations the indexed documents define
    (``assistant.glossary``: "AGVO" also searches "Allgemeine Gruppenfreistellungsverordnung"
    and back); the glossary is read from the store once per index generation."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._glossary: tuple[int, dict[str, str]] | None = None

    def glossary(self) -> dict[str, str]:
        """The abbreviations of every indexed document (the first definition wins)."""
        generation = self.index.state.read()
        if self._glossary is None or self._glossary[0] != generation:
            merged: dict[str, str] = {}
            for meta in self.index.store.metadatas_where({"extra_glossary": {"$ne": ""}}):
                for short, long in glossary_from_json(meta.get("extra_glossary")).items():
                    merged.setdefault(short, long)
            self._glossary = (generation, merged)
        return self._glossary[1]

    def search(
        self, query: str, k: int = 5, filters: SearchFilters | None = None
    ) -> list[SearchHit]:
        """The ``k`` best chunks for ``query``, fused from dense and lexical search."""
        return self.search_with_vector(query, k, filters)[0]

    def search_with_vector(
        self, query: str, k: int = 5, filters: SearchFilters | None = None
    ) -> tuple[list[SearchHit], list[float]]:
        """``search``, and the query's e5 vector (the answer engine compares sentences with
        it)."""
        query = query.strip()
        if not query:
            raise InvalidRequestError(
                "Die Suchanfrage ist leer.", message_en="The search query is empty."
            )
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidRequestError(
                f"Die Suchanfrage ist zu lang (höchstens {MAX_QUERY_CHARS} Zeichen).",
                message_en=f"The search query is too long (at most {MAX_QUERY_CHARS} characters).",
            )
        if not 1 <= k <= MAX_K:
            raise InvalidRequestError(
                f"k muss zwischen 1 und {MAX_K} liegen.",
                message_en=f"k must be between 1 and {MAX_K}.",
            )
        filters = filters or SearchFilters()
        settings = self.index.settings
        n = max(settings.search_candidates, k)
        vector = self.index.embeddings.embed_query(query)
        dense, lexical = self.candidates(query, vector, n, filters)
        if settings.fusion == "convex":
            fused = convex_fusion(dense, lexical, n, settings.fusion_alpha)
        else:
            fused = reciprocal_rank_fusion(
                [[i for i, _ in dense], [i for i, _ in lexical]],
                settings.rrf_k,
                [settings.dense_weight, 1.0],
            )
        top = sorted(fused, key=lambda i: fused[i], reverse=True)[:k]
        similarity = dict(dense)
        dense_rank = {i: r for r, (i, _) in enumerate(dense, start=1)}
        lexical_rank = {i: r for r, (i, _) in enumerate(lexical, start=1)}
        stored_chunks = self.index.store.get_with_vectors(top)
        for chunk_id, (_, _, stored) in stored_chunks.items():
            if chunk_id not in similarity:  # found by lexical search only
                similarity[chunk_id] = sum(a * b for a, b in zip(vector, stored, strict=True))
        hits: list[SearchHit] = []
        for chunk_id in top:
            if chunk_id not in stored_chunks:  # removed by a concurrent writer since then
                continue
            text, meta, _ = stored_chunks[chunk_id]
            hits.append(
                SearchHit(
                    rank=len(hits) + 1,
                    score=fused[chunk_id],
                    chunk_id=chunk_id,
                    doc_id=str(meta.get("doc_id", "")),
                    title=str(meta.get("title", "")),
                    doc_type=str(meta.get("doc_type", "other")),
                    source=str(meta.get("source", "")),
                    page=int(str(meta.get("page", 0))) or None,
                    section=str(meta.get("section", "")),
                    text=text,
                    metadata=public_metadata(meta),
                    dense_similarity=similarity.get(chunk_id),
                    dense_rank=dense_rank.get(chunk_id),
                    lexical_rank=lexical_rank.get(chunk_id),
                )
            )
        return hits, vector

    def candidates(
        self, query: str, vector: list[float], n: int, filters: SearchFilters
    ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The dense (chunk id, cosine) and lexical (chunk id, BM25) candidate lists."""
        dense = self.index.store.query(vector, n, filters.to_chroma())
        glossary = self.glossary()
        lexical_query = expand_query(query, glossary) if glossary else query
        lexical = self.index.lexical.search(lexical_query, n, filters)
        return dense, lexical


_INTERNAL_PREFIXES = ("key_", "extra_glossary")
_INTERNAL_SUFFIXES = ("_n",)


def public_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Document metadata without the index's own helper fields."""
    return {
        k: v
        for k, v in meta.items()
        if not k.startswith(_INTERNAL_PREFIXES) and not k.endswith(_INTERNAL_SUFFIXES)
    }


class HybridRetriever(BaseRetriever):
    """LangChain retriever over ``HybridSearcher``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 5
    filters: SearchFilters | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                id=hit.chunk_id,
                page_content=hit.text,
                metadata={**hit.metadata, "chunk_id": hit.chunk_id, "score": hit.score},
            )
            for hit in self.searcher.search(query, self.k, self.filters)
        ]
