"""The consultation briefing as typed data: sections of blocks of cited statements.

Every ``Statement`` carries the numbers of the references it rests on; the references are
contract ``Citation``s (document, page, section, verbatim quote of a chunk), numbered in the
order they are first used. The exporters (Markdown, DOCX, PDF) only render this structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.answer.result import Citation, ContactSuggestion

SectionKey = Literal["summary", "programmes", "projects", "transfer", "contacts", "questions"]
BriefingFormat = Literal["json", "md", "docx", "pdf"]
FORMATS: tuple[BriefingFormat, ...] = ("json", "md", "docx", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class Statement:
    """One sentence of the briefing and the references (``[n]``) it rests on."""

    text: str
    refs: list[int] = field(default_factory=list)

    def render(self) -> str:
        """The text followed by its markers: ``Satz [1][3]``."""
        markers = "".join(f"[{n}]" for n in self.refs)
        return f"{self.text} {markers}".rstrip()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"text": self.text, "refs": list(self.refs), "rendered": self.render()}


@dataclass
class Block:
    """A group of statements under an optional heading (one programme, one project, ...)."""

    heading: str
    statements: list[Statement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"heading": self.heading, "statements": [s.to_dict() for s in self.statements]}


@dataclass
class Section:
    """One chapter of the briefing."""

    key: SectionKey
    title: str
    blocks: list[Block] = field(default_factory=list)
    #: a line shown when the section has no blocks
    empty_note: str = ""

    def statements(self) -> list[Statement]:
        """All statements of the section."""
        return [s for b in self.blocks for s in b.statements]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "key": self.key,
            "title": self.title,
            "blocks": [b.to_dict() for b in self.blocks],
            "empty_note": self.empty_note,
        }


@dataclass
class Briefing:
    """A cited consultation briefing for one municipality and one or more topics."""

    title: str
    municipality: str
    topics: list[str]
    language: str
    created: date
    on: date
    profile: dict[str, Any]
    sections: list[Section]
    references: list[Citation]
    contacts: list[ContactSuggestion] = field(default_factory=list)
    notes: str | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def section(self, key: SectionKey) -> Section:
        """The section with ``key``."""
        return next(s for s in self.sections if s.key == key)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``POST /api/briefings`` with ``format: json``."""
        return {
            "title": self.title,
            "municipality": self.municipality,
            "topics": list(self.topics),
            "language": self.language,
            "created": self.created.isoformat(),
            "on": self.on.isoformat(),
            "profile": self.profile,
            "notes": self.notes,
            "sections": [s.to_dict() for s in self.sections],
            "references": [
                {
                    "n": c.n,
                    "chunk_id": c.chunk_id,
                    "doc_id": c.doc_id,
                    "title": c.title,
                    "doc_type": c.doc_type,
                    "source": c.source,
                    "page": c.page,
                    "section": c.section,
                    "quote": c.quote,
                    "url": c.url,
                }
                for c in self.references
            ],
            "contacts": [
                {
                    "id": c.id,
                    "name": c.name,
                    "organisation": c.organisation,
                    "role": c.role,
                    "region": c.region,
                    "topics": list(c.topics),
                    "channel": c.channel,
                    "reason": c.reason,
                    "distance": c.distance,
                }
                for c in self.contacts
            ],
        }


def reference_line(c: Citation, language: str = "de") -> str:
    """``Titel, S. 2, Abschnitt „Ergebnisse“ – corpus/x.pdf`` (without the number)."""
    en = language == "en"
    parts = [c.title]
    if c.page:
        parts.append(f"{'p.' if en else 'S.'} {c.page}")
    if c.section:
        parts.append(f"{'section' if en else 'Abschnitt'} „{c.section}“")
    where = ", ".join(parts)
    return f"{where} – {c.source}" if c.source else where


def quote_excerpt(quote: str, limit: int = 300) -> str:
    """The quote on one line, shortened with an ellipsis past ``limit`` characters."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
