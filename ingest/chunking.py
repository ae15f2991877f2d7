"""Structure-keeping chunking.

Blocks (one page, one heading) are split into sentences and packed into chunks of about
``chunk_size`` characters that never cross a page or section boundary, with whole
sentences of overlap. Every chunk is a verbatim substring of its block, carries the page and
section of its block, and has a stable id: the document id plus a hash of its location and
text, so unchanged text keeps its id when the file is re-indexed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from assistant.filters import KEYED_FIELDS, key
from assistant.models import Chunk
from assistant.sentences import split_sentences
from ingest.document import LoadedDocument, TextBlock
from ingest.metadata import DocumentMetadata


def pack_sentences(text: str, chunk_size: int, overlap: int) -> list[str]:
    """Verbatim pieces of ``text`` of at most about ``chunk_size`` characters."""
    spans = _sentence_spans(text, chunk_size)
    pieces: list[str] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i + 1
        while j < len(spans) and spans[j][1] - start <= chunk_size:
            end = spans[j][1]
            j += 1
        pieces.append(text[start:end])
        if j >= len(spans):
            break
        # step back over whole sentences for the overlap, but always move forward
        back = j
        while back - 1 > i and end - spans[back - 1][0] <= overlap:
            back -= 1
        i = back
    return pieces


def _sentence_spans(text: str, chunk_size: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; overlong sentences cut at white space."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in split_sentences(text):
        start = text.index(sentence, cursor)
        end = start + len(sentence)
        cursor = end
        while end - start > chunk_size:
            cut = text.rfind(" ", start, start + chunk_size)
            if cut <= start:
                cut = start + chunk_size
            spans.append((start, cut))
            start = cut
            while start < end and text[start] == " ":
                start += 1
        if end > start:
            spans.append((start, end))
    return spans


def chunk_document(
    doc: LoadedDocument,
    meta: DocumentMetadata,
    *,
    doc_id: str,
    source: str,
    chunk_size: int,
    overlap: int,
) -> list[Chunk]:
    """All chunks of one document, in reading order."""
    base: dict[str, str | int | bool] = dict(meta.to_store())
    for name in KEYED_FIELDS:
        base[f"key_{name}"] = key(str(base.get(name, "")))
    base.update({"doc_id": doc_id, "source": source, "format": doc.format})
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for block, text in _pieces(doc.blocks, chunk_size, overlap):
        location = f"{block.page or 0}|{block.section}|{text}"
        occurrence = seen.get(location, 0)
        seen[location] = occurrence + 1
        digest = hashlib.sha1(f"{location}|{occurrence}".encode()).hexdigest()[:16]
        metadata = dict(base)
        metadata.update(
            {"page": block.page or 0, "section": block.section, "chunk_index": len(chunks)}
        )
        chunks.append(Chunk(f"{doc_id}:{digest}", doc_id, text, metadata))
    return chunks


def _pieces(
    blocks: list[TextBlock], chunk_size: int, overlap: int
) -> Iterator[tuple[TextBlock, str]]:
    for block in blocks:
        for piece in pack_sentences(block.text, chunk_size, overlap):
            if piece.strip():
                yield block, piece
