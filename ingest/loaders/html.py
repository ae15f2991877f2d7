"""HTML loader (BeautifulSoup with the stdlib ``html.parser``).

Dropped before reading: ``script style noscript template nav aside form svg iframe`` (and a few
other non-content elements), ``header``/``footer`` unless they sit inside ``<article>`` or
``<main>`` (there they hold the article's own heading), elements with ``role="navigation"``,
``aria-hidden="true"`` or ``hidden``, and comments. Headings ``h1``-``h3`` open a new block
(section = heading text; ``h3`` gets the nearest ``h2`` as prefix, as in Markdown). Block-level
elements (``p``, ``li``, ``td``, ``div`` text, headings, ...) become paragraphs; ``<ul>`` items
start with ``- ``. Title: front matter, else ``<title>``, else the first ``h1``; ``<html lang>``
gives the language when the front matter has none. Headings that restate the title lose it in
section names (``ingest.loaders.headings``).

A ``<table>`` with a header (``<thead>`` rows, or leading rows of only ``<th>`` cells) becomes
a block of its own under the current section (``ingest.loaders.html_tables``): one paragraph
per row, cells joined with ``" | "``, the header row first, ``table_header`` = the header
cells. Its ``<caption>`` is a paragraph before it. Tables without a header, and tables holding
other tables (layout), are read as before: every cell a paragraph. Records set with ``<br>``
(a label, then one ``name value`` line per column, ``ingest.loaders.record_tables``) become
table blocks the same way; elsewhere a ``<br>`` is a space.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from assistant.tables import join_cells
from ingest.document import LoadedDocument, TextBlock
from ingest.frontmatter import read_front_matter
from ingest.loaders.headings import HeadingTrail
from ingest.loaders.html_tables import read_table
from ingest.loaders.record_tables import split_records
from ingest.loaders.text import decode_text, no_text_error
from ingest.text import normalise_text

__all__ = ["load_html"]

# fmt: off
_DROP = [
    "script", "style", "noscript", "template", "nav", "aside", "form", "svg", "iframe",
    "object", "embed", "canvas", "button", "select", "input", "textarea", "head", "link", "meta",
]
_BLOCKS = frozenset({
    "p", "div", "li", "td", "th", "tr", "table", "thead", "tbody", "tfoot", "ul", "ol", "dl",
    "dt", "dd", "section", "article", "main", "blockquote", "pre", "hr", "figure", "figcaption",
    "caption", "address", "details", "summary", "h4", "h5", "h6", "body", "html", "center",
    "fieldset", "legend",
})
# fmt: on
#: page banners and footers; inside <article>/<main> they belong to the content and stay
_PAGE_CHROME = ("header", "footer")
_CONTENT_ROOTS = ("article", "main")
_SECTION_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
#: a ``<br>`` in the buffer: a line break inside the paragraph
_BR = "\x00"
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass
class _Part:
    """Paragraphs under one heading, or one table (``header`` set)."""

    section: str
    paragraphs: list[str] = field(default_factory=list)
    heading: bool = False
    header: tuple[str, ...] = ()


class _Collector:
    """Walks the tree; paragraphs go to the current block, h1-h3 open a new block."""

    def __init__(self, title: str = "") -> None:
        self.blocks: list[_Part] = [_Part("")]
        self.trail = HeadingTrail(title)
        self.buffer: list[str] = []

    def flush(self) -> None:
        """End a paragraph; its ``<br>`` lines stay lines until ``text_blocks`` reads records."""
        lines = (" ".join(line.split()) for line in "".join(self.buffer).split(_BR))
        text = "\n".join(line for line in lines if line)
        self.buffer = []
        if text:
            self.blocks[-1].paragraphs.append(text)

    def heading(self, level: int, text: str) -> None:
        self.flush()
        text = " ".join(text.split())
        if not text:
            return
        section = self.trail.enter(level, text)
        self.blocks.append(_Part(section, [text], heading=True))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIPPED_STRINGS):
                    self.buffer.append(str(child))
            elif isinstance(child, Tag):
                self.element(child)

    def table(self, tag: Tag) -> bool:
        """A table with a header as a block of its own; False when it has none."""
        table = read_table(tag)
        if table is None:
            return False
        self.flush()
        if table.caption:
            self.blocks[-1].paragraphs.append(table.caption)
        section = self.blocks[-1].section
        self.blocks.append(_Part(section, list(table.rows), header=table.header))
        self.blocks.append(_Part(section))
        return True

    def element(self, tag: Tag) -> None:
        name = tag.name.lower()
        if name in _SECTION_HEADINGS:
            self.heading(_SECTION_HEADINGS[name], tag.get_text(" "))
        elif name == "br":
            self.buffer.append(_BR)
        elif name == "table" and self.table(tag):
            return
        elif name in _BLOCKS:
            self.flush()
            if name == "li" and isinstance(tag.parent, Tag) and tag.parent.name == "ul":
                self.buffer.append("- ")
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)

    def text_blocks(self) -> list[TextBlock]:
        self.flush()
        out = []
        for part in self.blocks:
            if part.header:
                out.append(
                    TextBlock(
                        "\n\n".join(part.paragraphs), section=part.section, table_header=part.header
                    )
                )
                continue
            out.extend(_prose_blocks(part))
        return out


def _prose_blocks(part: _Part) -> list[TextBlock]:
    """A part's prose, its ``<br>`` lines joined, with runs of records as table blocks."""
    out: list[TextBlock] = []
    pieces = split_records(part.paragraphs)
    for index, piece in enumerate(pieces):
        if not isinstance(piece, list):
            header = tuple(normalise_text(cell) for cell in piece.header)
            rows = [[normalise_text(cell) for cell in row] for row in piece.rows]
            text = "\n\n".join(join_cells(cells) for cells in [header, *rows])
            out.append(TextBlock(text, section=part.section, table_header=header))
            continue
        text = normalise_text("\n\n".join(" ".join(p.split()) for p in piece))
        heading_only = index == 0 and part.heading and len(piece) <= 1
        if text and not heading_only:
            out.append(TextBlock(text, section=part.section))
    return out


def _is_hidden(tag: Tag) -> bool:
    role = str(tag.get("role") or "").lower()
    aria_hidden = str(tag.get("aria-hidden") or "").lower()
    return role == "navigation" or aria_hidden == "true" or tag.has_attr("hidden")


def _parse(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # bs4 warns about markup that looks like a file name or like XML; neither matters here
        warnings.simplefilter("ignore")
        return BeautifulSoup(markup, "html.parser")


def load_html(path: Path, data: bytes) -> LoadedDocument:
    """An HTML file as blocks by ``h1``-``h3``; see the module docstring."""
    declared = _CHARSET.search(data[:4096])
    text, warns = decode_text(
        data, name=path.name, declared=declared[1].decode("ascii") if declared else None
    )
    front, markup = read_front_matter(text, name=path.name)
    soup = _parse(markup)
    title_tag = soup.find("title")
    page_title = " ".join(title_tag.get_text(" ").split()) if title_tag else ""
    html_tag = soup.find("html")
    lang = str(html_tag.get("lang") or "") if isinstance(html_tag, Tag) else ""

    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_PAGE_CHROME):
        if not tag.decomposed and tag.find_parent(_CONTENT_ROOTS) is None:
            tag.decompose()
    for tag in soup.find_all(_is_hidden):
        if not tag.decomposed:
            tag.decompose()

    collector = _Collector(str(front.get("title") or "") or page_title)
    root = soup.find("body")
    collector.walk(root if isinstance(root, Tag) else soup)
    blocks = collector.text_blocks()
    if not blocks:
        raise no_text_error(path.name)

    metadata = dict(front)
    if not str(metadata.get("title") or "").strip():
        title = page_title or collector.trail.first_h1
        if title:
            metadata["title"] = normalise_text(title)
    if lang and not metadata.get("language") and not metadata.get("lang"):
        metadata["language"] = lang
    return LoadedDocument(
        path=path, format="html", blocks=blocks, metadata=metadata, warnings=warns
    )
