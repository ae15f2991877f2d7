"""The FastAPI app factory. Heavy state is built once in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import health, search
from api.services import Services
from assistant.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the embedding model and the index load when it starts."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Any]]:
        services = Services.build(settings or Settings())
        try:
            yield {"services": services}
        finally:
            services.close()

    app = FastAPI(
        title="Smart-City-Beratungsassistent",
        description="Offline-Assistent für Kommunen: Suche mit Quellen, regionale Ansprechstellen.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    return app
