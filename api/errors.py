"""One JSON error shape for every failure: ``{"ok": false, "error": {"code", "message"}}``."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    ConfigurationError,
    DocumentError,
    IndexMismatchError,
    InvalidRequestError,
    NotFoundError,
    SmartCityError,
)

log = logging.getLogger("smartcity.api")

_STATUS: dict[type[SmartCityError], int] = {
    InvalidRequestError: 422,
    DocumentError: 422,
    NotFoundError: 404,
    IndexMismatchError: 503,
    ConfigurationError: 503,
}

#: codes and default messages of errors that exist only over HTTP
HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Ungültige Anfrage."),
    401: ("unauthorized", "API-Schlüssel fehlt (Header X-API-Key)."),
    403: ("forbidden", "Der API-Schlüssel ist nicht gültig."),
    404: ("not_found", "Nicht gefunden."),
    405: ("method_not_allowed", "Methode nicht erlaubt."),
    413: ("too_large", "Die Anfrage ist zu groß."),
    415: ("unsupported_type", "Dieser Inhaltstyp wird nicht unterstützt."),
    429: ("rate_limited", "Zu viele Anfragen. Bitte später erneut versuchen."),
}


#: FastAPI's detail of the 400 for a request body it cannot parse
BODY_PARSE_DETAIL = "There was an error parsing the body"
#: our answer to such a body (422 on the app's routes, 400 on the OpenAI-compatible ones)
BODY_PARSE_MESSAGE = "Ungültige Anfrage: der Inhalt ist kein lesbares JSON (UTF-8 erwartet)."


class ApiError(StarletteHTTPException):
    """An HTTP-only error (401, 403, 413, 415, 429, ...) with a code; rendered in the shape.

    A subclass of Starlette's ``HTTPException`` so that FastAPI passes it through unchanged
    also when it is raised while the request body is read (the body size limit).
    """

    def __init__(
        self,
        status: int,
        code: str | None = None,
        message: str | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        default_code, default_message = HTTP_CODES.get(status, ("http_error", "Fehler."))
        self.code = code or default_code
        self.message = message or default_message
        super().__init__(status_code=status, detail=self.message, headers=headers)


def error_response(
    status: int, code: str, message: str, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The contract's error body."""
    return JSONResponse(
        {"ok": False, "error": {"code": code, "message": message}},
        status_code=status,
        headers=headers,
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
        if isinstance(exc, ApiError):
            return error_response(exc.status_code, exc.code, exc.message, headers=exc.headers)
        if exc.status_code == 400 and exc.detail == BODY_PARSE_DETAIL:
            # FastAPI's answer to a body it cannot decode (e.g. not UTF-8): a validation
            # error like malformed JSON, so every route documents one status for it
            return error_response(422, "invalid_request", BODY_PARSE_MESSAGE)
        code, message = HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal", "Interner Fehler. Bitte später erneut versuchen.")
