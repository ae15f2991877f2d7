"""Liveness and readiness."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.errors import error_response
from api.schemas import error_responses

log = logging.getLogger("smartcity.api")

router = APIRouter(tags=["Betrieb"])


@router.get("/healthz", summary="Lebt der Prozess?")
def healthz() -> dict[str, Any]:
    """Der Prozess läuft."""
    return {"ok": True}


@router.get("/readyz", response_model=None, summary="Bereit?", responses=error_responses(503))
def readyz(request: Request) -> dict[str, Any] | JSONResponse:
    """Bereit, sobald Modell und Index geladen sind und der Index antwortet (503 sonst)."""
    services = getattr(request.state, "services", None)
    if services is None:
        return error_response(503, "not_ready", "Index wird geladen.")
    try:
        services.index.refresh()
        chunks = int(services.index.store.count())
        lexical = len(services.index.lexical)
    except Exception as exc:  # a Chroma server that went away, a damaged store
        log.warning("readiness check failed: %s", type(exc).__name__)
        return error_response(503, "not_ready", "Der Index ist nicht erreichbar.")
    return {"ok": True, "chunks": chunks, "lexical_chunks": lexical}
