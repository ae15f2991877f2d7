"""A closed programme is said to be closed wherever an answer quotes its guideline.

An answer on the rate of a programme ("Der Bund übernimmt bis zu 75 % ...") reads as an
offer; when the programme's application deadline or validity has passed, the reader must be
told before she plans with it. For every programme guideline an answer cites whose status
on the day is ``deadline_passed`` or ``expired`` (:func:`assistant.programme_status.status_of`,
from front matter or the guideline's own text) one closing paragraph says so, citing the
clause it rests on: "Hinweis zu „Anpassung urbaner Räume an den Klimawandel“: Die
Antragsfrist (15.09.2023) ist abgelaufen. [5]". Open programmes get no paragraph (their
figures stand as they are); programmes that the funding paragraphs already describe are
left out (they carry their status there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from assistant.answer.funding import FundingAnswer, Refs, judged, status_sentence
from assistant.errors import SmartCityError
from assistant.models import SearchHit
from assistant.programmes import ProgrammeMatcher

__all__ = ["closed_programmes_note"]


def closed_programmes_note(
    matcher: ProgrammeMatcher,
    cited: Iterable[SearchHit],
    language: str,
    *,
    on: date | None = None,
    first_n: int = 1,
    described: frozenset[str] = frozenset(),
) -> FundingAnswer | None:
    """The closing paragraph for the cited guidelines whose deadline or validity has
    passed on ``on`` (today), numbered from ``first_n``; ``None`` when there is none.
    ``described``: doc ids whose status the answer states already."""
    on = on or date.today()
    ids = [
        h.doc_id for h in cited if h.doc_type == "programme_guideline" and h.doc_id not in described
    ]
    if not ids:
        return None
    catalogue = {d.doc_id: d for d in matcher.catalogue.documents()}
    refs = Refs(first_n)
    lines: list[str] = []
    matches = []
    for doc_id in dict.fromkeys(ids):
        doc = catalogue.get(doc_id)
        if doc is None:
            continue
        try:
            match = judged(matcher, doc, "", "", on, language)
        except SmartCityError:
            continue
        if match.status == "open":
            continue
        # the claim rests on the clause that states the date, never on a topic sentence
        first, second = (
            ("validity", "deadline") if match.status == "expired" else ("deadline", "validity")
        )
        anchor = match.clause(first) or match.clause(second)
        if anchor is None:
            continue
        title = doc.programme or doc.title
        lead = f"Note on “{title}”:" if language == "en" else f"Hinweis zu „{title}“:"
        lines.append(f"{lead} {status_sentence(match, on, language)} [{refs.cite(anchor)}]")
        matches.append(match)
    if not lines:
        return None
    return FundingAnswer("\n\n".join(lines), refs.citations, refs.hits, matches)
