"""The programme guidelines of an index and the verbatim clauses that support a match.

Every indexed ``programme_guideline`` is read from the vector store with its metadata
(``applicants``, ``region_scope``, ``funding_rate``, ``deadline``, ``valid_until``, ...; see
``ingest/metadata.py``: unknown front-matter keys are stored with the prefix ``extra_``) and
with the facts its own text states (``programme_facts``: validity, deadlines, applicants,
rates, the funding area, each with its sentence). Metadata wins; a field the metadata leaves
empty is taken from the text (``field_sources`` says which), and where both state a date or
an area and they differ, both are kept (``disagreements``).

Clauses are verbatim units (``doc_chunks.units``) of its chunks: who may apply, what the
topic has to do with it, the deadline, the funding rate. For a field read from the text the
clause is the sentence the fact was read from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.doc_chunks import chunks_where, units
from assistant.german_dates import MONTHS, german_date
from assistant.index import SearchIndex
from assistant.models import SearchHit
from assistant.programme_fact_model import Fact, ProgrammeFacts
from assistant.programme_facts import read_facts
from assistant.topic_terms import fold, text_score

__all__ = [
    "MIN_UNIT_CHARS",
    "Clause",
    "Disagreement",
    "ProgrammeCatalogue",
    "ProgrammeDoc",
    "best_unit",
    "german_date",
    "programme_clauses",
    "programme_doc",
]

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
_MONTHS = MONTHS
#: names of the whole country and of the Länder as areas (folded), for comparing areas
_AREAS = {
    "bund": "Bund", "deutschland": "Bund", "bundesweit": "Bund", "nrw": "Nordrhein-Westfalen",
    "nordrhein-westfalen": "Nordrhein-Westfalen", "sachsen": "Sachsen", "bayern": "Bayern",
    "baden-wuerttemberg": "Baden-Württemberg", "niedersachsen": "Niedersachsen",
    "hessen": "Hessen", "thueringen": "Thüringen", "brandenburg": "Brandenburg",
    "sachsen-anhalt": "Sachsen-Anhalt", "rheinland-pfalz": "Rheinland-Pfalz",
    "schleswig-holstein": "Schleswig-Holstein", "mecklenburg-vorpommern": "Mecklenburg-Vorpommern",
    "saarland": "Saarland", "berlin": "Berlin", "hamburg": "Hamburg", "bremen": "Bremen",
}  # fmt: skip


@dataclass(frozen=True)
class Clause:
    """A verbatim passage of a programme document that supports one criterion."""

    kind: str  # applicants | topic | deadline | funding | validity (read from the text)
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
class Disagreement:
    """Metadata and text state different values for one field; both are shown."""

    field: str  # valid_until | deadline | region_scope
    metadata: str
    text: str
    fact: Fact

    def to_dict(self, language: str = "de") -> dict[str, Any]:
        """JSON form with the fact's citation."""
        return {
            "field": self.field,
            "metadata": self.metadata,
            "text": self.text,
            "fact": self.fact.to_dict(language),
        }

    def describe(self, language: str = "de") -> str:
        """One line naming both values."""
        if language == "en":
            return f"{self.field}: metadata {self.metadata}, text {self.text}"
        names = {
            "valid_until": "Geltungsdauer",
            "deadline": "Antragsfrist",
            "region_scope": "Fördergebiet",
        }
        return f"{names.get(self.field, self.field)}: Metadaten {self.metadata}, Text {self.text}"


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
    #: what the guideline's own text states (empty when it was not read)
    facts: ProgrammeFacts = field(default_factory=ProgrammeFacts)
    #: ``metadata`` or ``text`` for the matching fields that have a value
    field_sources: Mapping[str, str] = field(default_factory=dict)
    disagreements: tuple[Disagreement, ...] = ()

    @property
    def reads_text(self) -> bool:
        """Whether a matching field was taken from the guideline's text."""
        return "text" in self.field_sources.values()

    def source_of(self, name: str) -> str:
        """``metadata``, ``text`` or ``""`` (no value) for one field."""
        return self.field_sources.get(name, "")


def _date(raw: object) -> date | None:
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def _items(raw: object) -> tuple[str, ...]:
    return tuple(x.strip() for x in str(raw or "").split(",") if x.strip())


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
        docs = [programme_doc(hits) for hits in by_doc.values()]
        docs.sort(key=lambda d: d.title)
        self._cache = (generation, docs)
        return docs


def programme_doc(hits: list[SearchHit]) -> ProgrammeDoc:
    """One guideline from its chunks (in reading order): metadata first, then its text."""
    m = hits[0].metadata
    facts = read_facts(hits)
    values = _Values(facts)
    return ProgrammeDoc(
        doc_id=hits[0].doc_id,
        title=hits[0].title,
        programme=str(m.get("programme") or hits[0].title),
        source=hits[0].source,
        url=str(m.get("url", "") or ""),
        applicants=values.pick(
            "applicants",
            tuple(fold(a) for a in _items(m.get("extra_applicants"))),
            facts.applicants,
        ),
        region_scope=values.pick(
            "region_scope",
            str(m.get("extra_region_scope") or m.get("region") or ""),
            facts.region_scope,
        ),
        funding_rate=values.pick(
            "funding_rate", str(m.get("extra_funding_rate") or ""), facts.funding_summary()
        ),
        published=_date(m.get("published")),
        deadline=values.pick("deadline", _date(m.get("deadline")), facts.deadline),
        valid_until=values.pick("valid_until", _date(m.get("valid_until")), facts.last_valid_day),
        topics=_items(m.get("topics")),
        contacts=_items(m.get("contacts")),
        size_classes=tuple(fold(s) for s in _items(m.get("extra_size_classes"))),
        chunks=tuple(hits),
        facts=facts,
        field_sources=values.sources,
        disagreements=tuple(values.disagreements),
    )


class _Values:
    """Metadata first, the text where the metadata is empty; notes disagreements."""

    def __init__(self, facts: ProgrammeFacts) -> None:
        self.facts = facts
        self.sources: dict[str, str] = {}
        self.disagreements: list[Disagreement] = []

    def pick(self, name: str, meta: Any, text: Any) -> Any:
        if meta:
            self.sources[name] = "metadata"
            self._compare(name, meta, text)
            return meta
        if text:
            self.sources[name] = "text"
        return text if text else meta

    def _compare(self, name: str, meta: Any, text: Any) -> None:
        if not text or name not in ("valid_until", "deadline", "region_scope"):
            return
        if name == "region_scope":
            a, b = _AREAS.get(fold(str(meta)).strip()), _AREAS.get(fold(str(text)).strip())
            if a is None or b is None or a == b:
                return
            fact = self.facts.of("region")[0]
        else:
            if meta == text:
                return
            kinds = (
                ("valid_until", "extension_limit")
                if name == "valid_until"
                else ("deadline", "window")
            )
            fact = max(
                (f for f in self.facts.of(*kinds) if f.dates),  # type: ignore[arg-type]
                key=lambda f: f.last_day or f.dates[-1],
            )
        self.disagreements.append(Disagreement(name, _shown(meta), _shown(text), fact))


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


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
    from_text = _text_clauses(doc, terms)
    found = from_text.get("applicants") or best_unit(
        doc.chunks, in_section("applicants", _APPLICANT_WORDS)
    )
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

    found = from_text.get("deadline") or best_unit(doc.chunks, deadline)
    if found:
        out.append(Clause("deadline", *found))
    if found := from_text.get("funding"):
        out.append(Clause("funding", *found))
    else:
        found = best_unit(doc.chunks, in_section("funding", _FUNDING_WORDS))
        if found and _SECTION["funding"].search(found[0].section):
            out.append(Clause("funding", *found))
    if found := from_text.get("validity"):
        out.append(Clause("validity", *found))
    return out


def _text_clauses(doc: ProgrammeDoc, terms: list[str]) -> dict[str, tuple[SearchHit, str]]:
    """Clauses from the facts a field was read from (only for fields taken from the text)."""
    facts = doc.facts
    out: dict[str, tuple[SearchHit, str]] = {}
    if doc.source_of("applicants") == "text":
        named = [f for f in facts.of("applicants") if f.values]
        if named:
            out["applicants"] = (named[0].hit, named[0].quote)
    ends = [f for f in facts.ends() if f.kind == "valid_until"] or facts.ends()
    if doc.source_of("valid_until") == "text" and ends:
        last = max(ends, key=lambda f: f.last_day or f.dates[-1])
        out["validity"] = (last.hit, last.quote)
    if doc.reads_text and doc.source_of("deadline") != "metadata":
        general = facts.general_deadlines()
        others = facts.of("rolling", "window_announced", "deadline", "window")
        chosen: Fact | None
        if general:
            chosen = max(general, key=lambda f: f.dates[-1])
        elif others:
            chosen = others[0]
        else:
            chosen = ends[-1] if ends else None
        if chosen is not None:
            out["deadline"] = (chosen.hit, chosen.quote)
    if doc.source_of("funding_rate") == "text":
        rates = facts.of("rate")
        if rates:
            best = max(
                enumerate(rates),
                key=lambda item: (text_score(terms, f"{item[1].label} {item[1].quote}"), -item[0]),
            )[1]
            out["funding"] = (best.hit, best.quote)
    return out
