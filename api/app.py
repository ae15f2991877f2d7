"""The FastAPI app factory. Heavy state is built once in the lifespan.

Middleware, outermost first: CORS (allowlist; absent when none is configured), metrics,
rate limit, request body size limit; then FastAPI's routing with the one error shape.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.telemetry import TelemetryConfig

from api.errors import install_error_handlers
from api.metrics import Metrics, MetricsMiddleware
from api.middleware import (
    BodySizeLimitMiddleware,
    JsonCORSMiddleware,
    QueryStringFilter,
    json_limit,
)
from api.ratelimit import RateLimitMiddleware, SlidingWindowLimiter
from api.routes import (
    ask,
    briefings,
    chat,
    contacts,
    documents,
    feedback,
    health,
    metrics,
    openai_compat,
    programmes,
    search,
    web,
)
from api.security import API_KEY_HEADER, require_reader
from api.services import Services
from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from ingest.library import DocumentLibrary

DESCRIPTION = """Offline-Assistent für Kommunen: Antworten mit Quellen, Suche, regionale
Ansprechstellen, Dokumentverwaltung.

**Schlüssel:** Schreibzugriffe (Dokumente hochladen, löschen, neu indexieren) brauchen einen
Admin-Schlüssel (`SMARTCITY_ADMIN_KEYS`) im Header `X-API-Key`. Lesende Routen brauchen einen
Schlüssel nur, wenn `SMARTCITY_API_KEYS` gesetzt ist.

**Fehler** haben immer die Form `{"ok": false, "error": {"code": "...", "message": "..."}}`.
"""


TELEMETRY_OFF: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the app; the embedding model and the index load when it starts.

    ``services``: already built services to use instead (tests share one index between
    apps); they are not closed when the app stops.
    """
    settings = settings or (services.settings if services else Settings())
    access_filter = QueryStringFilter()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Any]]:
        own = services is None
        built = services or Services.build(settings)
        feedback_store = FeedbackStore(settings.feedback_path, settings.feedback_retention_days)
        library = DocumentLibrary(built.settings, built.pipeline, built.manifest)
        if not settings.log_questions:
            logging.getLogger("uvicorn.access").addFilter(access_filter)
        try:
            yield {"services": built, "feedback": feedback_store, "library": library}
        finally:
            logging.getLogger("uvicorn.access").removeFilter(access_filter)
            library.close()
            feedback_store.close()
            if own:
                built.close()

    app = FastAPI(
        title="Smart-City-Beratungsassistent",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        # No telemetry: FastAPI's built-in OpenTelemetry spans, metrics and logs stay off,
        # and environment variables (FASTAPI_OTEL_AUTO_CONFIGURE, OTEL_*) cannot turn on an
        # exporter. Our own /metrics endpoint is local and pull-only.
        telemetry=TELEMETRY_OFF,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_error_handlers(app)
    app.add_middleware(
        BodySizeLimitMiddleware,
        limit_for=json_limit(
            settings.max_request_kb, settings.max_file_bytes, (documents.UPLOAD_PATH,)
        ),
    )
    if settings.rate_limit_per_minute > 0:
        app.add_middleware(
            RateLimitMiddleware,
            settings=settings,
            limiter=SlidingWindowLimiter(settings.rate_limit_per_minute),
        )
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    if settings.cors_origins:
        app.add_middleware(
            JsonCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "Accept", "Authorization", API_KEY_HEADER],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    reader = [Depends(require_reader)]
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(search.router, dependencies=reader)
    app.include_router(ask.router, dependencies=reader)
    app.include_router(chat.router, dependencies=reader)
    app.include_router(contacts.router, dependencies=reader)
    app.include_router(feedback.router)
    app.include_router(documents.router)
    app.include_router(openai_compat.router)
    openai_compat.document_bad_requests(app)
    app.include_router(web.router)
    app.include_router(programmes.router, dependencies=reader)
    app.include_router(briefings.router, dependencies=reader)
    return app
