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
7. Running headers, footers and page numbers at the top and bottom of the pages are removed
   (``pdf_margins``).

pypdf reports repairs through ``logging`` (logger ``pypdf``) and sometimes ``warnings``; both are
captured while a file is read and end up, deduplicated, in ``LoadedDocument.warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.constants import UserAccessPermissions

from assistant.errors import DocumentError
from ingest.document import LoadedDocument, TextBlock
from ingest.loaders.pdf_margins import strip_margins
from ingest.loaders.pdf_noise import capture_library_noise, error_text
from ingest.loaders.pdf_outline import Heading, clean_title, read_outline, split_page
from ingest.text import looks_like_text, normalise_characters, normalise_text

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


# --------------------------------------------------------------------------- errors


def _broken(name: str, exc: BaseException | None = None, *, no_text: bool = False) -> DocumentError:
    why = f" ({error_text(exc)})" if exc else ""
    what = "enthält keinen lesbaren Text" if no_text else "kann nicht gelesen werden"
    what_en = "contains no readable text" if no_text else "cannot be read"
    return DocumentError(
        "broken",
        f"{name} ist beschädigt und {what}{why}.",
        message_en=f"{name} is damaged and {what_en}{why}.",
    )


def _encrypted(name: str, exc: BaseException | None = None) -> DocumentError:
    why = f" ({error_text(exc)})" if exc else ""
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
            f"({error_text(strict_exc)})."
        )
        notes.extend(lenient_notes)
        return opened
    notes.extend(strict_notes)
    return opened


def _page_text(reader: PdfReader, index: int) -> str:
    text = reader.pages[index].extract_text()
    return text if isinstance(text, str) else ""


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
    title = clean_title(raw)
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


def _blocks(texts: list[str], headings: list[Heading]) -> list[TextBlock]:
    by_page: dict[int, list[Heading]] = {}
    for heading in headings:
        by_page.setdefault(heading.page, []).append(heading)
    blocks: list[TextBlock] = []
    carried = ""
    for index, raw in enumerate(texts):
        on_page = by_page.get(index, [])
        segments, carried = split_page(normalise_characters(raw), carried, on_page)
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
    with capture_library_noise(library):
        opened, pages = _read(data, name, notes)
        if not pages.usable:
            raise _no_text(name, opened, pages)
        headings = read_outline(opened.reader, notes)
        title = _info_title(opened.reader)
    return LoadedDocument(
        path=path,
        format="pdf",
        blocks=_blocks(strip_margins(pages.texts), headings),
        metadata={"title": title} if title else {},
        warnings=notes + pages.notes + library,
        page_count=opened.page_count,
    )
