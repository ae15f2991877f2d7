"""e5 vectors of the quotable units of every chunk, made when the chunk is written.

The answer engine weighs each candidate sentence by its e5 similarity to the question. At
answer time there is no budget to embed forty sentences (hundreds of milliseconds on two
cores), so the index embeds every unit (``assistant.quotable.quotable_spans``) when it
writes a document and keeps the vectors in a second Chroma collection beside the chunks
(``<collection>_units``), one record per unit, id ``<chunk id>@<start>-<end>``, with the
chunk and document id in its metadata. Chroma stays the one source of truth and works the
same embedded and as a server.

A unit without a stored vector (an index written before this existed, a run killed between
the two writes, a changed sentence splitter) is embedded on demand and kept in a bounded
in-process cache, so answers never fail for it; ``smartcity ingest`` after a format change
fills the store again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from assistant.embeddings import IdentifiedEmbeddings
from assistant.models import Chunk, SearchHit
from assistant.quotable import quotable_spans
from assistant.store import VectorStore

#: units embedded on demand that are kept in memory (384 floats each: ~1.6 KB)
CACHE_UNITS = 20_000
Span = tuple[int, int]


def unit_id(chunk_id: str, span: Span) -> str:
    """The record id of one unit."""
    return f"{chunk_id}@{span[0]}-{span[1]}"


def unit_records(chunks: Sequence[Chunk]) -> list[Chunk]:
    """One record per quotable unit of ``chunks`` (text: the unit)."""
    out: list[Chunk] = []
    for chunk in chunks:
        for start, end in quotable_spans(chunk.text):
            out.append(
                Chunk(
                    unit_id(chunk.chunk_id, (start, end)),
                    chunk.doc_id,
                    chunk.text[start:end],
                    {
                        "doc_id": chunk.doc_id,
                        "chunk_id": chunk.chunk_id,
                        "start": start,
                        "end": end,
                    },
                )
            )
    return out


class SentenceVectors:
    """The unit vectors of one index (see the module docstring)."""

    def __init__(self, store: VectorStore, embeddings: IdentifiedEmbeddings) -> None:
        self.store = store
        self.embeddings = embeddings
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # units embedded on demand (for benchmarks and tests)

    # -- writes (inside the index's write batch) ----------------------------------------
    def replace_document(self, doc_id: str, chunks: Sequence[Chunk]) -> None:
        """Embed and store the units of ``chunks``, the only units of ``doc_id``."""
        records = unit_records(chunks)
        keep = {r.chunk_id for r in records}
        stale = [i for i in self.store.ids_of_document(doc_id) if i not in keep]
        known = self.store.existing([r.chunk_id for r in records])
        fresh = [r for r in records if r.chunk_id not in known]
        if fresh:
            self.store.upsert(fresh, self.embeddings.embed_documents([r.text for r in fresh]))
        if stale:
            self.store.delete_ids(stale)

    def delete_document(self, doc_id: str) -> None:
        """Remove the units of a document."""
        self.store.delete_document(doc_id)

    def reset(self) -> None:
        """Drop every unit vector."""
        self.store.reset()
        with self._lock:
            self._cache.clear()

    # -- reads ---------------------------------------------------------------------------
    def vectors(self, hits: Sequence[SearchHit]) -> dict[tuple[str, Span], list[float]]:
        """The vector of every quotable unit of ``hits``, keyed by (chunk id, span)."""
        wanted = {
            unit_id(h.chunk_id, span): (h.chunk_id, span, h.text[span[0] : span[1]])
            for h in hits
            for span in quotable_spans(h.text)
        }
        out: dict[tuple[str, Span], list[float]] = {}
        stored = self.store.get_with_vectors(list(wanted))
        missing: list[str] = []
        for uid, (chunk_id, span, _) in wanted.items():
            if uid in stored:
                out[(chunk_id, span)] = stored[uid][2]
            else:
                missing.append(uid)
        if missing:
            computed = self._embed([wanted[u][2] for u in missing], missing)
            for uid, vector in zip(missing, computed, strict=True):
                chunk_id, span, _ = wanted[uid]
                out[(chunk_id, span)] = vector
        return out

    def _embed(self, texts: list[str], keys: list[str]) -> list[list[float]]:
        with self._lock:
            cached = {k: self._cache[k] for k in keys if k in self._cache}
            for k in cached:
                self._cache.move_to_end(k)
        todo = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in cached]
        if todo:
            vectors = self.embeddings.embed_documents([t for _, t in todo])
            self.computed += len(todo)
            with self._lock:
                for (k, _), v in zip(todo, vectors, strict=True):
                    cached[k] = v
                    self._cache[k] = v
                while len(self._cache) > CACHE_UNITS:
                    self._cache.popitem(last=False)
        return [cached[k] for k in keys]
