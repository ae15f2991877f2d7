"""Receive a multipart upload by streaming its one file part to a temporary file.

The body is parsed as it arrives (python-multipart's streaming parser): the file's bytes go
straight to disk and are counted, and the upload is refused with 413 as soon as it passes
the size limit, with 415 as soon as the part headers name a file type that is not accepted.
Nothing of the client's file name is used as a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from api.errors import ApiError
from ingest.library import suffix_allowed

FILE_FIELD = "file"
MAX_PARTS = 8
MAX_FIELD_BYTES = 4096


@dataclass(frozen=True)
class ReceivedFile:
    """The uploaded file on disk and the name the client gave it."""

    path: Path
    filename: str
    size: int


class _Receiver:
    """Callbacks of the streaming parser; problems are kept, raised between chunks."""

    def __init__(self, target: IO[bytes], max_bytes: int, allowed: list[str]) -> None:
        self.target = target
        self.max_bytes = max_bytes
        self.allowed = allowed
        self.error: ApiError | None = None
        self.filename: str | None = None
        self.size = 0
        self.parts = 0
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._in_file = False
        self._field_bytes = 0
        self.ended = False

    def on_end(self) -> None:
        self.ended = True

    def on_part_begin(self) -> None:
        self.parts += 1
        self._disposition = b""
        self._in_file = False
        self._field_bytes = 0
        if self.parts > MAX_PARTS and self.error is None:
            self.error = ApiError(422, "invalid_request", "Zu viele Felder im Formular.")

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name != FILE_FIELD or b"filename" not in options:
            return
        if self.filename is not None:
            self._fail(422, "invalid_request", "Bitte genau eine Datei im Feld 'file' senden.")
            return
        self.filename = options[b"filename"].decode("utf-8", "replace")
        if not suffix_allowed(self.filename, self.allowed):
            self._fail(
                415,
                "unsupported_type",
                "Dieser Dateityp wird nicht angenommen; erlaubt sind: "
                + ", ".join(self.allowed)
                + ".",
            )
            return
        self._in_file = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.error is not None:
            return
        if not self._in_file:
            self._field_bytes += end - start
            if self._field_bytes > MAX_FIELD_BYTES:
                self._fail(422, "invalid_request", "Ein Formularfeld ist zu lang.")
            return
        self.size += end - start
        if self.size > self.max_bytes:
            mb = f"{self.max_bytes / (1024 * 1024):.1f}".replace(".", ",")
            self._fail(413, "too_large", f"Die Datei ist zu groß (höchstens {mb} MB).")
            return
        self.target.write(data[start:end])

    def on_part_end(self) -> None:
        self._in_file = False

    def _fail(self, status: int, code: str, message: str) -> None:
        if self.error is None:
            self.error = ApiError(status, code, message)


async def receive_file(
    request: Request, target: Path, *, max_bytes: int, allowed: list[str]
) -> ReceivedFile:
    """Stream the ``file`` field of a multipart request into ``target``.

    Raises ``ApiError``: 415 not multipart or a file type not accepted, 413 too large, 422
    no file or a malformed body. ``target`` may be left behind; the caller removes it.
    """
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data":
        raise ApiError(
            415, "unsupported_type", "Erwartet wird multipart/form-data mit dem Feld 'file'."
        )
    boundary = params.get(b"boundary")
    if not boundary:
        raise ApiError(422, "invalid_request", "multipart/form-data ohne boundary.")
    with target.open("wb") as handle:
        receiver = _Receiver(handle, max_bytes, allowed)
        try:
            parser = MultipartParser(
                boundary,
                {
                    "on_part_begin": receiver.on_part_begin,
                    "on_part_data": receiver.on_part_data,
                    "on_part_end": receiver.on_part_end,
                    "on_header_field": receiver.on_header_field,
                    "on_header_value": receiver.on_header_value,
                    "on_header_end": receiver.on_header_end,
                    "on_headers_finished": receiver.on_headers_finished,
                    "on_end": receiver.on_end,
                },
            )
            async for chunk in request.stream():
                parser.write(chunk)
                if receiver.error is not None:
                    raise receiver.error
            parser.finalize()
        except (FormParserError, ValueError) as exc:
            raise ApiError(422, "invalid_request", "Ungültiger multipart-Inhalt.") from exc
        except ClientDisconnect as exc:
            raise ApiError(400, "bad_request", "Die Verbindung wurde abgebrochen.") from exc
    if receiver.error is not None:
        raise receiver.error
    if not receiver.ended:
        raise ApiError(422, "invalid_request", "Der multipart-Inhalt ist unvollständig.")
    if receiver.filename is None:
        raise ApiError(422, "invalid_request", "Keine Datei im Feld 'file' gefunden.")
    return ReceivedFile(target, receiver.filename, receiver.size)
