"""Where a document's title comes from when no sidecar names it, and whether a heading is one.

Order (the first that gives a usable title wins; ``ingest/metadata.py`` puts the admin's
correction and the sidecar before it and the file name after it):

1. the title the loader found in the file: YAML front matter or a Pandoc title block
   (``front-matter``), the PDF info dictionary (``pdf-metadata``, placeholders such as
   "Microsoft Word - x.docx" are already dropped by the loader), the HTML ``<title>`` or first
   ``<h1>`` (``html-title``), the first Markdown ``#`` heading (``markdown-heading``). A loader
   may state the origin itself in ``metadata["title_source"]``; otherwise it is read off the
   file (is the title in its front matter or title block?).
2. for Markdown, a Pandoc title block (``% title``) at the start of the text that the loader
   left as body text (``front-matter``);
3. for PDFs, the first prominent line of page 1 (``pdf-first-heading``, see ``pdf_title``).

A heading is only a title when it reads like one: not a question ("Wozu dient dieser
Leitfaden?"), not a generic chapter name ("Intro", "Einleitung", "Inhalt"), not a numbered or
``§`` heading ("§ 1 – Anwendungsbereich", "2. Ziele"). Labels that web pages put before the
title ("Titel der Förderlinie: ...") are removed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, get_args

from assistant.errors import DocumentError
from ingest.document import LoadedDocument
from ingest.frontmatter import load_yaml_mapping, split_front_matter
from ingest.pdf_title import first_page_heading

__all__ = [
    "TITLE_SOURCES",
    "TitleSource",
    "clean_heading",
    "file_title",
    "heading_is_title",
]

TitleSource = Literal[
    "front-matter",
    "sidecar",
    "pdf-metadata",
    "pdf-first-heading",
    "markdown-heading",
    "html-title",
    "file-name",
    "admin",
]
TITLE_SOURCES: tuple[TitleSource, ...] = get_args(TitleSource)

MAX_TITLE_CHARS = 300
#: bytes read from the start of a text file to see whether its front matter holds the title
_HEAD_BYTES = 256 * 1024
_LABEL = re.compile(
    r"^\s*(?:titel\s+der\s+förder(?:linie|maßnahme|richtlinie)|titel|title|überschrift)\s*:\s*",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"(?:intro|introduction|einleitung|einführung|vorwort|vorbemerkung|präambel|inhalt|"
    r"inhaltsverzeichnis|inhaltsübersicht|übersicht|zusammenfassung|abstract|summary|overview|"
    r"anhang|anlage|glossar|literatur|quellen|impressum|kontakt|contents|table of contents|"
    r"(?:kapitel|teil|abschnitt|chapter|part|section)\s+[\divxlc]+)",
    re.IGNORECASE,
)
#: "§ 1", "Art. 3", "1.", "1.2", "2 Ziele", "IV. Verfahren", "A." at the start of a heading
_NUMBERED = re.compile(
    r"^\s*(?:§|art\.|artikel\s+\d|(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]+\.|[A-Z]\.)\s)",
    re.IGNORECASE,
)
_PANDOC_LINE = re.compile(r"^%[ \t]*(\S.*)$")


def clean_heading(text: str) -> str:
    """A heading as a title: single spaces, without a leading label ("Titel der Förderlinie:")."""
    return " ".join(_LABEL.sub("", text).split())


def heading_is_title(text: str) -> bool:
    """Whether a (cleaned) heading names the document (see the module docstring)."""
    title = " ".join(text.split())
    if not 3 <= len(title) <= MAX_TITLE_CHARS or not re.search(r"[^\W\d_]{3,}", title):
        return False
    if title.endswith("?") or _NUMBERED.match(title):
        return False
    core = re.sub(r"^[\W\d_]+|[\W_]+$", "", title)
    return not _GENERIC.fullmatch(core)


def file_title(doc: LoadedDocument) -> tuple[str, TitleSource] | None:
    """The title the file states about itself and where it was found, or ``None``."""
    raw = doc.metadata.get("title")
    title = " ".join(str(raw).split()) if isinstance(raw, (str, int, float)) else ""
    if title:
        stated = str(doc.metadata.get("title_source") or "")
        source = _stated(stated) or _source_of(doc, title)
        if source not in ("markdown-heading", "html-title"):
            return title, source
        cleaned = clean_heading(title)
        if heading_is_title(cleaned):
            return cleaned, source
    if doc.format == "markdown" and (pandoc := _pandoc_title_in_body(doc)):
        return pandoc, "front-matter"
    if doc.format == "pdf":
        heading = first_page_heading(doc.path) if doc.path.is_file() else ""
        if heading:
            return heading, "pdf-first-heading"
    return None


def _stated(value: str) -> TitleSource | None:
    """A title source a loader stated, if it is one of ``TITLE_SOURCES``."""
    return next((s for s in TITLE_SOURCES if s == value), None)


def _source_of(doc: LoadedDocument, title: str) -> TitleSource:
    """Where the loader found ``title`` (it did not say)."""
    if doc.format == "pdf":
        return "pdf-metadata"
    if doc.format == "text":
        return "front-matter"
    head = _file_head(doc.path)
    if head is not None:
        if _front_matter_title(head) == title or _pandoc_title(head.splitlines()) == title:
            return "front-matter"
        return "html-title" if doc.format == "html" else "markdown-heading"
    # the file cannot be read again: a title that is also a heading of the text is one
    for block in doc.blocks:
        section = block.section.split(" \u203a ")[0].strip()
        if section == title or block.text.startswith(title):
            return "html-title" if doc.format == "html" else "markdown-heading"
    return "front-matter"


def _file_head(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    return data.decode("utf-8-sig", errors="replace")


def _front_matter_title(text: str) -> str:
    block, _, first_line = split_front_matter(text)
    if block is None:
        return ""
    try:
        data = load_yaml_mapping(block, what="Front Matter", first_line=first_line)
    except DocumentError:
        return ""
    raw = data.get("title")
    return " ".join(str(raw).split()) if isinstance(raw, (str, int, float)) else ""


def _pandoc_title(lines: list[str]) -> str:
    """The title line of a Pandoc title block (``% title``) opening ``lines``."""
    for line in lines:
        if not line.strip():
            continue
        m = _PANDOC_LINE.match(line.strip())
        return " ".join(m[1].split()) if m else ""
    return ""


def _pandoc_title_in_body(doc: LoadedDocument) -> str:
    """A Pandoc title block the loader kept as the first paragraph ("% Titel % Datum")."""
    if not doc.blocks:
        return ""
    first = doc.blocks[0].text.split("\n\n", 1)[0].strip()
    if not first.startswith("%"):
        return ""
    title = " ".join(first[1:].split(" % ", 1)[0].split())
    return title if heading_is_title(title) else ""
