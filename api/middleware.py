"""HTTP plumbing: request body size limit, CORS in the error shape, privacy of access logs."""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_response

_KB = 1024


class BodySizeLimitMiddleware:
    """413 for request bodies over the limit, also for chunked bodies without Content-Length.

    A declared ``Content-Length`` over the limit is refused before anything is read; otherwise
    the bytes are counted as the app reads them and reading stops at the limit.
    ``limit_for(method, path)`` returns the limit and the message for a request (uploads get
    the file limit, everything else the JSON limit).
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], tuple[int, str]]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, message = self.limit_for(str(scope.get("method", "")), str(scope.get("path", "")))
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await error_response(413, "too_large", message)(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    raise ApiError(413, "too_large", message)
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except ApiError as exc:
            if started or exc.status_code != 413:
                raise
            await error_response(413, exc.code, exc.message)(scope, receive, send)


def json_limit(
    max_request_kb: int, max_file_bytes: int, upload_paths: tuple[str, ...]
) -> Callable[[str, str], tuple[int, str]]:
    """``limit_for`` of ``BodySizeLimitMiddleware``: uploads may carry a file of
    ``max_file_bytes`` (plus 64 KB for the multipart framing), other requests
    ``max_request_kb``."""
    json_bytes = max_request_kb * _KB
    upload_bytes = max_file_bytes + 64 * _KB
    mb = f"{max_file_bytes / (_KB * _KB):.1f}".replace(".", ",")
    upload_message = f"Die Datei ist zu groß (höchstens {mb} MB)."
    json_message = f"Die Anfrage ist zu groß (höchstens {max_request_kb} KB)."

    def limit_for(method: str, path: str) -> tuple[int, str]:
        if method == "POST" and path in upload_paths:
            return upload_bytes, upload_message
        return json_bytes, json_message

    return limit_for


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware; a refused preflight answers in the error shape."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """The preflight answer; refusals as ``cors_denied`` (without Allow-Origin)."""
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        failures = bytes(response.body).decode("utf-8", "replace").removeprefix("Disallowed CORS ")
        headers = {
            k: v for k, v in response.headers.items() if k.lower().startswith(("access-", "vary"))
        }
        return error_response(
            400,
            "cors_denied",
            f"Diese Cross-Origin-Anfrage ist nicht erlaubt ({failures}).",
            headers=headers,
        )


class QueryStringFilter(logging.Filter):
    """Removes query strings from uvicorn's access log lines: a search query (``?q=``) is a
    question, and questions are not logged unless ``SMARTCITY_LOG_QUESTIONS`` is set."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument of an access log record; never drops a record."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path, sep, _ = args[2].partition("?")
            if sep:
                record.args = (*args[:2], f"{path}?…", *args[3:])
        return True
