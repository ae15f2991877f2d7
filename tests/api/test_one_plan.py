"""One answer plan for every front door: ``POST /api/ask``, the SSE stream and the
OpenAI-compatible ``/v1`` route give the same kind, confidence and text (real uvicorn)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import LiveServer, serve_corpus

TOWN = Path(__file__).resolve().parents[1] / "fixtures" / "town"
QUESTIONS = {
    "hedge": "Wie viele Mitarbeitende hat Lemgo für die Auswertung der Füllstände eingestellt?",
    "answer": "Was kostet so ein Füllstandssensor in Lemgo?",
    "refusal": "Wie backe ich einen Marmorkuchen mit Schokoladenglasur?",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve_corpus(tmp_path_factory.mktemp("plan"), TOWN, rate_limit_per_minute=0) as live:
        yield live


def streamed(client: httpx.Client, question: str) -> dict[str, object]:
    """The ``done`` event of the stream, with the concatenated tokens."""
    tokens: list[str] = []
    done: dict[str, object] = {}
    with client.stream("POST", "/api/chat/stream", json={"question": question}) as response:
        assert response.status_code == 200
        event = ""
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                data = json.loads(line.split(":", 1)[1])
                if event == "token":
                    tokens.append(data["text"])
                elif event == "done":
                    done = data
    done["tokens"] = "".join(tokens)
    return done


@pytest.mark.parametrize("kind", sorted(QUESTIONS))
def test_every_door_follows_one_plan(server: LiveServer, kind: str) -> None:
    question = QUESTIONS[kind]
    with httpx.Client(base_url=server.url, timeout=60) as client:
        plain = client.post("/api/ask", json={"question": question}).json()
        done = streamed(client, question)
        completion = client.post(
            "/v1/chat/completions",
            json={
                "model": "smartcity-assistant",
                "messages": [{"role": "user", "content": question}],
            },
        ).json()
    assert plain["kind"] == kind, plain["answer"]
    assert done["kind"] == completion["kind"] == kind
    assert done["confidence"] == completion["confidence"] == plain["confidence"]
    assert done["answer"] == done["tokens"] == plain["answer"]
    assert completion["choices"][0]["message"]["content"].startswith(plain["answer"])
    if kind == "hedge":
        assert plain["answer"].startswith("Die gefundenen Dokumente nennen keine Anzahl.")
        assert plain["confidence"] == "low"
