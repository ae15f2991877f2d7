"""Funding questions answered from the programme catalogue, as the briefing does.

"Wer fördert so etwas?", "Gibt es dafür Geld vom Land, und bis wann?", "Und wer fördert
das?" after a question on a project: the answer names the fitting programmes
(:class:`assistant.programmes.ProgrammeMatcher`), each with its status on today's date
(open / deadline passed / expired, with the deadline or validity), whether the asker's
municipality may apply itself (or through its Kreis), and the funding rate where the
document states one. Every sentence cites the clause of the guideline it rests on (a
verbatim quote with document, page and section). Without a known municipality the
eligibility is left out and said so.

Topic of the match: the question without its funding words, plus the previous question of
the conversation for a follow-up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.answer.compose import citation_for, kind_label
from assistant.answer.result import Citation
from assistant.errors import SmartCityError
from assistant.filters import SearchFilters
from assistant.german_dates import english_date
from assistant.models import SearchHit
from assistant.programme_catalogue import Clause, ProgrammeDoc, german_date, programme_clauses
from assistant.programmes import ProgrammeMatch, ProgrammeMatcher, status_of
from assistant.retrieval import HybridSearcher
from assistant.topic_terms import topic_terms

#: a question part that asks which programme funds something
_ASKS_FOR_PROGRAMMES = re.compile(
    r"\bwer\s+fördert\b|\bwer\s+finanziert\b|\bgibt\s+es\s+(?:\w+\s+){0,4}(?:förder\w*|geld|"
    r"zuschüsse?|zuschuss|fördermittel|fördertöpfe?|unterstützung)\b|\bwelche[rsnm]?\s+"
    r"(?:\w+\s+)?(?:förderprogramm\w*|programm\w*|fördertöpfe?|fördertopf\w*|"
    r"fördermöglichkeit\w*|förderung\w*|förderaufruf\w*|aufruf\w*)\b|\bwoher\s+(?:\w+\s+){0,3}geld\b|\bfördermöglichkeit\w*|"
    r"\bwie\s+(?:können|könnten)\s+wir\s+(?:das|dies)\s+finanzieren\b|\bwho\s+funds\b|"
    r"\bwho\s+(?:would|could|can)\s+fund\b|\bis\s+there\s+(?:any\s+)?(?:\w+\s+)?"
    r"(?:funding|money|grants?)\b|\bwhich\s+(?:funding\s+)?(?:programme|program|call)s?\b|"
    r"\bany\s+(?:grants?|funding)\b|\bfunding\s+(?:programme|program|options?|calls?)\b",
    re.IGNORECASE,
)
_FUNDING_WORDS = re.compile(
    r"\b(?:wer|fördert|fördern|förderung\w*|fördermittel\w*|förderprogramm\w*|programm\w*|"
    r"geld|zuschuss\w*|zuschüsse|gibt|es|dafür|das|so|etwas|sowas|solche\w*|who|funds?|"
    r"funding|grants?|money|programmes?|programs?|is|there|any|this|that|for|und|and|"
    r"auch|noch|land|bund|vom|der|die|den|dem)\b",
    re.IGNORECASE,
)
MAX_PROGRAMMES = 3
MAX_TOPIC = 200
_NOUN = re.compile(r"\b[A-ZÄÖÜ][\w-]+")
PROGRAMME_HITS = 8
#: programmes whose best chunk is this close (e5 cosine) to the best programme's are named too
CLOSE_TO_BEST = 0.02


def asks_for_programmes(text: str) -> bool:
    """Whether a question (part) asks which programmes fund something."""
    return bool(_ASKS_FOR_PROGRAMMES.search(text))


def asks_for_validity(date_kind: str) -> bool:
    """Whether a part asks how long something runs ("Bis wann gilt die Förderrichtlinie ...
    noch?"): for a programme the question names, the catalogue knows its validity, often
    from front matter that no sentence of the text states."""
    return date_kind == "validity"


def funding_topic(question: str, previous_question: str) -> str:
    """What the funding is for: the nouns of the question without funding words, and of
    the previous question when few are left (a follow-up such as "Und wer fördert das?")."""

    def nouns(text: str) -> list[str]:
        return [w for w in _NOUN.findall(_FUNDING_WORDS.sub(" ", text)) if len(w) >= 4]

    found = nouns(question)
    if len(found) < 2 and previous_question:
        found = nouns(previous_question) + found
    return " ".join(dict.fromkeys(found))[:MAX_TOPIC]


@dataclass(frozen=True)
class FundingAnswer:
    """The programme paragraph(s) of an answer, with their citations."""

    text: str
    citations: list[Citation]
    cited_hits: list[SearchHit]
    matches: list[ProgrammeMatch]


class Refs:
    """Numbers quotes of chunks from ``first_n``; the same quote keeps its number."""

    def __init__(self, first_n: int) -> None:
        self.first_n = first_n
        self.citations: list[Citation] = []
        self.hits: list[SearchHit] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def cite(self, clause: Clause) -> int:
        key = (clause.hit.chunk_id, clause.quote)
        if key not in self._numbers:
            n = self.first_n + len(self.citations)
            self._numbers[key] = n
            self.citations.append(citation_for(n, clause.hit, clause.quote))
            self.hits.append(clause.hit)
        return self._numbers[key]


def status_sentence(m: ProgrammeMatch, on: date, language: str) -> str:
    """The programme's status on ``on`` as one sentence (expired, deadline passed, open)."""
    d = m.doc
    if language == "en":
        if m.status == "expired" and d.valid_until:
            return f"Its text was valid until {english_date(d.valid_until)} and has expired."
        if m.status == "deadline_passed" and d.deadline:
            return f"The application deadline ({english_date(d.deadline)}) has passed."
        if d.deadline:
            return f"Open as of {english_date(on)}; applications until {english_date(d.deadline)}."
        if d.valid_until:
            return (
                f"Open as of {english_date(on)}; no deadline stated, valid until "
                f"{english_date(d.valid_until)}."
            )
        return "The document states no deadline or validity: check the current call."
    if m.status == "expired" and d.valid_until:
        return f"Die Richtlinie galt bis {german_date(d.valid_until)} und ist abgelaufen."
    if m.status == "deadline_passed" and d.deadline:
        return f"Die Antragsfrist ({german_date(d.deadline)}) ist abgelaufen."
    if d.deadline:
        return f"Stand {german_date(on)} offen; Anträge bis {german_date(d.deadline)}."
    if d.valid_until:
        return (
            f"Stand {german_date(on)} offen; keine Antragsfrist angegeben, gültig bis "
            f"{german_date(d.valid_until)}."
        )
    return "Das Dokument nennt keine Frist und keine Geltungsdauer: aktuellen Aufruf prüfen."


def _paragraph(m: ProgrammeMatch, refs: Refs, on: date, language: str, asker: str) -> str:
    title = m.doc.programme or m.doc.title
    parts = [f"„{title}“ ({kind_label('programme_guideline', language)}):"]
    if asker and not m.fits and m.non_fit_reasons:
        why = "; ".join(m.non_fit_reasons)
        parts.append(
            f"Does not fit {asker}: {why}."
            if language == "en"
            else f"Passt nicht für {asker}: {why}."
        )
    anchor = m.clause("deadline") or m.clause("topic") or (m.clauses[0] if m.clauses else None)
    if anchor is None:
        return ""
    parts.append(f"{status_sentence(m, on, language)} [{refs.cite(anchor)}]")
    applicants = m.clause("applicants")
    if applicants is not None:
        reason = m.reasons[0] if m.reasons and asker else ""
        if reason:
            parts.append(f"{reason[0].upper()}{reason[1:]}. [{refs.cite(applicants)}]")
        else:
            parts.append(f"{applicants.quote} [{refs.cite(applicants)}]")
    funding = m.clause("funding")
    if funding is not None:
        parts.append(f"{funding.quote} [{refs.cite(funding)}]")
    return " ".join(parts)


def judged(
    matcher: ProgrammeMatcher,
    doc: ProgrammeDoc,
    municipality: str,
    topic: str,
    on: date,
    language: str,
) -> ProgrammeMatch:
    """The verdict on one programme; without a municipality only status and clauses."""
    terms = topic_terms(topic)
    if municipality:
        # fit = eligibility, area and size (the search already chose the topic)
        match = matcher.judge(doc, matcher.profile(municipality), [], on, language)
    else:
        status, note = status_of(doc, on, language)
        match = ProgrammeMatch(doc, status, note, fits=True, route="")
    match.clauses = programme_clauses(doc, terms)
    return match


def funding_answer(
    matcher: ProgrammeMatcher,
    searcher: HybridSearcher,
    query: str,
    topic: str,
    municipality: str,
    language: str,
    *,
    on: date | None = None,
    first_n: int = 1,
) -> FundingAnswer | None:
    """The programme paragraphs for the question, or ``None`` when no guideline is close
    enough (the sentence answer then stands alone).

    The programmes are the guidelines a search for ``query`` restricted to
    ``programme_guideline`` finds (semantic closeness, not only topic words), the closest
    first and the others within ``CLOSE_TO_BEST`` of it; each is then judged for the asker
    (status on ``on``, eligibility, clauses). Fitting programmes come first; a close
    programme the asker cannot use is named with the reason."""
    on = on or date.today()
    try:
        hits = searcher.search(query, PROGRAMME_HITS, SearchFilters(doc_type="programme_guideline"))
    except SmartCityError:
        return None
    if not hits:
        return None
    best = max(h.dense_similarity or 0.0 for h in hits)
    doc_ids = list(
        dict.fromkeys(h.doc_id for h in hits if (h.dense_similarity or 0.0) >= best - CLOSE_TO_BEST)
    )[:MAX_PROGRAMMES]
    catalogue = {d.doc_id: d for d in matcher.catalogue.documents()}
    try:
        matches = [
            judged(matcher, catalogue[d], municipality, topic, on, language)
            for d in doc_ids
            if d in catalogue
        ]
    except SmartCityError:
        return None
    order = {"open": 0, "deadline_passed": 1, "expired": 2}
    matches.sort(key=lambda m: (not m.fits, order[m.status]))
    lead = (
        f"Funding programmes that fit, as of {english_date(on)}."
        if language == "en"
        else f"Passende Förderprogramme, Stand {german_date(on)}."
    )
    return _answer(matches, municipality, language, on, first_n, lead)


def named_programmes_answer(
    matcher: ProgrammeMatcher,
    doc_ids: Sequence[str],
    municipality: str,
    language: str,
    *,
    on: date | None = None,
    first_n: int = 1,
) -> FundingAnswer | None:
    """The status paragraphs of the programmes a question names ("Bis wann gilt die
    Förderrichtlinie IKZ NRW noch?"): validity and deadline as the catalogue knows them
    (front matter or text), with eligibility and rate; ``None`` when none is a programme."""
    on = on or date.today()
    catalogue = {d.doc_id: d for d in matcher.catalogue.documents()}
    try:
        matches = [
            judged(matcher, catalogue[d], municipality, "", on, language)
            for d in doc_ids
            if d in catalogue
        ][:MAX_PROGRAMMES]
    except SmartCityError:
        return None
    return _answer(matches, municipality, language, on, first_n, "")


def _answer(
    matches: list[ProgrammeMatch],
    municipality: str,
    language: str,
    on: date,
    first_n: int,
    lead: str,
) -> FundingAnswer | None:
    refs = Refs(first_n)
    paragraphs = [p for m in matches if (p := _paragraph(m, refs, on, language, municipality))]
    if not paragraphs:
        return None
    if lead and not municipality:
        lead += (
            " Without your municipality, eligibility is not checked."
            if language == "en"
            else " Ohne Angabe Ihrer Kommune ist die Antragsberechtigung nicht geprüft."
        )
    text = "\n\n".join(paragraphs)
    return FundingAnswer(f"{lead}\n\n{text}" if lead else text, refs.citations, refs.hits, matches)


def cited(answer: FundingAnswer | None) -> Sequence[SearchHit]:
    """The hits the funding paragraphs cite (empty without an answer)."""
    return answer.cited_hits if answer is not None else ()
