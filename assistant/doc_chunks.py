"""Whole documents from the index, and the verbatim pieces quotes are cut from.

Retrieval returns the best chunks for a query; the advisor features also need every chunk
of a document (all sections of a transfer note, the deadline clause of a programme) or of a
document type (every programme guideline). They read them from the vector store (the
source of truth) as ``SearchHit``s, so citations are built the same way as for answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.index import SearchIndex
from assistant.models import SearchHit
from assistant.retrieval import public_metadata
from assistant.sentences import split_sentences

_BULLET = re.compile(r"^(?:[-*•]\s+|\d+\.\s+)")
_FLAT_BULLET = re.compile(r"\s+-\s+")
_DAY = re.compile(r"(?:^|\s)\d{1,2}\.$")


def hit_from_store(chunk_id: str, text: str, meta: dict[str, Any]) -> SearchHit:
    """A ``SearchHit`` (rank 0, score 0) for a chunk read directly from the store."""
    return SearchHit(
        rank=0,
        score=0.0,
        chunk_id=chunk_id,
        doc_id=str(meta.get("doc_id", "")),
        title=str(meta.get("title", "")),
        doc_type=str(meta.get("doc_type", "other")),
        source=str(meta.get("source", "")),
        page=int(str(meta.get("page", 0) or 0)) or None,
        section=str(meta.get("section", "")),
        text=text,
        metadata=public_metadata(meta),
    )


def _order(hit: SearchHit) -> tuple[str, int]:
    return hit.doc_id, int(str(hit.metadata.get("chunk_index", 0) or 0))


def chunks_where(index: SearchIndex, where: dict[str, Any]) -> list[SearchHit]:
    """All chunks matching a Chroma ``where`` clause, grouped by document in reading order."""
    got = index.store.langchain.get(where=where, include=["documents", "metadatas"])
    hits = [
        hit_from_store(str(i), str(doc or ""), dict(meta or {}))
        for i, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    ]
    return sorted(hits, key=_order)


def document_chunks(index: SearchIndex, doc_id: str) -> list[SearchHit]:
    """Every chunk of one document in reading order (empty when unknown)."""
    return chunks_where(index, {"doc_id": doc_id})


def units(text: str, heading: str = "", min_chars: int = 12) -> Iterator[tuple[int, int]]:
    """``(start, end)`` spans of the quotable units of ``text``: each line (a list item
    without its bullet), split into sentences and at flattened bullets (``" - "``, as PDF
    text has them).

    A day number before a month ("30. April 2027") does not end a sentence here. The
    section ``heading`` is dropped where the chunk repeats it (as its own line or in front
    of the first sentence); units shorter than ``min_chars`` are skipped.
    ``text[start:end]`` is always a verbatim, stripped substring.
    """
    head = heading.strip()
    for start, end in _raw_units(text):
        piece = text[start:end]
        if head and piece.startswith(head):
            rest = piece[len(head) :]
            start += len(head) + (len(rest) - len(rest.lstrip(" -–:")))
            piece = text[start:end]
        if len(piece) >= min_chars and piece != head:
            yield start, end


def _raw_units(text: str) -> Iterator[tuple[int, int]]:
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        body = line.strip()
        bullet = _BULLET.match(body)
        if bullet:
            body = body[bullet.end() :].strip()
        if not body:
            continue
        base = line_start + line.find(body)
        spans: list[tuple[int, int]] = []
        cursor = 0
        for sentence in split_sentences(body):
            begin = body.find(sentence, cursor)
            if begin < 0:
                continue
            cursor = begin + len(sentence)
            if spans and _DAY.search(body[spans[-1][0] : spans[-1][1]]):
                spans[-1] = (spans[-1][0], cursor)
            else:
                spans.append((begin, cursor))
        for begin, end in spans:
            for part_begin, part_end in _split_bullets(body, begin, end):
                yield base + part_begin, base + part_end


def _split_bullets(body: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    """Split ``body[begin:end]`` at flattened bullets ``" - "``; spans stay stripped."""
    cursor = begin
    for match in _FLAT_BULLET.finditer(body, begin, end):
        if body[cursor : match.start()].strip():
            yield cursor, match.start()
        cursor = match.end()
    if body[cursor:end].strip():
        yield cursor, end
