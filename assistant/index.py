"""The search index: Chroma (dense) and BM25 (lexical), kept in step.

Chroma is the source of truth; the lexical index is derived from it. A ``generation``
counter in ``index_state.json`` is bumped *before* any write to Chroma, and the lexical
index records the generation it was built from. A process killed at any point therefore
leaves either a matching pair or a lexical index with an older generation, which is
rebuilt from Chroma the next time the index is opened or refreshed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from assistant.embeddings import IdentifiedEmbeddings
from assistant.lexical import LexicalIndex
from assistant.models import Chunk
from assistant.sentence_vectors import SentenceVectors
from assistant.settings import Settings
from assistant.store import VectorStore, chroma_client


class IndexState:
    """The generation counter, stored atomically in a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> int:
        """The current generation (0 for a new index)."""
        try:
            return int(json.loads(self.path.read_text(encoding="utf-8"))["generation"])
        except (OSError, ValueError, KeyError):
            return 0

    def bump(self) -> int:
        """Increase the generation and return the new value."""
        value = self.read() + 1
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_text(json.dumps({"generation": value}), encoding="utf-8")
        os.replace(tmp, self.path)
        return value


class SearchIndex:
    """Dense and lexical index of one data directory."""

    def __init__(
        self, settings: Settings, embeddings: IdentifiedEmbeddings, *, rebuild: bool = False
    ) -> None:
        """Open (or create) the index. ``rebuild`` drops an index built with another model
        instead of refusing to open it."""
        self.settings = settings
        self.embeddings = embeddings
        client = chroma_client(settings)
        self.store = VectorStore(
            client, settings.chroma_collection, embeddings, drop_other_model=rebuild
        )
        #: e5 vectors of every quotable unit of every chunk (assistant/sentence_vectors.py)
        self.units = SentenceVectors(
            VectorStore(
                client, f"{settings.chroma_collection}_units", embeddings, drop_other_model=rebuild
            ),
            embeddings,
        )
        self.state = IndexState(settings.data_dir / "index_state.json")
        self._dirty = False
        self.lexical = self._load_or_rebuild_lexical()

    # -- writes --------------------------------------------------------------------------
    def begin_write(self) -> None:
        """Announce writes to the dense store (bumps the generation once per batch)."""
        if not self._dirty:
            self.state.bump()
            self._dirty = True

    def replace_document(
        self, doc_id: str, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]
    ) -> None:
        """Make ``chunks`` the only chunks of ``doc_id`` in the dense store."""
        self.begin_write()
        keep = {c.chunk_id for c in chunks}
        stale = [i for i in self.store.ids_of_document(doc_id) if i not in keep]
        self.store.upsert(chunks, vectors)
        if stale:
            self.store.delete_ids(stale)
        self.units.replace_document(doc_id, chunks)

    def delete_document(self, doc_id: str) -> None:
        """Remove a document from the dense store."""
        self.begin_write()
        self.store.delete_document(doc_id)
        self.units.delete_document(doc_id)

    def reset(self) -> None:
        """Drop everything (used to rebuild with another embedding model)."""
        self.begin_write()
        self.store.reset()
        self.units.reset()

    def commit(self) -> None:
        """Bring the lexical index in step after writes."""
        if self._dirty:
            self.lexical = self._rebuild_lexical(self.state.read())
            self._dirty = False

    # -- reads ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Pick up writes made by another process (cheap when nothing changed)."""
        if self.state.read() != self.lexical.generation:
            self.lexical = self._load_or_rebuild_lexical()

    def _load_or_rebuild_lexical(self) -> LexicalIndex:
        generation = self.state.read()
        loaded = LexicalIndex.load(self.settings.lexical_dir)
        if loaded is not None and loaded.generation == generation:
            return loaded
        return self._rebuild_lexical(generation)

    def _rebuild_lexical(self, generation: int) -> LexicalIndex:
        lexical = LexicalIndex.build(self.store.iter_all(), generation)
        lexical.save(self.settings.lexical_dir)
        return lexical
