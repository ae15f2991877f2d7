"""The document type read from a document's title and text, where no metadata states it.

The title weighs first: the earliest type word in it decides ("Gesetz zur Verbesserung ...
(Onlinezugangsgesetz)" is a ``law`` however many Verordnungen its text names;
"Förderrichtlinie Smart-City-Strategie" is a ``programme_guideline``). The raw first heading
counts as part of the title ("Titel der Förderlinie: ...").

Without a type word in the title, the text decides by weighted evidence in the headings and
the first ``TEXT_WINDOW`` characters:

* self-references weigh most ("Diese Richtlinie tritt ... in Kraft", "Dieses Gesetz gilt",
  "diese Strategie"): ``SELF_WEIGHT`` each;
* headings typical of the type ("Zuwendungszweck", "Antragsberechtigte", "§ 3 ...",
  "Handlungsfelder", "Projektverlauf"): ``HEADING_WEIGHT`` per distinct heading;
* words typical of the type in the running text ("Zuwendung", "Förderquote", "Strategie"): 1.

The best type wins when it has at least ``MIN_SCORE`` and at least ``MARGIN`` times the
second best; otherwise the type is ``other`` (a project report that mentions its funding
programme twice is not a funding guideline).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.models import DocType
from ingest.document import TextBlock

__all__ = ["infer_doc_type", "type_from_title", "type_scores"]

TEXT_WINDOW = 8000
SELF_WEIGHT = 3.0
HEADING_WEIGHT = 2.0
MIN_SCORE = 6.0
MARGIN = 2.0

_W = r"[^\W\d_]*"  # the rest of a compound word

#: type words of a title (any part of a compound); ordered by type for the earliest match
_TITLE_WORDS: dict[DocType, re.Pattern[str]] = {
    "programme_guideline": re.compile(
        rf"{_W}richtlinie|förder(?:aufruf|programm|linie|grundsätze)|{_W}aufruf\b|"
        rf"zuwendung|bundesprogramm|landesprogramm|\bprogramm\b|[^\W\d_]+förderung\b",
        re.IGNORECASE,
    ),
    "law": re.compile(
        rf"\bgesetz|{_W}gesetz(?:es)?\b|{_W}verordnung\b|{_W}satzung\b|staatsvertrag",
        re.IGNORECASE,
    ),
    "strategy": re.compile(
        rf"{_W}strategie|{_W}konzept(?:ion)?\b|leitbild|masterplan|{_W}agenda\b",
        re.IGNORECASE,
    ),
    "project_report": re.compile(
        rf"{_W}bericht\b|projektdokumentation|erfahrungsbericht|fallstudie", re.IGNORECASE
    ),
    "transfer_note": re.compile(rf"{_W}steckbrief", re.IGNORECASE),
}


@dataclass(frozen=True)
class _Cues:
    self_ref: re.Pattern[str]
    heading: re.Pattern[str]
    text: re.Pattern[str]


_CUES: dict[DocType, _Cues] = {
    "programme_guideline": _Cues(
        re.compile(
            r"\b(?:diese[rs]?|vorliegende[rn]?)\s+(?:förder)?(?:richtlinie|förderaufruf|aufrufs?|"
            r"förderprogramms?)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"zuwendungszweck|gegenstand der förderung|fördergegenstand|zuwendungsempfänger|"
            r"antragsberecht|zuwendungsvoraussetzung|art und umfang|höhe der zuwendung|"
            r"förderquote|antragsverfahren|förderfähige|fördervoraussetzung|förderhöhe",
            re.IGNORECASE,
        ),
        # "Richtlinie" only as a word: a report names "die Kommunalrichtlinie" that funded it
        re.compile(
            r"zuwendung|antragsberecht|förderquote|zuschuss|förderfähig|fördergegenstand|"
            r"bewilligung|\brichtlinie\b|förderaufruf|projektaufruf|fördersatz|förderhöchstbetrag",
            re.IGNORECASE,
        ),
    ),
    "law": _Cues(
        re.compile(
            r"\b(?:dieses|des)\s+gesetz(?:es)?\b|\b(?:diese|dieser)\s+verordnung\b", re.IGNORECASE
        ),
        re.compile(r"^\s*(?:§|art\.|artikel)\s*\d", re.IGNORECASE),
        re.compile(r"\bgesetz(?:es)?\b|verordnung\b|\babsatz\s+\d|\bsatz\s+\d", re.IGNORECASE),
    ),
    "strategy": _Cues(
        re.compile(
            r"\b(?:diese[rs]?|vorliegende[rn]?|unsere[rn]?)\s+(?:[^\W\d_]+\s+)?"
            r"(?:strategie|konzept)\b",
            re.IGNORECASE,
        ),
        re.compile(r"handlungsfeld|vision|leitbild|zielbild|strategie|leitlinie", re.IGNORECASE),
        re.compile(r"strategie|handlungsfeld|leitbild|zielbild|vision", re.IGNORECASE),
    ),
    "project_report": _Cues(
        re.compile(
            r"\b(?:diese[rs]?|vorliegende[rn]?)\s+(?:projekt|abschluss|sach)?bericht", re.IGNORECASE
        ),
        re.compile(
            r"projektverlauf|projektergebnis|lessons learned|projektstruktur|meilenstein|"
            r"bisherige aktivitäten|projektvorstellung|^\s*(?:ausgangslage|ergebnisse|"
            r"erfahrungen|stolpersteine|aufwand und kosten|umsetzung\s*$)",
            re.IGNORECASE,
        ),
        re.compile(
            r"projektbericht|abschlussbericht|sachbericht|projektlaufzeit|projektstart|"
            r"meilenstein|projektvorstellung",
            re.IGNORECASE,
        ),
    ),
    "transfer_note": _Cues(
        re.compile(r"\b(?:diese[rs]?|vorliegende[rn]?)\s+(?:transfer)?steckbrief", re.IGNORECASE),
        re.compile(r"übertragbarkeit|voraussetzungen für die (?:übertragung|nachnutzung)", re.I),
        re.compile(r"steckbrief|nachnutzung|übertragbar", re.IGNORECASE),
    ),
}


def type_from_title(titles: Iterable[str]) -> DocType | None:
    """The type named by the earliest type word of the first title that has one."""
    for title in titles:
        best: tuple[int, int, DocType] | None = None
        for doc_type, pattern in _TITLE_WORDS.items():
            m = pattern.search(title)
            if m and (best is None or (m.start(), -len(m[0])) < (best[0], best[1])):
                best = (m.start(), -len(m[0]), doc_type)
        if best is not None:
            return best[2]
    return None


def type_scores(blocks: Sequence[TextBlock]) -> dict[DocType, float]:
    """Weighted evidence per type from headings and the start of the text."""
    text_parts: list[str] = []
    size = 0
    for block in blocks:
        if size >= TEXT_WINDOW:
            break
        text_parts.append(block.text[: TEXT_WINDOW - size])
        size += len(text_parts[-1])
    text = "\n".join(text_parts)
    headings = {part.strip() for b in blocks for part in b.section.split(" \u203a ") if part}
    scores: dict[DocType, float] = {}
    for doc_type, cues in _CUES.items():
        score = SELF_WEIGHT * len(cues.self_ref.findall(text))
        score += HEADING_WEIGHT * sum(1 for h in headings if cues.heading.search(h))
        score += len(cues.text.findall(text))
        scores[doc_type] = score
    return scores


def infer_doc_type(titles: Sequence[str], blocks: Sequence[TextBlock]) -> DocType:
    """The type of a document from its title candidates and its text (module docstring)."""
    named = type_from_title(t for t in titles if t)
    if named is not None:
        return named
    scores = type_scores(blocks)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_SCORE and top >= MARGIN * second:
        return best
    return "other"
