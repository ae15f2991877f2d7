"""The dense vector store: Chroma through langchain-chroma.

Embedded ``PersistentClient`` in the data directory by default, ``HttpClient`` to a
``chroma run`` server when ``SMARTCITY_CHROMA_HOST`` is set. Telemetry is off in both, and
Chroma never embeds anything itself (its default embedding function would download a model):
we always pass our own vectors.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from langchain_chroma import Chroma

from assistant.embeddings import IdentifiedEmbeddings
from assistant.errors import ConfigurationError, IndexMismatchError
from assistant.models import Chunk
from assistant.settings import Settings

# Chroma reads this before its Settings; setting it here keeps any client we create silent.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

MODEL_KEY = "embedding_model"
_PAGE = 1000
#: Chroma refuses writes of more than about 5,400 records at once
_WRITE_BATCH = 4000


def chroma_client(settings: Settings) -> Any:
    """A Chroma client with telemetry off: HTTP when a host is configured, else embedded."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
            raise ConfigurationError(
                f"Chroma-Server {settings.chroma_host}:{settings.chroma_port} nicht erreichbar: "
                f"{exc}",
                message_en=f"Chroma server {settings.chroma_host}:{settings.chroma_port} "
                f"unreachable: {exc}",
            ) from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class VectorStore:
    """One Chroma collection bound to one embedding model."""

    def __init__(
        self,
        client: Any,
        name: str,
        embeddings: IdentifiedEmbeddings,
        *,
        drop_other_model: bool = False,
    ) -> None:
        self._client = client
        self._name = name
        self.embeddings = embeddings
        try:
            _check_model(client, name, embeddings.identity)
        except IndexMismatchError:
            if not drop_other_model:
                raise
            client.delete_collection(name)
        self.langchain = Chroma(
            client=client,
            collection_name=name,
            embedding_function=embeddings,
            collection_metadata={MODEL_KEY: embeddings.identity},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        self._collection: Any = self.langchain._collection

    # -- writing -------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Insert or replace chunks with their precomputed vectors (in batches Chroma
        accepts)."""
        for start in range(0, len(chunks), _WRITE_BATCH):
            part = chunks[start : start + _WRITE_BATCH]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                documents=[c.text for c in part],
                metadatas=[dict(c.metadata) for c in part],
                embeddings=[list(v) for v in vectors[start : start + _WRITE_BATCH]],
            )

    def delete_document(self, doc_id: str) -> None:
        """Remove every chunk of a document."""
        self._collection.delete(where={"doc_id": doc_id})

    def delete_ids(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        if ids:
            self._collection.delete(ids=list(ids))

    def reset(self) -> None:
        """Drop the collection and create it anew (for a rebuild with another model)."""
        self._client.delete_collection(self._name)
        self.langchain = Chroma(
            client=self._client,
            collection_name=self._name,
            embedding_function=self.embeddings,
            collection_metadata={MODEL_KEY: self.embeddings.identity},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        self._collection = self.langchain._collection

    # -- reading -------------------------------------------------------------------------
    def count(self) -> int:
        """Number of chunks."""
        return int(self._collection.count())

    def query(
        self, vector: Sequence[float], n: int, where: Mapping[str, Any] | None
    ) -> list[tuple[str, float]]:
        """The ``n`` nearest chunk ids with cosine similarity, best first."""
        if n <= 0:
            return []
        # Chroma 1.x answers fewer (or no) results when n exceeds the collection: no count()
        # round trip first (1-2 ms per query at 10k chunks).
        result = self._collection.query(
            query_embeddings=[list(vector)],
            n_results=n,
            where=dict(where) if where else None,
            include=["distances"],
        )
        ids: list[str] = result["ids"][0]
        distances: list[float] = result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def get(self, ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Text and metadata of the given chunk ids (missing ids are left out)."""
        return {i: (text, meta) for i, (text, meta, _) in self.get_with_vectors(ids).items()}

    def get_with_vectors(
        self, ids: Sequence[str]
    ) -> dict[str, tuple[str, dict[str, Any], list[float]]]:
        """Text, metadata and stored embedding of the given chunk ids, in one round trip
        (missing ids are left out)."""
        if not ids:
            return {}
        unique = list(dict.fromkeys(ids))
        result = self._collection.get(ids=unique, include=["documents", "metadatas", "embeddings"])
        return {
            i: (doc or "", dict(meta or {}), [float(x) for x in vec])
            for i, doc, meta, vec in zip(
                result["ids"],
                result["documents"],
                result["metadatas"],
                result["embeddings"],
                strict=True,
            )
        }

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored (no text or vectors are read)."""
        if not ids:
            return set()
        result = self._collection.get(ids=list(dict.fromkeys(ids)), include=[])
        return set(result["ids"])

    def metadatas_where(self, where: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The metadata of every chunk matching a Chroma ``where`` clause (no text)."""
        result = self._collection.get(where=dict(where), include=["metadatas"])
        return [dict(m or {}) for m in result["metadatas"]]

    def ids_of_document(self, doc_id: str) -> list[str]:
        """Chunk ids of one document."""
        result = self._collection.get(where={"doc_id": doc_id}, include=[])
        ids: list[str] = result["ids"]
        return ids

    def iter_all(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every chunk as (id, text, metadata), page by page."""
        offset = 0
        while True:
            page = self._collection.get(
                limit=_PAGE, offset=offset, include=["documents", "metadatas"]
            )
            if not page["ids"]:
                return
            for i, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
                yield i, doc or "", dict(meta or {})
            offset += len(page["ids"])


def _check_model(client: Any, name: str, identity: str) -> None:
    """Refuse to open an index built with another embedding model."""
    existing = {c.name if hasattr(c, "name") else str(c) for c in client.list_collections()}
    if name not in existing:
        return
    stored = (client.get_collection(name).metadata or {}).get(MODEL_KEY)
    if stored and stored != identity:
        raise IndexMismatchError(
            f"Der Index wurde mit dem Einbettungsmodell {stored!r} gebaut, eingestellt ist "
            f"{identity!r}. Bitte neu indexieren: smartcity ingest --rebuild PFAD ...",
            message_en=f"The index was built with embedding model {stored!r}, but {identity!r} "
            "is configured. Re-index: smartcity ingest --rebuild PATH ...",
        )
