"""The extractive answer: each question part answered from the chosen sentences, composed.

For every part of the question (``assistant.answer.analysis``) the sentence selection
(``selection``) scores and chooses units; the part counts as *stated* when a chosen unit that
is on the question states the asked detail (a money amount for a cost question, a date of
the asked kind for a deadline ...). Parts whose detail is missing make the answer a hedge:
the text opens with the hedge sentences (``hedge``), then gives what the documents say.
The chosen units of all parts are composed by source (``compose``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.answer.analysis import QuestionAnalysis, QuestionPart
from assistant.answer.compose import compose
from assistant.answer.confidence import IdfLookup
from assistant.answer.focus import key_words, named_documents
from assistant.answer.result import Citation
from assistant.answer.roles import primary_roles, section_roles, wanted_roles
from assistant.answer.selection import (
    LIST_DETAILS,
    LIST_MARGIN,
    MARGIN,
    Scored,
    Unit,
    choose,
    predecessor,
    score_part,
    section_block,
    units_of,
)
from assistant.models import SearchHit

#: details that a sentence either states or does not (the others are judged by section)
FACTUAL = frozenset({"count", "rate", "amount", "date", "organisation", "eligibility"})
ExtractKind = Literal["answer", "hedge"]
#: a part that points back into the context for its object ("Auf das Dach soll eine
#: Photovoltaikanlage. Welche Förderquote gibt es dafür?") is about the context's key words
_POINTS_BACK = re.compile(
    r"\b(?:dafür|dazu|hierfür|hierzu|davon|damit|darauf|daran|darüber|dabei|so\s+etwas|"
    r"sowas|for\s+(?:it|this|that)|for\s+such)\b",
    re.IGNORECASE,
)
#: how many of the context's key words such a part takes over
CONTEXT_KEYS = 3
Span = tuple[int, int]


#: a chosen unit supports its part strongly when it is this close to the best similarity or
#: covers this much of the part's content words (and states the detail, for factual parts)
STRONG_GAP = 0.015
STRONG_COVERAGE = 0.6


@dataclass(frozen=True)
class PartResult:
    """What was chosen for one part, and whether it states the asked detail."""

    part: QuestionPart
    chosen: tuple[Scored, ...]
    stated: bool
    #: answered elsewhere (the funding programmes)
    answered: bool = False

    @property
    def strong(self) -> bool:
        """Whether a chosen unit states what was asked beyond doubt: on the question by
        similarity or by words, and stating the asked detail (or, for steps and
        experience, in a section where they are written)."""
        if self.answered:
            # the programmes are found by similarity; that they fit is likely, not certain
            return False
        for c in self.chosen:
            close = c.gap <= STRONG_GAP or c.coverage >= STRONG_COVERAGE
            if self.part.detail == "none":
                if c.coverage >= STRONG_COVERAGE:
                    return True
            elif self.part.detail in FACTUAL:
                if c.detail and c.relevant and close:
                    return True
            elif (c.role or c.detail) and c.relevant and close:
                return True
        return False


@dataclass(frozen=True)
class Extract:
    """The composed extractive answer (``text`` without the hedge lead) and its analysis."""

    text: str
    citations: list[Citation]
    kind: ExtractKind
    parts: tuple[PartResult, ...]
    cited_hits: tuple[SearchHit, ...] = ()

    @property
    def strong(self) -> bool:
        """Every part is answered beyond doubt (see ``PartResult.strong``)."""
        return bool(self.parts) and all(p.strong for p in self.parts)

    @property
    def missing(self) -> list[QuestionPart]:
        """The parts whose asked detail no chosen sentence states."""
        return [p.part for p in self.parts if not p.stated]


def _stated(part: QuestionPart, chosen: Sequence[Scored], roles_hit: Sequence[bool]) -> bool:
    if part.detail == "none":
        return True
    if part.detail in FACTUAL:
        return any(c.detail and c.relevant for c in chosen)
    return any((c.detail or role) and c.relevant for c, role in zip(chosen, roles_hit, strict=True))


class ExtractiveEngine:
    """Chooses and composes sentences for every part of a question (no LLM)."""

    def __init__(self, max_chunks: int = 8, max_sentences: int = 6) -> None:
        self.max_chunks = max_chunks
        self.max_sentences = max_sentences

    def per_part(self, part: QuestionPart, parts: int) -> int:
        """How many sentences one part may bring."""
        if part.detail in ("steps", "experience"):
            # a list of steps or pitfalls is read whole: up to the answer's overflow budget
            return max(1, min(5, (self.max_sentences + 2) // max(1, parts)))
        many = 3 if part.detail == "none" else 2
        return max(1, min(many, self.max_sentences // max(1, parts)))

    def compose(
        self,
        analysis: QuestionAnalysis,
        hits: Sequence[SearchHit],
        vectors: Mapping[tuple[str, Span], Sequence[float]],
        part_vectors: Sequence[Sequence[float] | None],
        whole_vector: Sequence[float] | None,
        language: str,
        idf: IdfLookup | None = None,
        place_words: frozenset[str] = frozenset(),
        *,
        answered: frozenset[int] = frozenset(),
        first_n: int = 1,
    ) -> Extract:
        """The extract for ``analysis`` from ``hits`` (see the module docstring).
        ``answered``: parts answered elsewhere (the funding programmes); ``first_n``: the
        first citation number."""
        units = units_of(hits, vectors, len(hits))
        # every hit counts: the service adds the chunks of named documents after its top
        named = frozenset(named_documents(analysis.text, hits, place_words))
        lexical = idf is not None and language != "en"  # German key words need German text
        context_key = (
            key_words(" ".join(analysis.context), idf, CONTEXT_KEYS, exclude=place_words)
            if lexical and idf is not None and analysis.context
            else []
        )
        several = len(analysis.parts) > 1
        results: list[PartResult] = []
        taken: list[Unit] = []
        for i, part in enumerate(analysis.parts):
            key = key_words(part.text, idf, exclude=place_words) if lexical and idf else []
            if not key and _POINTS_BACK.search(part.text):
                key = context_key
            scored = score_part(
                i,
                part,
                analysis,
                units,
                hits,
                part_vectors[i] if i < len(part_vectors) else None,
                whole_vector if several else None,
                key,
                # a part that names a document itself is about that one, not about the one
                # its context compares it with ("Bei der Kommunalrichtlinie ... Gilt das
                # auch bei der Klimaanpassung?")
                frozenset(named_documents(part.text, hits, place_words)) or named,
                place_words,
            )
            per_part = self.per_part(part, len(analysis.parts))
            chosen = (
                section_block(
                    scored, per_part, hits, taken, primary_roles(part.detail, part.intents)
                )
                if part.detail in LIST_DETAILS
                else []
            )
            if not chosen:
                margin = LIST_MARGIN if part.detail in LIST_DETAILS else MARGIN
                chosen = choose(scored, per_part, taken, margin)
            if (
                part.detail in FACTUAL
                and chosen
                and not any(c.detail and c.relevant for c in chosen)
            ):
                # a sentence that states the detail, close behind the best, replaces the last
                better = next(
                    (
                        s
                        for s in scored
                        if s.detail
                        and s.relevant
                        and s.score >= chosen[0].score - 2 * MARGIN
                        and s not in chosen
                    ),
                    None,
                )
                if better is not None:
                    chosen = [*chosen[:-1], better] if len(chosen) > 1 else [chosen[0], better]
            roles = wanted_roles(part.accepts, part.intents)
            roles_hit = [
                bool(section_roles(hits[c.unit.hit_index].section) & roles) for c in chosen
            ]
            stated = i in answered or _stated(part, chosen, roles_hit)
            results.append(PartResult(part, tuple(chosen), stated, i in answered))
            taken += [c.unit for c in chosen]
        ordered: list[Unit] = []
        for result in results:
            for c in result.chosen:
                before = predecessor(c.unit, units)
                for unit in (before, c.unit):
                    if unit is not None and unit not in ordered:
                        ordered.append(unit)
        ordered = ordered[: self.max_sentences + 2]
        composed = compose(ordered, hits, language, first_n=first_n)
        kind: ExtractKind = "hedge" if any(not r.stated for r in results) else "answer"
        return Extract(
            composed.text, composed.citations, kind, tuple(results), tuple(composed.cited_hits)
        )
