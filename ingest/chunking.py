"""Structure-keeping chunking.

Blocks (one page, one heading) are split into sentences and packed into chunks of about
``chunk_size`` characters that never cross a page or section boundary, with whole
sentences of overlap. Every chunk of prose is a verbatim substring of its block (a table
chunk is the header row plus a verbatim run of rows), carries the page and section of its
block, and has a stable id: the document id plus a hash of its location and text, so
unchanged text keeps its id when the file is re-indexed.

A table block (``TextBlock.table_header``) is packed by whole rows instead (``pack_rows``):
every chunk of it starts with the table's header row, so a row never travels without its
header, and carries ``table: true`` and ``table_header`` (the header row's text) in its
metadata; other chunks have ``table: false`` and ``table_header: ""``. Table chunks have no
overlap: each row stands on its own.

A chunk that starts inside a list whose lead-in ("Antragsberechtigt sind:") lies in an
earlier chunk carries that lead-in as ``list_lead`` (``assistant.list_leads``); ``""``
otherwise.

A sentence that a page break cuts in two ("... war die Skepsis in der" | "Verwaltung
weitgehend ausgeräumt.") is marked on both chunks: the page's last chunk carries
``ends_mid_sentence: true`` and the next page's first chunk ``starts_mid_sentence: true``, so
the answer engine never quotes either half (a quote stays on the page it cites). A break
counts as such when both pages sit under the same heading and the first page's text ends
without a sentence's final punctuation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from itertools import pairwise

from assistant.filters import KEYED_FIELDS, key
from assistant.list_leads import lead_of
from assistant.models import Chunk
from assistant.sentences import split_sentences
from assistant.tables import join_cells
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


def pack_rows(text: str, chunk_size: int) -> list[str]:
    """Pieces of a table block's ``text`` (header row first, one row per paragraph).

    Each piece is the header row followed by as many whole rows as fit in about
    ``chunk_size`` characters, at least one. A row longer than ``chunk_size`` on its own is cut
    into sentence pieces (``pack_sentences``), each again under the header row. A table of
    only a header is one piece.
    """
    header, *rows = text.split("\n\n")
    if not rows:
        return [header]
    pieces: list[str] = []
    current: list[str] = []
    length = len(header)
    for row in rows:
        if len(row) > chunk_size:
            if current:
                pieces.append("\n\n".join([header, *current]))
                current, length = [], len(header)
            pieces.extend(f"{header}\n\n{part}" for part in pack_sentences(row, chunk_size, 0))
            continue
        if current and length + 2 + len(row) > chunk_size:
            pieces.append("\n\n".join([header, *current]))
            current, length = [], len(header)
        current.append(row)
        length += 2 + len(row)
    if current:
        pieces.append("\n\n".join([header, *current]))
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
    cut = _cut_at_page_break(doc.blocks)
    previous: TextBlock | None = None
    for block, text, offset in _pieces(doc.blocks, chunk_size, overlap):
        # the first chunk of a block whose first sentence began on the page before
        starts_cut = block is not previous and id(block) in cut
        if starts_cut and chunks:
            chunks[-1].metadata["ends_mid_sentence"] = True
        previous = block
        location = f"{block.page or 0}|{block.section}|{text}"
        occurrence = seen.get(location, 0)
        seen[location] = occurrence + 1
        digest = hashlib.sha1(f"{location}|{occurrence}".encode()).hexdigest()[:16]
        metadata = dict(base)
        metadata.update(
            {
                "page": block.page or 0,
                "section": block.section,
                "chunk_index": len(chunks),
                "table": block.is_table,
                "table_header": join_cells(block.table_header) if block.is_table else "",
                "list_lead": "" if block.is_table else lead_of(block.text, offset).text,
                "starts_mid_sentence": starts_cut,
                "ends_mid_sentence": False,
            }
        )
        chunks.append(Chunk(f"{doc_id}:{digest}", doc_id, text, metadata))
    return chunks


#: how a text ends when its last sentence is complete (a heading-less list item or a
#: table caption without a full stop ends in a letter too; the same-heading rule guards)
_SENTENCE_END = re.compile(r"[.!?:;…\"“”»)\]]\s*$")


def _cut_at_page_break(blocks: list[TextBlock]) -> set[int]:
    """The ids of blocks whose text begins with the rest of a sentence that the page
    before cut off (see the module docstring)."""
    cut: set[int] = set()
    for before, block in pairwise(blocks):
        if (
            before.page is not None
            and block.page is not None
            and block.page == before.page + 1
            and not before.is_table
            and not block.is_table
            and before.section == block.section
            and before.text.strip()
            and block.text.strip()
            and not _SENTENCE_END.search(before.text)
        ):
            cut.add(id(block))
    return cut


def _pieces(
    blocks: list[TextBlock], chunk_size: int, overlap: int
) -> Iterator[tuple[TextBlock, str, int]]:
    """Every chunk text with its block and its offset in the block's text (0 for tables)."""
    for block in blocks:
        if block.is_table:
            for piece in pack_rows(block.text, chunk_size):
                if piece.strip():
                    yield block, piece, 0
            continue
        cursor = 0
        for piece in pack_sentences(block.text, chunk_size, overlap):
            offset = max(block.text.find(piece, cursor), 0)  # pieces are verbatim: always found
            cursor = offset + 1
            if piece.strip():
                yield block, piece, offset
