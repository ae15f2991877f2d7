"""PDF outline (bookmarks) to sections: which heading covers which part of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

from ingest.loaders.headings import SECTION_SEPARATOR
from ingest.loaders.pdf_noise import error_text
from ingest.text import normalise_characters

__all__ = ["Heading", "clean_title", "read_outline", "split_page"]

_MAX_OUTLINE_DEPTH = 32


@dataclass(frozen=True)
class Heading:
    page: int  # 0-based
    title: str
    section: str


def clean_title(text: str) -> str:
    """The characters as ``normalise_characters`` leaves them, and single spaces."""
    return " ".join(normalise_characters(text).split())


def read_outline(reader: PdfReader, notes: list[str]) -> list[Heading]:
    """Outline entries with a resolvable page, sorted by page (stable)."""
    found: list[Heading] = []

    def walk(nodes: list[Any], depth: int, top: str) -> None:
        if depth > _MAX_OUTLINE_DEPTH:
            return
        last_top = top
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1, last_top if depth == 0 else top)
                continue
            raw_title = getattr(node, "title", None)
            title = clean_title(raw_title) if isinstance(raw_title, str) else ""
            if depth == 0:
                last_top = title
            try:
                page = reader.get_destination_page_number(node)
            except Exception:
                page = None
            if title and isinstance(page, int) and page >= 0:
                section = f"{top}{SECTION_SEPARATOR}{title}" if depth and top else title
                found.append(Heading(page, title, section))

    try:
        walk(list(reader.outline), 0, "")
    except Exception as exc:
        notes.append(f"Lesezeichen nicht lesbar, Abschnitte fehlen ({error_text(exc)}).")
        return []
    return sorted(found, key=lambda h: h.page)


def _heading_pattern(title: str) -> re.Pattern[str]:
    words = (re.escape(w) for w in title.split())
    return re.compile(r"^[ \t]*" + r"\s+".join(words) + r"(?!\w)", re.MULTILINE)


def split_page(
    text: str, carried: str, headings: list[Heading]
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
