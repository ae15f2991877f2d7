"""Prometheus metrics of one app: requests, latencies, answer confidence, refusals, LLM fallbacks.

Every app has its own ``CollectorRegistry`` (not the process-global one), so tests that build
several apps do not clash. Requests are labelled with the route template (``/api/documents/
{doc_id}``), never the raw path, so ids and queries do not blow up the label set.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.answer.result import Answer

UNMATCHED = "<unmatched>"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The collectors of one app."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "smartcity_http_requests",
            "HTTP requests by route template, method and status code.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "smartcity_http_request_duration_seconds",
            "Time from request to the end of the response, by route template and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "smartcity_answers",
            "Answers given, by confidence level (high, medium, low, none).",
            ["confidence"],
            registry=self.registry,
        )
        self.refusals = Counter(
            "smartcity_refusals",
            "Questions the documents did not answer (confidence none).",
            registry=self.registry,
        )
        self.llm_fallbacks = Counter(
            "smartcity_llm_fallbacks",
            "Answers that fell back to the extractive answer because the LLM failed.",
            registry=self.registry,
        )

    def record_answer(self, answer: Answer) -> None:
        """Count an answer's confidence, a refusal, an LLM fallback."""
        self.answers.labels(answer.confidence).inc()
        if answer.confidence == "none":
            self.refusals.inc()
        if answer.notice is not None and answer.mode == "extractive":
            self.llm_fallbacks.inc()

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)


def route_template(scope: Scope) -> str:
    """The path template of the route that handled the request."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else UNMATCHED


class MetricsMiddleware:
    """Counts every HTTP request and measures its latency (up to the last body byte)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def tracking_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        finally:
            route = route_template(scope)
            method = str(scope.get("method", ""))
            self.metrics.requests.labels(route, method, str(status)).inc()
            self.metrics.latency.labels(route, method).observe(time.perf_counter() - start)
