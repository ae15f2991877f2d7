"""One JSON error shape for every failure: ``{"ok": false, "error": {"code", "message"}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    ConfigurationError,
    IndexMismatchError,
    InvalidRequestError,
    NotFoundError,
    SmartCityError,
)

log = logging.getLogger("smartcity.api")

_STATUS: dict[type[SmartCityError], int] = {
    InvalidRequestError: 422,
    NotFoundError: 404,
    IndexMismatchError: 503,
    ConfigurationError: 503,
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The contract's error body."""
    return JSONResponse(
        {"ok": False, "error": {"code": code, "message": message}}, status_code=status
    )


def install_error_handlers(app: FastAPI) -> None:
    """Render every error in the one shape; never leak a stack trace."""

    @app.exception_handler(SmartCityError)
    async def _domain(_: Request, exc: SmartCityError) -> JSONResponse:
        status = next((s for t, s in _STATUS.items() if isinstance(exc, t)), 400)
        return error_response(status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{where}: {err.get('msg', 'ungültig')}")
        return error_response(422, "invalid_request", "Ungültige Anfrage: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = {404: "Nicht gefunden.", 405: "Methode nicht erlaubt."}.get(
            exc.status_code, str(exc.detail)
        )
        return error_response(exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal", "Interner Fehler. Bitte später erneut versuchen.")
