"""Structured transfer answers: "How can we adopt ...?" answered in the transfer structure.

When a question asks how to adopt, reuse or introduce a solution and the retrieved evidence
contains a transfer note (Transfersteckbrief, fixed headings), the answer is composed from
that note's sections: solution, prerequisites, effort and staff, data and GDPR, procurement,
pitfalls, who can advise. Every line quotes the note verbatim and carries its ``[n]``;
citations are built with ``citation_for`` like the extractive answer (one per chunk, the
quote spanning the used sentences). Without a supporting note (fewer than
``MIN_PARTS`` parts found) nothing changes and the normal answer is given.

The same section map serves the consultation briefing (``TRANSFER_PARTS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.answer.analysis import is_transfer_question
from assistant.answer.compose import citation_for, kind_label
from assistant.answer.result import Citation
from assistant.doc_chunks import document_chunks, units
from assistant.index import SearchIndex
from assistant.models import SearchHit

if TYPE_CHECKING:
    from assistant.answer.engine import Extract


@dataclass(frozen=True)
class TransferPart:
    """One heading of the transfer-note structure."""

    key: str
    pattern: re.Pattern[str]
    label_de: str
    label_en: str
    max_units: int

    def label(self, language: str) -> str:
        """The heading in ``language``."""
        return self.label_en if language == "en" else self.label_de


#: the fixed structure of transfer notes (``corpus/transfer``), in answer order
TRANSFER_PARTS: tuple[TransferPart, ...] = (
    TransferPart("solution", re.compile(r"^lösung|^loesung|^solution", re.I), "Lösung",
                 "Solution", 1),
    TransferPart("where", re.compile(r"wo sie läuft|where it runs", re.I), "Wo sie läuft",
                 "Where it runs", 1),
    TransferPart("prerequisites", re.compile(r"voraussetzung|prerequisite", re.I),
                 "Voraussetzungen", "Prerequisites", 3),
    TransferPart("effort", re.compile(r"aufwand|personal|effort", re.I), "Aufwand und Personal",
                 "Effort and staff", 2),
    TransferPart("data", re.compile(r"datenschutz|dsgvo|gdpr|^daten", re.I),
                 "Daten und Datenschutz (DSGVO)", "Data and GDPR", 2),
    TransferPart("procurement", re.compile(r"beschaffung|vergabe|procurement", re.I),
                 "Beschaffung und Vergabe", "Procurement", 2),
    TransferPart("pitfalls", re.compile(r"stolperstein|fallstrick|pitfall|risiken", re.I),
                 "Stolpersteine", "Pitfalls", 3),
    TransferPart("contacts", re.compile(r"wer berät|ansprechstelle|who can advise", re.I),
                 "Wer berät", "Who can advise", 3),
)  # fmt: skip
#: parts an adoption answer shows (where it runs is left to the citation)
ANSWER_PARTS = ("solution", "prerequisites", "effort", "data", "procurement", "pitfalls",
                "contacts")  # fmt: skip
MIN_PARTS = 4
#: how far down the retrieved list a transfer note may be to count as "retrieved"
MAX_TRANSFER_RANK = 4


def part_of(section: str) -> TransferPart | None:
    """The transfer part a section heading belongs to."""
    return next((p for p in TRANSFER_PARTS if p.pattern.search(section.strip())), None)


@dataclass(frozen=True)
class PartQuote:
    """One verbatim unit of a transfer note under its part."""

    part: TransferPart
    hit: SearchHit
    start: int
    end: int

    @property
    def text(self) -> str:
        """The quoted text."""
        return self.hit.text[self.start : self.end]


def note_parts(chunks: list[SearchHit]) -> dict[str, list[PartQuote]]:
    """The quotable units of a transfer note, grouped by part (first ``max_units`` each)."""
    out: dict[str, list[PartQuote]] = {}
    seen: set[str] = set()
    for hit in chunks:
        part = part_of(hit.section)
        if part is None:
            continue
        bucket = out.setdefault(part.key, [])
        for start, end in units(hit.text, hit.section):
            text = hit.text[start:end]
            if len(bucket) >= part.max_units or text in seen or text.endswith(":"):
                continue
            seen.add(text)
            bucket.append(PartQuote(part, hit, start, end))
    return {k: v for k, v in out.items() if v}


def transfer_note_hit(hits: list[SearchHit]) -> SearchHit | None:
    """The best-ranked transfer note among the first ``MAX_TRANSFER_RANK`` hits."""
    return next((h for h in hits[:MAX_TRANSFER_RANK] if h.doc_type == "transfer_note"), None)


def compose_transfer(
    parts: dict[str, list[PartQuote]], language: str, first_n: int = 1
) -> tuple[str, list[Citation], list[SearchHit]]:
    """The answer text, one line per part ("Voraussetzungen: ... [1] ... [1]"), its
    citations (numbered from ``first_n``) and the cited hits."""
    numbers: dict[str, int] = {}
    spans: dict[str, tuple[SearchHit, int, int]] = {}
    lines: list[str] = []
    for key in ANSWER_PARTS:
        quotes = parts.get(key, [])
        if not quotes:
            continue
        pieces = []
        for q in quotes:
            n = numbers.setdefault(q.hit.chunk_id, first_n + len(numbers))
            hit, start, end = spans.get(q.hit.chunk_id, (q.hit, q.start, q.end))
            spans[q.hit.chunk_id] = (hit, min(start, q.start), max(end, q.end))
            pieces.append(f"{q.text} [{n}]")
        lines.append(f"{quotes[0].part.label(language)}: " + " ".join(pieces))
    citations = [
        citation_for(numbers[cid], hit, hit.text[start:end])
        for cid, (hit, start, end) in spans.items()
    ]
    citations.sort(key=lambda c: c.n)
    return "\n".join(lines), citations, [spans[c.chunk_id][0] for c in citations]


def structured_transfer(
    question: str,
    hits: list[SearchHit],
    index: SearchIndex,
    original: Extract,
    language: str = "de",
) -> tuple[list[SearchHit], Extract] | None:
    """The transfer-structured extract (and hits extended by the cited chunks), or ``None``
    when the question does not ask for adoption or no transfer note supports it."""
    if not is_transfer_question(question):
        return None
    top = transfer_note_hit(hits)
    if top is None:
        return None
    parts = note_parts(document_chunks(index, top.doc_id))
    if len([k for k in ANSWER_PARTS if k in parts]) < MIN_PARTS:
        return None
    text, citations, cited = compose_transfer(parts, language)
    known = {h.chunk_id for h in hits}
    extended = hits + [h for h in cited if h.chunk_id not in known]
    title = f"„{top.title.strip()}“ ({kind_label(top.doc_type, language)}):"
    extract = replace(
        original, text=f"{title}\n{text}", citations=citations, kind="answer",
        cited_hits=tuple(cited),
    )  # fmt: skip
    return extended, extract
