"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["Betrieb"])


@router.get("/healthz")
def healthz() -> dict[str, Any]:
    """Der Prozess läuft."""
    return {"ok": True}


@router.get("/readyz", response_model=None)
def readyz(request: Request) -> dict[str, Any] | JSONResponse:
    """Bereit, sobald Modell und Index geladen sind."""
    services = getattr(request.state, "services", None)
    if services is None:
        return JSONResponse(
            {"ok": False, "error": {"code": "not_ready", "message": "Index wird geladen."}},
            status_code=503,
        )
    return {"ok": True, "chunks": services.index.store.count()}
