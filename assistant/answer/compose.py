"""Composition: the chosen sentences as an answer text, grouped by source, with citations.

The text opens with the hedge sentences (``assistant.answer.hedge``) when a part's asked
detail is missing. Then, per document in order of relevance, one paragraph: the document's
title and kind ("„Kommunalrichtlinie“ (Förderrichtlinie):"), then its sentences in reading
order, each followed by ``[n]``. A table row is shown as "label — header: value" pairs
(``assistant.tables``); a list item under its list's lead-in ("Antragsberechtigt sind ohne
Einschränkungen: gemeinnützige Vereine ...", once per document: a second chunk of the same list
shows its items without repeating it).
Sentences stay verbatim: no list dashes (the unit starts after the marker), no lead-ins
ending in ":" on their own, no internal ids.

Citations: one per cited chunk, numbered in the order of first use; its quote spans the
chunk's first to last used sentence and is verbatim text of the chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.result import Citation
from assistant.answer.selection import Unit
from assistant.list_leads import with_lead
from assistant.models import SearchHit
from assistant.quotable import is_table_row
from assistant.tables import render_row, row_sentence

_KIND_LABELS = {
    "de": {
        "programme_guideline": "Förderrichtlinie",
        "project_report": "Projektbericht",
        "transfer_note": "Transfersteckbrief",
        "law": "Gesetz",
        "strategy": "Strategie",
        "other": "Dokument",
    },
    "en": {
        "programme_guideline": "funding guideline",
        "project_report": "project report",
        "transfer_note": "transfer note",
        "law": "law",
        "strategy": "strategy",
        "other": "document",
    },
}


def citation_for(n: int, hit: SearchHit, quote: str) -> Citation:
    """A contract citation of ``quote`` (verbatim text of ``hit``)."""
    return Citation(
        n=n,
        chunk_id=hit.chunk_id,
        doc_id=hit.doc_id,
        title=hit.title,
        doc_type=hit.doc_type,
        source=hit.source,
        page=hit.page,
        section=hit.section,
        quote=quote,
        url=str(hit.metadata.get("url", "") or ""),
        sample_note=str(hit.metadata.get("sample_note", "") or ""),
    )


def kind_label(doc_type: str, language: str) -> str:
    """The document kind in words."""
    labels = _KIND_LABELS["en" if language == "en" else "de"]
    return labels.get(doc_type, labels["other"])


def shown(unit: Unit, hit: SearchHit, language: str) -> str:
    """How a unit appears in the answer: verbatim, or a table row as header: value pairs."""
    header = str(hit.metadata.get("table_header", "") or "")
    if header and is_table_row(unit.text):
        row = render_row(unit.text, header)
        if row is not None:
            return row_sentence(row, language)
    return unit.text


def reading_position(unit: Unit, hits: Sequence[SearchHit]) -> tuple[int, int, int]:
    """Where ``unit`` stands in its document: its chunk's place (``chunk_index``), then its
    offset; chunks without the number keep their retrieval order."""
    index = hits[unit.hit_index].metadata.get("chunk_index")
    place = index if isinstance(index, int) and not isinstance(index, bool) else -1
    return (place, unit.hit_index if place < 0 else 0, unit.start)


@dataclass(frozen=True)
class Composed:
    """The answer text (without hedge) and its citations."""

    text: str
    citations: list[Citation]
    cited_hits: list[SearchHit]


def compose(
    chosen: Sequence[Unit], hits: Sequence[SearchHit], language: str, *, first_n: int = 1
) -> Composed:
    """Group ``chosen`` (in order of relevance) by document and write the paragraphs."""
    doc_order: list[str] = []
    by_doc: dict[str, list[Unit]] = {}
    for unit in chosen:
        doc = hits[unit.hit_index].doc_id
        if doc not in by_doc:
            doc_order.append(doc)
            by_doc[doc] = []
        if unit not in by_doc[doc]:
            by_doc[doc].append(unit)
    numbers: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    paragraphs: list[str] = []
    for doc in doc_order:
        units = sorted(by_doc[doc], key=lambda u: reading_position(u, hits))
        first = hits[by_doc[doc][0].hit_index]
        parts = []
        leads: set[str] = set()
        for unit in units:
            hit = hits[unit.hit_index]
            n = numbers.setdefault(unit.hit_index, first_n + len(numbers))
            start, end = spans.get(unit.hit_index, (unit.start, unit.end))
            spans[unit.hit_index] = (min(start, unit.start), max(end, unit.end))
            text = shown(unit, hit, language)
            if unit.lead:
                text = with_lead(unit.lead if unit.lead not in leads else "", text)
                leads.add(unit.lead)
            parts.append(f"{text} [{n}]")
        title = first.title.strip() or kind_label(first.doc_type, language)
        paragraphs.append(f"„{title}“ ({kind_label(first.doc_type, language)}): " + " ".join(parts))
    citations = [
        citation_for(n, hits[i], hits[i].text[spans[i][0] : spans[i][1]])
        for i, n in sorted(numbers.items(), key=lambda item: item[1])
    ]
    cited = [hits[i] for i, _ in sorted(numbers.items(), key=lambda item: item[1])]
    return Composed("\n\n".join(paragraphs), citations, cited)
