"""What a loader hands to the rest of the pipeline: text blocks with their location."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

SourceFormat = Literal["pdf", "markdown", "html", "text"]


@dataclass(frozen=True)
class TextBlock:
    """A run of normalised text that sits on one page and under one heading.

    ``page`` is 1-based for PDFs and ``None`` for formats without pages. ``section`` is the
    nearest heading (PDF: the outline entry covering the page), ``""`` when there is none.
    Paragraphs inside ``text`` are separated by a blank line.

    A table is a block of its own: ``table_header`` holds its header cells, and each paragraph
    of ``text`` is one row written by ``assistant.tables.join_cells``, the header row first.
    ``table_header`` is ``()`` for every other block.
    """

    text: str
    page: int | None = None
    section: str = ""
    table_header: tuple[str, ...] = ()

    @property
    def is_table(self) -> bool:
        """Whether this block is a table (it has header cells)."""
        return bool(self.table_header)


@dataclass
class LoadedDocument:
    """A parsed input file, before chunking."""

    path: Path
    format: SourceFormat
    blocks: list[TextBlock]
    #: raw metadata found in the file itself (front matter, PDF info dictionary, HTML <title>)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: non-fatal problems, e.g. "Seite 7: Text nicht lesbar (PdfReadError)"
    warnings: list[str] = field(default_factory=list)
    page_count: int | None = None
