"""The answer when every passage found is slide or bullet text without a whole sentence.

A slide deck ("Ulm4CleverCity – Smart City Modellstadt") is indexed page by page, but its
pages hold headings, bullet words and labels ("Strukturen aufgebaut (Stellenbesetzung,
Vergabe ...)"); the sentence selection never quotes such text. When the passages found are
all of that kind, the question is not off-topic: the answer says plainly that nothing can be
quoted, and points to the pages worth reading, each cited with the start of its text
(verbatim). Kind ``hedge``, confidence at most ``low``: whether those pages state the asked
detail is left to the reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.analysis import QuestionAnalysis
from assistant.answer.compose import citation_for
from assistant.answer.engine import Extract, PartResult
from assistant.models import SearchHit

__all__ = ["MAX_PAGES", "unquotable_extract"]

#: pages pointed to
MAX_PAGES = 3
#: characters of a page's text quoted as its citation (cut at a word boundary)
QUOTE_CHARS = 160


def _quote(text: str) -> str:
    text = text.strip()
    if len(text) <= QUOTE_CHARS:
        return text
    cut = text[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut or text[:QUOTE_CHARS]


def _where(hit: SearchHit) -> str:
    """Where a passage sits: its page, else its section, else the chunk itself."""
    return f"p{hit.page}" if hit.page else (hit.section or hit.chunk_id)


def _label(hit: SearchHit, en: bool) -> str:
    if hit.page:
        return f"p. {hit.page}" if en else f"S. {hit.page}"
    if hit.section:
        last = hit.section.split("›")[-1].strip()
        return f"“{last}”" if en else f"„{last}“"
    return "the passage" if en else "die Fundstelle"


def _join(items: Sequence[str], language: str) -> str:
    if len(items) == 1:
        return items[0]
    last = " and " if language == "en" else " und "
    return ", ".join(items[:-1]) + last + items[-1]


def unquotable_extract(
    analysis: QuestionAnalysis, hits: Sequence[SearchHit], language: str, first_n: int = 1
) -> Extract | None:
    """The pointer answer for ``hits`` of which no sentence could be quoted (see the module
    docstring); ``None`` without hits."""
    if not hits:
        return None
    doc = hits[0].doc_id
    chosen: list[SearchHit] = []
    for hit in hits:
        if hit.doc_id == doc and hit.text.strip() and _where(hit) not in map(_where, chosen):
            chosen.append(hit)
        if len(chosen) == MAX_PAGES:
            break
    if not chosen:
        return None
    citations = [citation_for(first_n + i, hit, _quote(hit.text)) for i, hit in enumerate(chosen)]
    en = language == "en"
    places = [f"{_label(h, en)} [{c.n}]" for h, c in zip(chosen, citations, strict=True)]
    title = chosen[0].title.strip() or chosen[0].source
    if en:
        text = (
            f"The passages found in “{title}” are bullet points or slide text without whole "
            f"sentences, so no answer can be quoted from them. Worth reading: "
            f"{_join(places, language)}."
        )
    else:
        text = (
            f"Die gefundenen Stellen in „{title}“ sind Stichpunkte oder Folientext ohne ganze "
            f"Sätze; eine Antwort lässt sich daraus nicht zitieren. Nachlesen lohnt sich: "
            f"{_join(places, language)}."
        )
    # every part counts as dealt with: the text itself says what is missing, no hedge lead
    parts = tuple(PartResult(p, (), stated=True) for p in analysis.parts)
    return Extract(text, citations, "hedge", parts, tuple(chosen))
