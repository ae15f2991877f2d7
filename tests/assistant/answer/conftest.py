"""Shared fixtures of the answer tests: small real indexes (real Chroma, real e5 model) of the
documents in ``tests/fixtures/``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from api.services import Services
from assistant.answer.service import AnswerService
from assistant.models import SearchHit
from assistant.settings import Settings


def a_hit(
    text: str, *, metadata: Mapping[str, object] | None = None, **fields: object
) -> SearchHit:
    """A retrieved chunk for the pure selection tests (``fields`` override the defaults)."""
    values: dict[str, object] = {
        "rank": 1, "score": 1.0, "chunk_id": "c", "doc_id": "d", "title": "Richtlinie",
        "doc_type": "other", "source": "x.md", "page": None, "section": "", "text": text,
        "metadata": dict(metadata or {}),
    }  # fmt: skip
    values.update(fields)
    return SearchHit(**values)  # type: ignore[arg-type]


#: three short documents (LoRaWAN in Delbrück, a funding call, parking in Paderborn)
SMALL = Path(__file__).resolve().parents[2] / "fixtures" / "small"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerService]:
    root = tmp_path_factory.mktemp("answers")
    services = Services.build(Settings(data_dir=root / "data"))
    assert not services.pipeline.run([SMALL]).failed
    yield services.answers
    services.close()


TOWN = Path(__file__).resolve().parents[2] / "fixtures" / "town"


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerService]:
    """The documents of ``tests/fixtures/town`` (written for these tests: a fictitious
    project report with background, results, costs and pitfalls, a fictitious funding call
    with front matter, a short unrelated report) in a real index with the real model."""
    services = Services.build(Settings(data_dir=tmp_path_factory.mktemp("town") / "data"))
    assert not services.pipeline.run([TOWN]).failed
    yield services.answers
    services.close()
