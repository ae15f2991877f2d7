"""Plain-text loader, and byte decoding shared by the text formats (TXT, Markdown, HTML)."""

from __future__ import annotations

import codecs
from pathlib import Path

from assistant.errors import DocumentError
from ingest.document import LoadedDocument, TextBlock
from ingest.frontmatter import read_front_matter
from ingest.text import normalise_text

__all__ = ["decode_text", "load_text", "no_text_error"]

_BINARY_PROBE = 8192


def decode_text(data: bytes, *, name: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else ``declared``
    (e.g. an HTML ``<meta charset>``), else Windows-1252 with a warning.

    Returns ``(text, warnings)``. A file with NUL bytes and no UTF-16 BOM is binary:
    ``DocumentError("not_supported")``.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise DocumentError(
                "broken",
                f"{name}: UTF-16-Text ist beschädigt.",
                message_en=f"{name}: the UTF-16 text is damaged.",
            ) from exc
    if b"\x00" in data[:_BINARY_PROBE]:
        raise DocumentError(
            "not_supported",
            f"{name} ist eine Binärdatei, keine Textdatei.",
            message_en=f"{name} is a binary file, not a text file.",
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(codecs.lookup(declared).name), []
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, [
        "Datei ist nicht UTF-8-kodiert und wurde als Windows-1252 gelesen; "
        "Sonderzeichen bitte prüfen."
    ]


def no_text_error(name: str) -> DocumentError:
    """``no_text`` for a text format whose body is empty."""
    return DocumentError(
        "no_text",
        f"{name} enthält keinen Text (nur Leerraum oder Metadaten).",
        message_en=f"{name} contains no text (only whitespace or metadata).",
    )


def load_text(path: Path, data: bytes) -> LoadedDocument:
    """A ``.txt`` file: optional front matter, paragraphs by blank lines, no sections."""
    text, warnings = decode_text(data, name=path.name)
    front, body = read_front_matter(text, name=path.name)
    normalised = normalise_text(body)
    if not normalised:
        raise no_text_error(path.name)
    return LoadedDocument(
        path=path,
        format="text",
        blocks=[TextBlock(normalised)],
        metadata=front,
        warnings=warnings,
    )
