"""Finding what a briefing talks about: comparable projects and transfer notes.

Both come from one hybrid search per topic, split by document type, kept only when a topic
word matches the document's metadata topics or all topic words occur in the retrieved text.
Projects are ranked by administrative distance to the asking municipality (same
municipality, Kreis, Regierungsbezirk/region, Land), then by topical relevance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.asker_profile import AskerProfile
from assistant.doc_chunks import document_chunks, units
from assistant.index import SearchIndex
from assistant.models import SearchHit
from assistant.programme_catalogue import MIN_UNIT_CHARS, best_unit
from assistant.programmes import TEXT_FIT, ProgrammeMatch
from assistant.regions import Place, Regions
from assistant.retrieval import HybridSearcher
from assistant.topic_terms import fold, matched_slugs, text_score, topic_terms

#: chunks retrieved per topic (all document types, one search)
SEARCH_K = 60
TopicHits = tuple[str, list[SearchHit]]


@dataclass
class FoundDocument:
    """A retrieved document: its best hit, all its chunks, relevance and distance."""

    hit: SearchHit
    chunks: list[SearchHit]
    relevance: float
    matched_topics: list[str]
    distance: int | None = None

    @property
    def municipality(self) -> str:
        """The municipality the document is about ("" when none)."""
        return str(self.hit.metadata.get("municipality", "") or "")


def place_distance(asker: Place, municipality: str, region: str, regions: Regions) -> int | None:
    """Distance (0-4) from the asker to a document's municipality or Kreis, if known."""
    if municipality:
        place = regions.places.get(" ".join(municipality.casefold().split()))
        if place is not None:
            return Regions.distance(asker, place)
        name = fold(municipality)
        if name == fold(asker.kreis):
            return 1
    if region and fold(region) == fold(asker.region):
        return 2
    if region and fold(region) in {"nrw", fold(asker.land)}:
        return 3
    return None


def search_topics(searcher: HybridSearcher, topics: list[str]) -> list[TopicHits]:
    """One hybrid search per topic (all document types; split by type afterwards)."""
    return [(topic, searcher.search(topic, SEARCH_K)) for topic in topics]


def find_documents(searched: list[TopicHits], doc_type: str, *, limit: int) -> list[FoundDocument]:
    """Documents of ``doc_type`` about any of the searched topics, most relevant first."""
    found: dict[str, FoundDocument] = {}
    for topic, hits in searched:
        terms = topic_terms(topic)
        for hit in (h for h in hits if h.doc_type == doc_type):
            slugs = [t.strip() for t in str(hit.metadata.get("topics", "")).split(",")]
            matched = matched_slugs(terms, [s for s in slugs if s])
            in_text = text_score(terms, hit.text)
            if not matched and in_text < TEXT_FIT:
                continue  # the topic is not a subject of the document
            relevance = 2.0 * len(matched) + in_text + 1.0 / (1 + hit.rank)
            known = found.get(hit.doc_id)
            if known is None or relevance > known.relevance:
                found[hit.doc_id] = FoundDocument(hit, [], relevance, matched)
    ranked = sorted(found.values(), key=lambda d: -d.relevance)
    return ranked[: limit * 2]


def with_chunks(index: SearchIndex, docs: list[FoundDocument]) -> list[FoundDocument]:
    """Load every chunk of the given documents."""
    for doc in docs:
        doc.chunks = document_chunks(index, doc.hit.doc_id) or [doc.hit]
    return docs


def nearest_projects(
    index: SearchIndex,
    searched: list[TopicHits],
    asker: Place,
    regions: Regions,
    *,
    limit: int = 5,
) -> list[FoundDocument]:
    """Comparable project reports, nearest to ``asker`` first."""
    docs = find_documents(searched, "project_report", limit=limit)
    for doc in docs:
        region = str(doc.hit.metadata.get("region", "") or "")
        doc.distance = place_distance(asker, doc.municipality, region, regions)
    far = 5
    docs.sort(key=lambda d: (d.distance if d.distance is not None else far, -d.relevance))
    return with_chunks(index, docs[:limit])


def best_transfer_notes(
    index: SearchIndex, searched: list[TopicHits], *, limit: int = 2
) -> list[FoundDocument]:
    """The most relevant transfer notes (at most ``limit``)."""
    docs = find_documents(searched, "transfer_note", limit=limit)
    return with_chunks(index, docs[:limit])


@dataclass
class Found:
    """Everything the briefing sections are made from."""

    profile: AskerProfile
    fitting: list[ProgrammeMatch]
    not_fitting: list[ProgrammeMatch]
    projects: list[FoundDocument]
    notes: list[FoundDocument]
    topics: list[str]
    language: str


def first_unit(hit: SearchHit) -> tuple[SearchHit, str] | None:
    """The first quotable unit of a chunk (its heading left out)."""
    for start, end in units(hit.text, hit.section, MIN_UNIT_CHARS):
        return hit, hit.text[start:end]
    return None


_REPORT_BODY = re.compile(r"ergebnis|umsetzung|ausgangslage|lösung", re.I)


def main_unit(doc: FoundDocument, topics: list[str]) -> tuple[SearchHit, str] | None:
    """The passage of a project report that best shows the topic (body sections first)."""
    terms = [w for topic in topics for w in topic_terms(topic)]

    def score(hit: SearchHit, piece: str) -> float:
        if piece.startswith(hit.title):
            return 0.0  # a page header of a PDF report
        bonus = 2.0 if _REPORT_BODY.search(hit.section) else 1.0
        return text_score(terms, piece) * bonus

    return best_unit(doc.chunks, score) or first_unit(doc.hit)


#: a unit that says something on its own: a few words and no lead-in (";" or ":" at its end)
MIN_STATEMENT_WORDS = 6


def section_unit(chunks: list[SearchHit], pattern: str) -> tuple[SearchHit, str] | None:
    """The first statement of the first chunk whose section matches ``pattern``: a list's
    short label ("Dateninventur zuerst.") and a lead-in ("... festgehalten:") are passed over
    for the sentence that explains them; a chunk of labels only gives its first unit."""
    regex = re.compile(pattern, re.I)
    for hit in chunks:
        if regex.search(hit.section):
            for start, end in units(hit.text, hit.section, MIN_UNIT_CHARS):
                piece = hit.text[start:end]
                if len(piece.split()) >= MIN_STATEMENT_WORDS and piece.rstrip()[-1:] not in ":;":
                    return hit, piece
            return first_unit(hit)
    return None
