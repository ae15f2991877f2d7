"""Plain data carried between ingest, index and retrieval."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

#: the document types of the contract (DESIGN.md); the one literal every module imports
DocType = Literal[
    "programme_guideline", "project_report", "transfer_note", "law", "strategy", "other"
]
DOC_TYPES: tuple[DocType, ...] = get_args(DocType)


@dataclass(frozen=True)
class Chunk:
    """One indexed piece of a document.

    ``metadata`` is flat (str/int/bool only) as Chroma stores it; it always holds ``doc_id``,
    ``page`` (0 when the format has no pages), ``section``, ``source`` and the document fields.
    """

    chunk_id: str
    doc_id: str
    text: str
    metadata: dict[str, str | int | bool]


@dataclass
class SearchHit:
    """A retrieved chunk, as the search contract describes it (``to_dict``)."""

    rank: int
    score: float
    chunk_id: str
    doc_id: str
    title: str
    doc_type: str
    source: str
    page: int | None
    section: str
    text: str
    metadata: dict[str, Any]
    #: retrieval signals (not part of the contract): dense cosine similarity and the ranks
    #: the chunk had in the dense and the lexical list (``None`` when absent from one)
    dense_similarity: float | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The ``SearchHit`` of DESIGN.md."""
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "title": self.title,
            "doc_type": self.doc_type,
            "source": self.source,
            "page": self.page,
            "section": self.section,
            "text": self.text,
            "metadata": self.metadata,
        }
