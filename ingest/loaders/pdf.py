"""PDF loader (pypdf).

Steps and outcomes:

1. ``%PDF-`` must occur in the first 1024 bytes, else ``not_supported``.
2. Open with ``strict=True`` (including decryption and reading the page tree); on any error
   open again with ``strict=False`` and warn ("repariert geöffnet"); if that fails: ``broken``.
3. Encrypted files: ``decrypt("")``. If that fails: ``encrypted``. If it works (only an owner
   password is set) the file is indexed with a warning naming the permission flags.
4. Text page by page. An error on one page is a warning (``Seite N: ...``) and the other
   pages go on. A page whose text fails ``looks_like_text`` (OCR noise) counts as a page
   without text. If a strictly opened file gives no text because pages raised, it is read
   once more leniently.
5. No page with usable text: ``broken`` when the file could only be opened leniently, else
   ``no_text`` (no text layer, probably a scan).
6. Sections from the outline (bookmarks): each page belongs to the entry covering it; when an
   entry's title is found at the start of a line on its page, the page is split there so the
   text above the heading keeps the previous section. Broken outlines only cost the sections.

pypdf reports repairs through ``logging`` (logger ``pypdf``) and sometimes ``warnings``; both are
captured while a file is read and end up, deduplicated, in ``LoadedDocument.warnings``.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.constants import UserAccessPermissions

from assistant.errors import DocumentError
from ingest.document import LoadedDocument, TextBlock
from ingest.loaders.markdown import SECTION_SEPARATOR
from ingest.text import looks_like_text, normalise_text

__all__ = ["load_pdf", "plausible_title"]

_HEADER_PROBE = 1024
_MAX_LIBRARY_MESSAGES = 10
_MAX_OUTLINE_DEPTH = 32

_PERMISSION_LABELS = (
    (UserAccessPermissions.PRINT, "Drucken"),
    (UserAccessPermissions.MODIFY, "Ändern"),
    (UserAccessPermissions.EXTRACT, "Kopieren/Textextraktion"),
    (UserAccessPermissions.ADD_OR_MODIFY, "Kommentieren"),
    (UserAccessPermissions.FILL_FORM_FIELDS, "Formulare ausfüllen"),
    (UserAccessPermissions.EXTRACT_TEXT_AND_GRAPHICS, "Extraktion für Barrierefreiheit"),
    (UserAccessPermissions.ASSEMBLE_DOC, "Seiten zusammenstellen"),
    (UserAccessPermissions.PRINT_TO_REPRESENTATION, "hochwertiges Drucken"),
)


# --------------------------------------------------------------------------- library noise


class _ThreadLog(logging.Handler):
    """Keeps the pypdf log records of one thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            try:
                self.messages.append(record.getMessage())
            except Exception:  # a malformed record must not break loading
                self.messages.append(str(record.msg))


class _Quiet:
    """Process-wide state while at least one PDF is being read (in any thread).

    The ``pypdf`` logger stops propagating, and Python warnings are routed to the list of the
    thread that raised them; warnings of other threads go on to the previous handler. The first
    reader sets this up and the last one restores it, so concurrent loads do not undo each
    other (``warnings.catch_warnings`` alone is not thread-safe).
    """

    lock = threading.Lock()
    active = 0
    saved_propagate = True
    catcher: warnings.catch_warnings[None] | None = None
    forward: Any = None
    sinks: dict[int, list[str]] = {}  # noqa: RUF012 - guarded by ``lock``

    @classmethod
    def show(cls, message: Warning | str, category: type[Warning], *args: Any, **kw: Any) -> None:
        sink = cls.sinks.get(threading.get_ident())
        if sink is not None:
            sink.append(str(message))
        elif cls.forward is not None:
            cls.forward(message, category, *args, **kw)


@contextmanager
def _capture_library_noise(out: list[str]) -> Iterator[None]:
    """Collect pypdf log records and Python warnings of this thread into ``out``."""
    logger = logging.getLogger("pypdf")
    handler = _ThreadLog()
    caught: list[str] = []
    with _Quiet.lock:
        if _Quiet.active == 0:
            _Quiet.saved_propagate = logger.propagate
            logger.propagate = False
            _Quiet.catcher = warnings.catch_warnings()
            _Quiet.catcher.__enter__()
            warnings.simplefilter("always")
            _Quiet.forward = warnings.showwarning
            warnings.showwarning = _Quiet.show
        _Quiet.active += 1
        _Quiet.sinks[handler.thread] = caught
        logger.addHandler(handler)
    try:
        yield
    finally:
        with _Quiet.lock:
            logger.removeHandler(handler)
            _Quiet.sinks.pop(handler.thread, None)
            _Quiet.active -= 1
            if _Quiet.active == 0:
                logger.propagate = _Quiet.saved_propagate
                if _Quiet.catcher is not None:
                    _Quiet.catcher.__exit__(None, None, None)
                _Quiet.catcher = _Quiet.forward = None
        out.extend(_summarise_library_messages(handler.messages + caught))


def _summarise_library_messages(messages: list[str]) -> list[str]:
    unique = list(dict.fromkeys(" ".join(m.split())[:200] for m in messages if m.strip()))
    shown = [f"PDF-Bibliothek: {m}" for m in unique[:_MAX_LIBRARY_MESSAGES]]
    if len(unique) > _MAX_LIBRARY_MESSAGES:
        shown.append(f"PDF-Bibliothek: {len(unique) - _MAX_LIBRARY_MESSAGES} weitere Meldungen")
    return shown


# --------------------------------------------------------------------------- errors


def _error_text(exc: BaseException) -> str:
    detail = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _broken(name: str, exc: BaseException | None = None, *, no_text: bool = False) -> DocumentError:
    why = f" ({_error_text(exc)})" if exc else ""
    what = "enthält keinen lesbaren Text" if no_text else "kann nicht gelesen werden"
    what_en = "contains no readable text" if no_text else "cannot be read"
    return DocumentError(
        "broken",
        f"{name} ist beschädigt und {what}{why}.",
        message_en=f"{name} is damaged and {what_en}{why}.",
    )


def _encrypted(name: str, exc: BaseException | None = None) -> DocumentError:
    why = f" ({_error_text(exc)})" if exc else ""
    return DocumentError(
        "encrypted",
        f"{name} ist passwortgeschützt{why}. Bitte das Kennwort entfernen oder eine "
        "ungeschützte Fassung hochladen.",
        message_en=f"{name} is password protected{why}. Remove the password or upload an "
        "unprotected copy.",
    )


# --------------------------------------------------------------------------- opening


@dataclass
class _Opened:
    reader: PdfReader
    page_count: int
    repaired: bool


def _permission_warning(reader: PdfReader) -> str:
    perms = reader.user_access_permissions
    text = "Verschlüsselte PDF ohne Öffnungskennwort geöffnet"
    if perms is None:
        return text + "."
    value = int(perms)
    signed = value - (1 << 32) if value >= (1 << 31) else value
    denied = [label for flag, label in _PERMISSION_LABELS if not perms & flag]
    if denied:
        return (
            f"{text}; die Berechtigungen (P={signed}) untersagen: {', '.join(denied)}. "
            "Der Text wurde trotzdem für die Suche übernommen."
        )
    return f"{text}; die Berechtigungen (P={signed}) schränken nichts ein."


def _open_with(data: bytes, *, strict: bool, name: str, notes: list[str]) -> _Opened:
    reader = PdfReader(BytesIO(data), strict=strict)
    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")
        except Exception as exc:  # unsupported security handler, missing crypto backend
            raise _encrypted(name, exc) from exc
        if unlocked == PasswordType.NOT_DECRYPTED:
            raise _encrypted(name)
        notes.append(_permission_warning(reader))
    return _Opened(reader, len(reader.pages), repaired=not strict)


def _open(data: bytes, name: str, notes: list[str]) -> _Opened:
    strict_notes: list[str] = []
    try:
        opened = _open_with(data, strict=True, name=name, notes=strict_notes)
    except DocumentError:
        raise
    except Exception as strict_exc:
        lenient_notes: list[str] = []
        try:
            opened = _open_with(data, strict=False, name=name, notes=lenient_notes)
        except DocumentError:
            raise
        except Exception as exc:
            raise _broken(name, exc) from exc
        notes.append(
            "Datei ist beschädigt und wurde repariert geöffnet; Text kann unvollständig sein "
            f"({_error_text(strict_exc)})."
        )
        notes.extend(lenient_notes)
        return opened
    notes.extend(strict_notes)
    return opened


def _page_text(reader: PdfReader, index: int) -> str:
    text = reader.pages[index].extract_text()
    return text if isinstance(text, str) else ""


# --------------------------------------------------------------------------- outline


@dataclass(frozen=True)
class _Heading:
    page: int  # 0-based
    title: str
    section: str


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _outline(reader: PdfReader, notes: list[str]) -> list[_Heading]:
    """Outline entries with a resolvable page, sorted by page (stable)."""
    found: list[_Heading] = []

    def walk(nodes: list[Any], depth: int, top: str) -> None:
        if depth > _MAX_OUTLINE_DEPTH:
            return
        last_top = top
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1, last_top if depth == 0 else top)
                continue
            raw_title = getattr(node, "title", None)
            title = _clean(raw_title) if isinstance(raw_title, str) else ""
            if depth == 0:
                last_top = title
            try:
                page = reader.get_destination_page_number(node)
            except Exception:
                page = None
            if title and isinstance(page, int) and page >= 0:
                section = f"{top}{SECTION_SEPARATOR}{title}" if depth and top else title
                found.append(_Heading(page, title, section))

    try:
        walk(list(reader.outline), 0, "")
    except Exception as exc:
        notes.append(f"Lesezeichen nicht lesbar, Abschnitte fehlen ({_error_text(exc)}).")
        return []
    return sorted(found, key=lambda h: h.page)


def _heading_pattern(title: str) -> re.Pattern[str]:
    words = (re.escape(w) for w in title.split())
    return re.compile(r"^[ \t]*" + r"\s+".join(words) + r"(?!\w)", re.MULTILINE)


def _split_page(
    text: str, carried: str, headings: list[_Heading]
) -> tuple[list[tuple[str, str]], str]:
    """Split one page's text at the headings starting on it.

    Returns ``[(section, text), ...]`` and the section that continues on the next page. A
    heading that is not found covers the page from the top, unless the page was already split
    at an earlier heading.
    """
    segments: list[tuple[str, str]] = []
    current, cursor, split = carried, 0, False
    for heading in headings:
        match = _heading_pattern(heading.title).search(text, cursor)
        if match:
            segments.append((current, text[cursor : match.start()]))
            current, cursor, split = heading.section, match.start(), True
        elif not split:
            current = heading.section
    segments.append((current, text[cursor:]))
    return segments, headings[-1].section if headings else carried


# --------------------------------------------------------------------------- metadata

_PLACEHOLDER_TITLES = frozenset(
    {"title", "titel", "untitled", "unbenannt", "ohne titel", "no title", "document", "dokument"}
)
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\b|powerpoint-präsentation\b)"
    r"|\.(?:docx?|pdf|rtf|odt|pptx?|xlsx?|indd|qxd|tex|dvi|ps|txt)$"
    r"|^(?:dokument|document|folie|slide|binder|mappe|präsentation|presentation)\s*\d*$",
    re.IGNORECASE,
)


def plausible_title(raw: object) -> str:
    """The PDF info title if it names the document, else ``""``.

    Rejects empty titles, placeholders (``Title``, ``Untitled``), names produced by tools
    (``Microsoft Word - x.doc``, ``Binder1.pdf``, ``Dokument1``) and titles without a word.
    """
    if not isinstance(raw, str):
        return ""
    title = _clean(raw)
    if not 3 <= len(title) <= 300 or title.lower() in _PLACEHOLDER_TITLES:
        return ""
    if _JUNK_TITLE.search(title) or not re.search(r"[^\W\d_]{3,}", title):
        return ""
    return title


def _info_title(reader: PdfReader) -> str:
    try:
        info = reader.metadata
        return plausible_title(info.title if info is not None else None)
    except Exception:  # a damaged info dictionary costs only the title
        return ""


# --------------------------------------------------------------------------- loading


def _page_numbers(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" und {len(numbers) - 10} weitere" if len(numbers) > 10 else "")


@dataclass
class _Pages:
    """What page-by-page extraction gave."""

    texts: list[str]  # usable text per page, "" for none
    notes: list[str]
    failed: int = 0  # pages whose extraction raised
    noise: int = 0  # pages whose text layer was OCR noise

    @property
    def usable(self) -> bool:
        return any(self.texts)


def _read_pages(opened: _Opened) -> _Pages:
    pages = _Pages([], [])
    empty: list[int] = []
    for index in range(opened.page_count):
        number = index + 1
        try:
            text = _page_text(opened.reader, index)
        except Exception as exc:  # one damaged page must not cost the others
            pages.notes.append(f"Seite {number}: Text nicht lesbar ({type(exc).__name__})")
            pages.failed += 1
            text = ""
        else:
            if not text.strip():
                empty.append(number)
                text = ""
            elif not looks_like_text(text):
                pages.notes.append(
                    f"Seite {number}: Textebene ist unlesbar (OCR-Rauschen), übersprungen"
                )
                pages.noise += 1
                text = ""
        pages.texts.append(text)
    if empty and len(empty) < opened.page_count:
        pages.notes.append(f"Seiten ohne Text (Bild oder Scan?): {_page_numbers(empty)}")
    return pages


def _read(data: bytes, name: str, notes: list[str]) -> tuple[_Opened, _Pages]:
    """Open and extract; when a strictly opened file gives no text because pages raised,
    read it once more leniently (that costs time only for files that would fail anyway)."""
    opened = _open(data, name, notes)
    pages = _read_pages(opened)
    if pages.usable or opened.repaired or not pages.failed:
        return opened, pages
    retry_notes: list[str] = []
    try:
        lenient = _open_with(data, strict=False, name=name, notes=retry_notes)
    except Exception:
        return opened, pages
    lenient.repaired = False  # the file itself opened strictly; only its pages needed help
    retried = _read_pages(lenient)
    if retried.usable or retried.noise:
        notes.append("Seiten nur im Reparaturmodus lesbar; Text kann unvollständig sein.")
        return lenient, retried
    return opened, pages


def _no_text(name: str, opened: _Opened, pages: _Pages) -> DocumentError:
    if opened.repaired or opened.page_count == 0:
        return _broken(name, no_text=True)
    if pages.noise:
        return DocumentError(
            "no_text",
            f"{name} hat nur eine unlesbare Textebene (fehlerhafte Texterkennung); "
            "bitte die Texterkennung (OCR) neu ausführen.",
            message_en=f"{name} has only an unreadable text layer (failed OCR); run OCR again.",
        )
    return DocumentError(
        "no_text",
        f"{name} hat keine Textebene (vermutlich ein Scan); für die Suche ist eine "
        "Texterkennung (OCR) nötig.",
        message_en=f"{name} has no text layer (probably a scan); it needs OCR before it can "
        "be searched.",
    )


def _blocks(texts: list[str], headings: list[_Heading]) -> list[TextBlock]:
    by_page: dict[int, list[_Heading]] = {}
    for heading in headings:
        by_page.setdefault(heading.page, []).append(heading)
    blocks: list[TextBlock] = []
    carried = ""
    for index, raw in enumerate(texts):
        on_page = by_page.get(index, [])
        segments, carried = _split_page(unicodedata.normalize("NFKC", raw), carried, on_page)
        titles = {h.title for h in on_page}
        for section, segment in segments:
            text = normalise_text(segment)
            if text and text not in titles:
                blocks.append(TextBlock(text, page=index + 1, section=section))
    return blocks


def load_pdf(path: Path, data: bytes) -> LoadedDocument:
    """Load a PDF given its bytes; raises ``DocumentError`` as described in the module."""
    name = path.name
    if b"%PDF-" not in data[:_HEADER_PROBE]:
        raise DocumentError(
            "not_supported",
            f"{name} ist trotz der Endung .pdf keine PDF-Datei.",
            message_en=f"{name} is not a PDF file despite its .pdf extension.",
        )
    notes: list[str] = []
    library: list[str] = []
    with _capture_library_noise(library):
        opened, pages = _read(data, name, notes)
        if not pages.usable:
            raise _no_text(name, opened, pages)
        headings = _outline(opened.reader, notes)
        title = _info_title(opened.reader)
    return LoadedDocument(
        path=path,
        format="pdf",
        blocks=_blocks(pages.texts, headings),
        metadata={"title": title} if title else {},
        warnings=notes + pages.notes + library,
        page_count=opened.page_count,
    )
