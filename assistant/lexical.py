"""Lexical search: BM25 (bm25s) over lowercase word-internal character 4-grams.

Character 4-grams inside each word match German compounds by their parts
("Förderrichtlinie" shares grams with "Richtlinie"); on XQuAD-de they beat stemming and
compound splitting. Each chunk is indexed with its document title in front (``indexed_text``),
as a title names what the whole document is about; the stored chunk text stays the
original. The index is derived data: it is rebuilt from the vector store whenever its
``generation`` (or its ``FORMAT``) differs, and saved atomically (new directory, rename).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from assistant.filters import KEYED_FIELDS, SearchFilters

NGRAM = 4
_WORD = re.compile(r"\w+", re.UNICODE)
#: metadata fields kept beside the index so filters work without asking the store
FILTER_FIELDS: tuple[str, ...] = ("doc_type", *(f"key_{f}" for f in KEYED_FIELDS), "valid_until_n")
_STATE = "state.json"
#: what a saved index contains; an index saved in another format is rebuilt on load
#: (1: chunk text only; 2: document title + chunk text)
FORMAT = 2


def tokenize(text: str, n: int = NGRAM) -> list[str]:
    """Lowercase word-internal character n-grams; words shorter than n stay whole."""
    grams: list[str] = []
    for word in _WORD.findall(text.lower()):
        if len(word) <= n:
            grams.append(word)
        else:
            grams.extend(word[i : i + n] for i in range(len(word) - n + 1))
    return grams


def indexed_text(text: str, metadata: Mapping[str, Any]) -> str:
    """What BM25 indexes for a chunk: its document title, then its text."""
    title = str(metadata.get("title") or "").strip()
    return f"{title}\n{text}" if title else text


class LexicalIndex:
    """BM25 over chunk texts, with the filter fields of each chunk."""

    def __init__(
        self,
        ids: list[str],
        filters: list[dict[str, Any]],
        vocab: dict[str, int],
        bm25: bm25s.BM25 | None,
        generation: int,
    ) -> None:
        self.ids = ids
        self._filters = filters
        self._vocab = vocab
        self._bm25 = bm25
        self.generation = generation

    @classmethod
    def build(
        cls, rows: Iterable[tuple[str, str, Mapping[str, Any]]], generation: int
    ) -> LexicalIndex:
        """Index (id, text, metadata) rows."""
        ids: list[str] = []
        filters: list[dict[str, Any]] = []
        vocab: dict[str, int] = {}
        corpus: list[list[int]] = []
        for chunk_id, text, metadata in rows:
            ids.append(chunk_id)
            filters.append({f: metadata.get(f) for f in FILTER_FIELDS})
            tokens = tokenize(indexed_text(text, metadata))
            corpus.append([vocab.setdefault(t, len(vocab)) for t in tokens])
        bm25 = None
        if ids:
            bm25 = bm25s.BM25()
            bm25.index(Tokenized(ids=corpus, vocab=vocab), show_progress=False)
        return cls(ids, filters, vocab, bm25, generation)

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: str, n: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        """Up to ``n`` (chunk id, BM25 score) pairs with a positive score, best first."""
        if self._bm25 is None or n <= 0:
            return []
        token_ids = [self._vocab[t] for t in tokenize(query) if t in self._vocab]
        if not token_ids:
            return []
        mask = None
        if filters is not None and not filters.is_empty():
            mask = np.array([filters.matches(f) for f in self._filters], dtype=np.float32)
            if not mask.any():
                return []
        k = min(n, len(self.ids))
        # Token ids straight in (a ``Tokenized`` would make bm25s rebuild its reverse
        # vocabulary on every call: ~2 ms at 10k chunks), scored in this thread (n_threads=0:
        # no thread pool per query).
        docs, scores = self._bm25.retrieve(
            [token_ids], k=k, show_progress=False, weight_mask=mask, n_threads=0
        )
        return [
            (self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]

    def idf(self, tokens: Iterable[str]) -> dict[str, float]:
        """BM25 (Lucene) inverse document frequency of each token over the indexed chunks;
        a token no chunk contains gets the highest value, ``ln(1 + (N + 0.5) / 0.5)``."""
        n = len(self.ids)
        indptr = self._bm25.scores["indptr"] if self._bm25 is not None else None
        out: dict[str, float] = {}
        for token in tokens:
            index = self._vocab.get(token)
            df = 0 if index is None or indptr is None else int(indptr[index + 1] - indptr[index])
            out[token] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return out

    # -- persistence ---------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write to ``directory`` atomically: build beside it, then swap."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = directory.with_name(f"{directory.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "chunks.json").write_text(
            json.dumps({"ids": self.ids, "filters": self._filters, "vocab": self._vocab}),
            encoding="utf-8",
        )
        (tmp / _STATE).write_text(
            json.dumps({"generation": self.generation, "count": len(self.ids), "format": FORMAT}),
            encoding="utf-8",
        )
        old = directory.with_name(f"{directory.name}.old-{os.getpid()}")
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        """The saved index, or ``None`` when there is none, it is unreadable or it was saved
        in another ``FORMAT`` (the caller then rebuilds it from the store)."""
        try:
            state = json.loads((directory / _STATE).read_text(encoding="utf-8"))
            if state.get("format", 1) != FORMAT:
                return None
            data = json.loads((directory / "chunks.json").read_text(encoding="utf-8"))
            bm25 = None
            if data["ids"]:
                bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
            return cls(data["ids"], data["filters"], data["vocab"], bm25, int(state["generation"]))
        except (OSError, ValueError, KeyError):
            return None
