"""FastAPI's built-in OpenTelemetry stays off in our app, whatever the environment says."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.api.conftest import QUESTION, MakeClient


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    """A process-wide tracer provider that keeps every span, as an operator's setup would."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr("opentelemetry.trace._TRACER_PROVIDER", provider)
    monkeypatch.setenv("FASTAPI_OTEL_AUTO_CONFIGURE", "true")
    return exporter


def test_a_default_fastapi_app_would_trace_requests(recorded: InMemorySpanExporter) -> None:
    """The control: without our setting FastAPI records a span per request."""
    plain = FastAPI()

    @plain.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    with TestClient(plain) as client:
        assert client.get("/ping").status_code == 200
    assert recorded.get_finished_spans()


def test_our_app_records_no_spans(make_client: MakeClient, recorded: InMemorySpanExporter) -> None:
    client = make_client()
    assert client.get("/healthz").status_code == 200
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
    assert client.get("/api/does-not-exist").status_code == 404
    assert recorded.get_finished_spans() == ()
