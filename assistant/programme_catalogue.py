"""The programme guidelines of an index and the verbatim clauses that support a match.

Every indexed ``programme_guideline`` is read from the vector store with its metadata
(``applicants``, ``region_scope``, ``funding_rate``, ``deadline``, ``valid_until``, ...; see
``ingest/metadata.py``: unknown front-matter keys are stored with the prefix ``extra_``).
Clauses are verbatim units (``doc_chunks.units``) of its chunks: who may apply, what the
topic has to do with it, the deadline, the funding rate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.doc_chunks import chunks_where, units
from assistant.index import SearchIndex
from assistant.models import SearchHit
from assistant.topic_terms import fold, text_score

MIN_UNIT_CHARS = 20
_SECTION = {
    "applicants": re.compile(r"antragsberecht|zuwendungsempf|wer kann|wer darf|wer ist", re.I),
    "topic": re.compile(r"gefördert|foerder|ziel|gegenstand", re.I),
    "deadline": re.compile(r"frist|laufzeit|termin|zeitraum", re.I),
    "funding": re.compile(r"förderquote|förderhöhe|foerderquote|finanz|zuschuss", re.I),
}
_APPLICANT_WORDS = re.compile(r"gemeinde|städte|stadt|kommun|kreis|antragsberechtigt", re.I)
_DEADLINE_WORDS = re.compile(r"frist|abgelaufen|antrag|einreich|bis", re.I)
_FUNDING_WORDS = re.compile(r"%|prozent|förderquote|richtlinie|euro|zuschuss", re.I)
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember")  # fmt: skip


@dataclass(frozen=True)
class Clause:
    """A verbatim passage of a programme document that supports one criterion."""

    kind: str  # applicants | topic | deadline | funding
    hit: SearchHit
    quote: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form (document, page, section and the verbatim quote)."""
        h = self.hit
        return {
            "kind": self.kind,
            "chunk_id": h.chunk_id,
            "doc_id": h.doc_id,
            "title": h.title,
            "source": h.source,
            "page": h.page,
            "section": h.section,
            "quote": self.quote,
            "url": str(h.metadata.get("url", "") or ""),
        }


@dataclass(frozen=True)
class ProgrammeDoc:
    """One programme guideline as the index holds it."""

    doc_id: str
    title: str
    programme: str
    source: str
    url: str
    applicants: tuple[str, ...]
    region_scope: str
    funding_rate: str
    published: date | None
    deadline: date | None
    valid_until: date | None
    topics: tuple[str, ...]
    contacts: tuple[str, ...]
    size_classes: tuple[str, ...]
    chunks: tuple[SearchHit, ...]


def _date(raw: object) -> date | None:
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def _items(raw: object) -> tuple[str, ...]:
    return tuple(x.strip() for x in str(raw or "").split(",") if x.strip())


def german_date(value: date) -> str:
    """``30. April 2027``."""
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


class ProgrammeCatalogue:
    """All programme guidelines of an index, re-read when the index changed."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._cache: tuple[int, list[ProgrammeDoc]] | None = None

    def documents(self) -> list[ProgrammeDoc]:
        """The programme documents (cached per index generation)."""
        generation = self.index.state.read()
        if self._cache is not None and self._cache[0] == generation:
            return self._cache[1]
        by_doc: dict[str, list[SearchHit]] = {}
        for hit in chunks_where(self.index, {"doc_type": "programme_guideline"}):
            by_doc.setdefault(hit.doc_id, []).append(hit)
        docs = [self._document(hits) for hits in by_doc.values()]
        docs.sort(key=lambda d: d.title)
        self._cache = (generation, docs)
        return docs

    @staticmethod
    def _document(hits: list[SearchHit]) -> ProgrammeDoc:
        m = hits[0].metadata
        return ProgrammeDoc(
            doc_id=hits[0].doc_id,
            title=hits[0].title,
            programme=str(m.get("programme") or hits[0].title),
            source=hits[0].source,
            url=str(m.get("url", "") or ""),
            applicants=tuple(fold(a) for a in _items(m.get("extra_applicants"))),
            region_scope=str(m.get("extra_region_scope") or m.get("region") or ""),
            funding_rate=str(m.get("extra_funding_rate") or ""),
            published=_date(m.get("published")),
            deadline=_date(m.get("deadline")),
            valid_until=_date(m.get("valid_until")),
            topics=_items(m.get("topics")),
            contacts=_items(m.get("contacts")),
            size_classes=tuple(fold(s) for s in _items(m.get("extra_size_classes"))),
            chunks=tuple(hits),
        )


def best_unit(
    hits: tuple[SearchHit, ...] | list[SearchHit],
    score: Callable[[SearchHit, str], float],
) -> tuple[SearchHit, str] | None:
    """The highest-scoring verbatim unit (see ``units``) of the given chunks (score > 0)."""
    best: tuple[float, SearchHit, str] | None = None
    for hit in hits:
        for start, end in units(hit.text, hit.section, MIN_UNIT_CHARS):
            piece = hit.text[start:end]
            value = score(hit, piece)
            if value > 0 and (best is None or value > best[0]):
                best = (value, hit, piece)
    return (best[1], best[2]) if best else None


def programme_clauses(doc: ProgrammeDoc, terms: list[str]) -> list[Clause]:
    """Applicant, topic, deadline and funding clauses, each a verbatim unit."""

    def in_section(kind: str, pattern: re.Pattern[str]) -> Callable[[SearchHit, str], float]:
        def score(hit: SearchHit, piece: str) -> float:
            hits = len(pattern.findall(piece))
            return hits * (2.0 if _SECTION[kind].search(hit.section) else 0.5)

        return score

    out: list[Clause] = []
    found = best_unit(doc.chunks, in_section("applicants", _APPLICANT_WORDS))
    if found:
        out.append(Clause("applicants", *found))
    if terms:

        def topical(hit: SearchHit, piece: str) -> float:
            bonus = 1.2 if _SECTION["topic"].search(hit.section) else 1.0
            return text_score(terms, piece) * bonus

        found = best_unit(doc.chunks, topical)
        if found:
            out.append(Clause("topic", *found))
    day_words = []
    if doc.deadline:
        day_words = [german_date(doc.deadline), doc.deadline.strftime("%d.%m.%Y")]

    def deadline(hit: SearchHit, piece: str) -> float:
        exact = 5.0 if any(w in piece for w in day_words) else 0.0
        base = in_section("deadline", _DEADLINE_WORDS)(hit, piece)
        return exact + base if (exact or _SECTION["deadline"].search(hit.section)) else 0.0

    found = best_unit(doc.chunks, deadline)
    if found:
        out.append(Clause("deadline", *found))
    found = best_unit(doc.chunks, in_section("funding", _FUNDING_WORDS))
    if found and _SECTION["funding"].search(found[0].section):
        out.append(Clause("funding", *found))
    return out
