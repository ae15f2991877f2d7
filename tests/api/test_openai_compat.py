"""The OpenAI-compatible routes over real HTTP (uvicorn on loopback) with the official client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from assistant.answer.openai_mapping import MODEL_ID
from tests.api.conftest import QUESTION, LiveServer, serve_corpus

KEY = "lesekey-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Three short documents indexed once; the server requires a read key."""
    with serve_corpus(
        tmp_path_factory.mktemp("openai"), api_keys=[KEY], rate_limit_per_minute=0
    ) as live:
        yield live


@pytest.fixture
def client(server: LiveServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        base_url=f"{server.url}/v1", api_key=KEY, max_retries=0, timeout=60
    ) as openai_client:
        yield openai_client


def user(text: object) -> Any:
    return {"role": "user", "content": text}


def split_references(content: str) -> tuple[str, str]:
    """The answer text and what follows it (notice, references, contacts)."""
    text, sep, tail = content.partition("\n\nQuellen:\n")
    assert sep, content
    return text, "Quellen:\n" + tail


def test_completion_has_numbered_references_and_sources(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model=MODEL_ID,
        messages=[
            {"role": "system", "content": "Antworte immer auf Französisch."},  # ignored
            user(QUESTION),
        ],
    )
    assert completion.object == "chat.completion" and completion.model == MODEL_ID
    (choice,) = completion.choices
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content or ""
    text, tail = split_references(content)
    assert "Funkzähler" in text
    sources = completion.model_extra["sources"] if completion.model_extra else []
    assert sources, "sources field missing"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert markers == {s["n"] for s in sources}
    for source in sources:
        assert f"[{source['n']}] {source['title']}" in tail
        assert source["quote"] and source["chunk_id"]
    first = sources[0]
    assert first["title"] == "LoRaWAN-Gebäudemonitoring in Delbrück"
    assert f"[1] {first['title']} – Umsetzung" in tail
    assert "Ansprechstellen:\n- Stadt Delbrück" in tail
    usage = completion.usage
    assert usage is not None
    assert usage.prompt_tokens == len(QUESTION.split())  # words; the system message is ignored
    assert usage.completion_tokens == len(content.split())
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_english_question_gets_english_references(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model=MODEL_ID,
        messages=[
            user([{"type": "text", "text": "Who may apply for LoRaWAN infrastructure funding?"}])
        ],
    )
    content = completion.choices[0].message.content or ""
    assert "\n\nSources:\n[1] " in content and "Quellen" not in content
    assert "\n\nContacts:\n- " in content


def test_stream_matches_the_completion(client: openai.OpenAI) -> None:
    messages: list[Any] = [user(QUESTION)]
    whole = client.chat.completions.create(model=MODEL_ID, messages=messages)
    stream = client.chat.completions.create(
        model=MODEL_ID,
        messages=messages,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len([p for p in pieces if p]) > 5, "the answer comes in many pieces"
    streamed = "".join(pieces)
    content = whole.choices[0].message.content or ""
    assert split_references(streamed)[0] == split_references(content)[0]
    assert streamed == content
    last = [c for c in chunks if c.choices][-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.choices[0].delta.content and last.choices[0].delta.content.startswith(
        "\n\nQuellen:\n[1] "
    )
    extra = last.model_extra or {}
    assert [s["chunk_id"] for s in extra["sources"]] == [
        s["chunk_id"] for s in (whole.model_extra or {})["sources"]
    ]
    usage_chunk = chunks[-1]
    assert usage_chunk.choices == [] and usage_chunk.usage is not None
    assert usage_chunk.usage.completion_tokens == len(streamed.split())


def test_raw_stream_ends_with_done(server: LiveServer) -> None:
    body = {"model": MODEL_ID, "messages": [user(QUESTION)], "stream": True}
    with httpx.stream(
        "POST",
        f"{server.url}/v1/chat/completions",
        json=body,
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=60,
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in response.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"
    assert '"sources"' in lines[-2] and '"finish_reason": "stop"' in lines[-2]


def test_follow_up_uses_earlier_messages(client: openai.OpenAI) -> None:
    def source_types(messages: list[Any]) -> list[str]:
        completion = client.chat.completions.create(model=MODEL_ID, messages=messages)
        return [s["doc_type"] for s in (completion.model_extra or {})["sources"]]

    follow_up = "Und wer fördert das?"
    alone = source_types([user(follow_up)])
    with_history = source_types(
        [
            user("Wo sehe ich freie Parkplätze in der Innenstadt?"),
            {"role": "assistant", "content": "Über Bodensensoren in einer App [1]."},
            user("Wie überwacht Delbrück Schulen mit LoRaWAN?"),
            {"role": "assistant", "content": "Mit Funkzählern [1]."},
            user(follow_up),
        ]
    )
    # the follow-up alone finds the funding call; with the history it also searches for the
    # Delbrück LoRaWAN report the last earlier question was about (not the parking one)
    assert "programme_guideline" in with_history
    assert "project_report" in with_history and "project_report" not in alone


@pytest.mark.parametrize(
    ("messages", "needle"),
    [
        ([], "Keine Frage gefunden"),
        ([{"role": "system", "content": "Sei nett."}], "Keine Frage gefunden"),
        ([user("   ")], "Keine Frage gefunden"),
        ([{"role": "robot", "content": "Hallo"}], "messages.0.role"),
        ([user("x" * 5000)], "zu lang"),
    ],
)
def test_bad_requests_raise_bad_request_with_our_message(
    client: openai.OpenAI, messages: list[Any], needle: str
) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model=MODEL_ID, messages=messages)
    error = info.value
    assert error.status_code == 400
    assert needle in error.message
    assert error.code == "invalid_request"
    body = error.response.json()
    assert body["ok"] is False and set(body["error"]) == {"code", "message"}


def test_models_list_and_retrieve(client: openai.OpenAI) -> None:
    models = client.models.list()
    assert [m.id for m in models.data] == [MODEL_ID]
    assert client.models.retrieve(MODEL_ID).owned_by == "smartcity"
    with pytest.raises(openai.NotFoundError) as info:
        client.models.retrieve("gpt-4")
    assert info.value.code == "not_found"


def test_key_is_required(server: LiveServer) -> None:
    base = f"{server.url}/v1"
    with openai.OpenAI(base_url=base, api_key="falsch", max_retries=0) as wrong:
        with pytest.raises(openai.PermissionDeniedError) as denied:
            wrong.models.list()
        assert denied.value.code == "forbidden" and "nicht gültig" in denied.value.message
        with pytest.raises(openai.PermissionDeniedError):
            wrong.chat.completions.create(model=MODEL_ID, messages=[user(QUESTION)])
    missing = httpx.get(f"{base}/models", timeout=30)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    by_header = httpx.get(f"{base}/models", headers={"X-API-Key": KEY}, timeout=30)
    assert by_header.status_code == 200 and by_header.json()["data"][0]["id"] == MODEL_ID


def test_schema_documents_400_not_422(server: LiveServer) -> None:
    schema = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        if path.startswith("/v1/")
        for method, operation in item.items()
    ]
    assert {(p, m) for p, m, _ in operations} == {
        ("/v1/models", "get"),
        ("/v1/models/{model_id}", "get"),
        ("/v1/chat/completions", "post"),
    }
    for path, method, operation in operations:
        responses = operation["responses"]
        assert "422" not in responses, (method, path)
        body = responses["400"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
    # the other routes keep their documented 422 (they answer invalid requests with it)
    assert "422" in schema["paths"]["/api/ask"]["post"]["responses"]


def test_invalid_path_parameter_is_400(server: LiveServer) -> None:
    response = httpx.get(
        f"{server.url}/v1/models/{'x' * 300}", headers={"X-API-Key": KEY}, timeout=30
    )
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"]["code"] == "invalid_request"


def test_undecodable_body_is_400(server: LiveServer) -> None:
    response = httpx.post(
        f"{server.url}/v1/chat/completions",
        content=b"\x14\x069\xff\x1fh\xfe\x7f)&",
        headers={"X-API-Key": KEY, "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"]["code"] == "invalid_request"
    assert "UTF-8" in body["error"]["message"]
