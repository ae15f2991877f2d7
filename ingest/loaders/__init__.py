"""Loaders per format and the one entry point, ``load_document``.

Checks for every file, in this order: size 0 -> ``empty``; larger than ``max_bytes`` ->
``too_large`` (decided from the file system, the file is not read); unknown suffix ->
``not_supported``; then the format's loader, which raises ``DocumentError`` with one of the
contract's reasons (``encrypted``, ``broken``, ``no_text``, ``not_supported``).
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from assistant.errors import DocumentError
from ingest.document import LoadedDocument
from ingest.loaders.html import load_html
from ingest.loaders.markdown import load_markdown
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import load_text

__all__ = ["SUPPORTED_SUFFIXES", "load_document"]

Loader = Callable[[Path, bytes], LoadedDocument]

_LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".txt": load_text,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_LOADERS)

_MB = 1024 * 1024


def _megabytes(size: int) -> str:
    """``12582912`` -> ``"12,0 MB"`` (German decimal comma)."""
    return f"{size / _MB:.1f}".replace(".", ",") + " MB"


def _too_large(name: str, size: int, max_bytes: int) -> DocumentError:
    return DocumentError(
        "too_large",
        f"{name} ist {_megabytes(size)} groß; erlaubt sind höchstens {_megabytes(max_bytes)}.",
        message_en=f"{name} is {size / _MB:.1f} MB; the limit is {max_bytes / _MB:.1f} MB.",
    )


def _empty(name: str) -> DocumentError:
    return DocumentError(
        "empty", f"{name} ist leer (0 Byte).", message_en=f"{name} is empty (0 bytes)."
    )


def _unreadable(name: str, exc: OSError) -> DocumentError:
    why = exc.strerror or type(exc).__name__
    return DocumentError(
        "broken",
        f"{name} kann nicht gelesen werden ({why}).",
        message_en=f"{name} cannot be read ({why}).",
    )


def _read_at_most(path: Path, max_bytes: int) -> bytes:
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


def load_document(path: Path, *, max_bytes: int) -> LoadedDocument:
    """Load one file into text blocks; raises ``DocumentError`` when it cannot be indexed."""
    name = path.name
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(name, exc) from exc
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(
            "not_supported",
            f"{name} ist keine reguläre Datei.",
            message_en=f"{name} is not a regular file.",
        )
    if info.st_size == 0:
        raise _empty(name)
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes)
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(
            "not_supported",
            f"{name}: Dateityp {path.suffix or '(ohne Endung)'} wird nicht unterstützt "
            f"(unterstützt: {supported}).",
            message_en=f"{name}: file type {path.suffix or '(no extension)'} is not supported "
            f"(supported: {supported}).",
        )
    try:
        data = _read_at_most(path, max_bytes)
    except OSError as exc:
        raise _unreadable(name, exc) from exc
    # the file may have changed since stat()
    if not data:
        raise _empty(name)
    if len(data) > max_bytes:
        try:
            size = max(path.stat().st_size, len(data))
        except OSError:
            size = len(data)
        raise _too_large(name, size, max_bytes)
    return loader(path, data)
