"""The numbered references of a briefing: one ``Citation`` per (chunk, quote).

Statements cite while the briefing is assembled; at the end ``renumber`` gives the numbers
in reading order (the summary cites first), so the reference list reads top to bottom.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.citations import MARKER
from assistant.answer.compose import citation_for
from assistant.answer.result import Citation, ContactSuggestion
from assistant.briefing.evidence import first_unit
from assistant.briefing.model import Section
from assistant.models import SearchHit
from assistant.programmes import ProgrammeMatch


class ReferenceBook:
    """Collects citations; the same verbatim quote of the same chunk gets one number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.hits: dict[str, SearchHit] = {}
        self._numbers: dict[tuple[str, str], int] = {}

    def cite(self, hit: SearchHit, quote: str) -> int:
        """The number of ``quote`` (verbatim text of ``hit``) in the list."""
        if quote not in hit.text:
            raise ValueError(f"quote is not verbatim text of chunk {hit.chunk_id}")
        key = (hit.chunk_id, quote)
        if key not in self._numbers:
            n = len(self.citations) + 1
            self._numbers[key] = n
            self.citations.append(citation_for(n, hit, quote))
            self.hits[hit.chunk_id] = hit
        return self._numbers[key]

    def cited_pairs(self) -> list[tuple[Citation, SearchHit]]:
        """(citation, hit) pairs, as contact ranking wants them."""
        return [(c, self.hits[c.chunk_id]) for c in self.citations]

    def renumber(
        self, sections: list[Section], contacts: list[ContactSuggestion]
    ) -> tuple[list[Citation], list[ContactSuggestion]]:
        """Number references in reading order; unused ones are dropped. Statement refs and
        the ``[n]`` in contact reasons are rewritten in place / returned anew."""
        mapping: dict[int, int] = {}
        for section in sections:
            for statement in section.statements():
                for n in statement.refs:
                    mapping.setdefault(n, len(mapping) + 1)
        for section in sections:
            for statement in section.statements():
                statement.refs = list(dict.fromkeys(mapping[n] for n in statement.refs))
        by_old = {c.n: c for c in self.citations}
        citations = [replace(by_old[old], n=new) for old, new in mapping.items()]
        citations.sort(key=lambda c: c.n)

        def sub(text: str) -> str:
            return MARKER.sub(
                lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "",
                text,
            )

        renamed = [replace(c, reason=sub(c.reason)) for c in contacts]
        return citations, renamed


def programme_ref(m: ProgrammeMatch, book: ReferenceBook, prefer: str = "topic") -> list[int]:
    """A reference for a statement drawn from metadata: a clause of the document."""
    clause = m.clause(prefer) or (m.clauses[0] if m.clauses else None)
    if clause is not None:
        return [book.cite(clause.hit, clause.quote)]
    for hit in m.doc.chunks:
        first = first_unit(hit)
        if first:
            return [book.cite(*first)]
    return []
