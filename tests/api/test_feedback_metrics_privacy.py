"""Feedback route, /metrics, /readyz and the privacy of questions in the log."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.middleware import QueryStringFilter
from api.services import Services
from assistant.answer.openai_mapping import MODEL_ID
from assistant.feedback import FeedbackEntry, FeedbackStore
from assistant.settings import Settings
from tests.api.conftest import (
    ADMIN_KEY,
    QUESTION,
    UNANSWERABLE,
    MakeClient,
    api_settings,
    assert_error_shape,
)
from tests.assistant.fake_llm import ScriptedChatModel, with_llm


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``(name, sorted labels) -> value`` of a Prometheus exposition."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


# -- feedback --------------------------------------------------------------------------------
def test_feedback_is_stored_without_the_client_address(make_client: MakeClient) -> None:
    client = make_client(admin_keys=[ADMIN_KEY])
    response = client.post(
        "/api/feedback",
        json={
            "rating": "down",
            "question": "Wer fördert LoRaWAN?",
            "answer": "Das Land NRW [1].",
            "chunk_ids": ["fund-1:0"],
            "comment": "Quelle veraltet",
            "conversation_id": "c-1",
        },
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] is True and isinstance(body["id"], int)
    listed = client.get("/api/feedback", headers={"X-API-Key": ADMIN_KEY}).json()["feedback"]
    assert [(e["id"], e["rating"], e["comment"]) for e in listed] == [
        (body["id"], "down", "Quelle veraltet")
    ]
    settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
    raw = settings.feedback_path.read_bytes()
    assert b"203.0.113.7" not in raw and b"testclient" not in raw
    assert client.get("/api/feedback").status_code == 401


@pytest.mark.parametrize(
    "body",
    [{}, {"rating": "meh"}, {"rating": "up", "comment": "x" * 2001},
     {"rating": "up", "chunk_ids": ["a"] * 51}],
)  # fmt: skip
def test_feedback_validation(make_client: MakeClient, body: dict[str, object]) -> None:
    response = make_client().post("/api/feedback", json=body)
    assert response.status_code == 422
    assert_error_shape(response.json(), "invalid_request")


def test_feedback_retention_purges_on_startup(make_client: MakeClient, tmp_path: Path) -> None:
    settings = api_settings(tmp_path / "retention", feedback_retention_days=7)
    store = FeedbackStore(settings.feedback_path, retention_days=365)
    now = datetime.now(UTC)
    store.add(FeedbackEntry("up", comment="alt"), now=now - timedelta(days=8))
    store.add(FeedbackEntry("up", comment="frisch"), now=now - timedelta(days=6))
    store.close()
    client = make_client(
        data_dir=settings.data_dir, feedback_retention_days=7, admin_keys=[ADMIN_KEY]
    )
    entries = client.get("/api/feedback", headers={"X-API-Key": ADMIN_KEY}).json()["feedback"]
    assert [e["comment"] for e in entries] == ["frisch"]
    with sqlite3.connect(settings.feedback_path) as db:
        assert db.execute("SELECT COUNT(*) FROM feedback").fetchone() == (1,)


# -- metrics and readiness -------------------------------------------------------------------
def test_metrics_count_requests_answers_and_refusals(make_client: MakeClient) -> None:
    client = make_client()
    client.post("/api/ask", json={"question": QUESTION})
    client.post("/api/ask", json={"question": UNANSWERABLE})
    client.get("/api/documents/unbekannt-1/content")
    client.get("/api/search", params={"q": "LoRaWAN"})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    route = (("method", "POST"), ("route", "/api/ask"), ("status", "200"))
    assert found[("smartcity_http_requests_total", route)] == 2
    templated = (("method", "GET"), ("route", "/api/documents/{doc_id}/content"), ("status", "404"))
    assert found[("smartcity_http_requests_total", templated)] == 1
    assert found[("smartcity_http_request_duration_seconds_count",
                  (("method", "POST"), ("route", "/api/ask")))] == 2  # fmt: skip
    assert found[("smartcity_answers_total", (("confidence", "none"),))] == 1
    assert sum(v for (name, _), v in found.items() if name == "smartcity_answers_total") == 2
    assert found[("smartcity_refusals_total", ())] == 1
    assert found[("smartcity_llm_fallbacks_total", ())] == 0
    assert "LoRaWAN" not in response.text  # no queries in labels


def test_llm_fallbacks_are_counted(make_client: MakeClient, api_services: Services) -> None:
    failing = with_llm(api_services.answers, ScriptedChatModel(pieces=0, failure="connect"))
    client = make_client(services=dataclasses.replace(api_services, answers=failing))
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    assert answer["mode"] == "extractive" and answer["notice"]
    found = samples(client.get("/metrics").text)
    assert found[("smartcity_llm_fallbacks_total", ())] == 1


def test_openai_answers_are_counted_like_ask(make_client: MakeClient) -> None:
    client = make_client()
    messages = [{"role": "user", "content": QUESTION}]
    body = {"model": MODEL_ID, "messages": messages}
    assert client.post("/v1/chat/completions", json=body).status_code == 200
    streamed = client.post("/v1/chat/completions", json={**body, "stream": True})
    assert streamed.status_code == 200 and streamed.text.rstrip().endswith("data: [DONE]")
    refused = {**body, "messages": [{"role": "user", "content": UNANSWERABLE}]}
    assert client.post("/v1/chat/completions", json=refused).json()["confidence"] == "none"
    bad = client.post("/v1/chat/completions", json={**body, "messages": []})
    assert bad.status_code == 400  # not an answer
    found = samples(client.get("/metrics").text)
    answers = {k[1]: v for k, v in found.items() if k[0] == "smartcity_answers_total"}
    assert sum(answers.values()) == 3 and answers[(("confidence", "none"),)] == 1
    assert found[("smartcity_refusals_total", ())] == 1


def test_each_app_has_its_own_registry(make_client: MakeClient) -> None:
    first, second = make_client(), make_client()
    first.post("/api/ask", json={"question": QUESTION})
    found = samples(second.get("/metrics").text)
    assert not any(name == "smartcity_answers_total" for name, _ in found)


def test_readiness_reports_the_loaded_index(make_client: MakeClient) -> None:
    ready = make_client().get("/readyz").json()
    assert ready["ok"] is True and ready["chunks"] >= 3 and ready["lexical_chunks"] >= 3


# -- privacy ---------------------------------------------------------------------------------
SECRET_QUESTION = "Wie überwacht Delbrück den Wasserverbrauch der Grundschule Ostenland?"


def test_questions_are_not_logged_by_default(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client()
    with caplog.at_level(logging.DEBUG):
        assert client.post("/api/ask", json={"question": SECRET_QUESTION}).status_code == 200
    assert any(r.name == "smartcity.api.ask" for r in caplog.records)
    assert "Ostenland" not in caplog.text


def test_questions_are_logged_when_enabled(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(log_questions=True)
    with caplog.at_level(logging.INFO, logger="smartcity"):
        client.post("/api/ask", json={"question": SECRET_QUESTION})
    assert "Ostenland" in caplog.text


def test_access_log_filter_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/search?q=Grundschule+Ostenland&k=3", "1.1", 200), None,
    )  # fmt: skip
    assert QueryStringFilter().filter(record)
    assert "Ostenland" not in record.getMessage()
    assert "/api/search?…" in record.getMessage()
