"""Funding programme matching: which programme guidelines fit a municipality and a topic.

Input: the structured metadata of every indexed ``programme_guideline`` (front matter or
sidecar: ``applicants``, ``region_scope``, ``topics``, ``funding_rate``, ``deadline``,
``valid_until``, optionally ``size_classes``), or where it has none the facts its own text
states (``programme_facts``), and the asker's profile (``regions.yaml``).
A programme fits when the municipality may apply (itself, or its Kreis for programmes only
Kreise may use, reported as a route), lies in the programme's area, and the topic matches
the programme's topics or text. Each match carries verbatim clauses (applicants, topic,
deadline, funding rate) with document, page and section.

Status relative to a reference date ``on`` (default today): ``expired`` when ``valid_until``
lies before it, else ``deadline_passed`` when ``deadline`` does, else ``open``. An expired
call is never reported as open. For a guideline whose validity or deadline was read from its
text the note names every validity statement and deadline of the text (a fixed term that the
text allows to be extended counts with its longest reading, and the note says so), and says
"keine Antragsfrist im Text gefunden" when the text gives none. Where metadata and text
state different dates or areas, the note names both ("Metadaten und Text weichen ab – ...").
Loading the programmes and finding the clauses: ``programme_catalogue.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_TOPIC_CHARS",
    "MIN_UNIT_CHARS",
    "Clause",
    "ProgrammeDoc",
    "ProgrammeMatch",
    "ProgrammeMatcher",
    "ProgrammeReport",
    "best_unit",
    "german_date",
    "status_of",
]

from assistant.asker_profile import AskerProfile, asker_profile
from assistant.errors import InvalidRequestError
from assistant.german_dates import spoken_date
from assistant.index import SearchIndex
from assistant.programme_catalogue import (
    MIN_UNIT_CHARS,
    Clause,
    ProgrammeCatalogue,
    ProgrammeDoc,
    best_unit,
    german_date,
    programme_clauses,
)
from assistant.programme_status import ProgrammeStatus, status_of
from assistant.regions import Regions
from assistant.topic_labels import topic_list
from assistant.topic_terms import fold, matched_slugs, text_score, topic_terms

MAX_TOPIC_CHARS = 200
#: share of the topic terms a passage must name when the programme's topics do not match
TEXT_FIT = 0.99
_NATIONWIDE = {"bund", "deutschland", "germany", "de", "eu", "europa", "bundesweit"}
_LAND = {"nrw", "nordrhein-westfalen", "nordrhein westfalen"}


@dataclass
class ProgrammeMatch:
    """The verdict on one programme for one asker and topic."""

    doc: ProgrammeDoc
    status: ProgrammeStatus
    status_note: str
    fits: bool
    route: str  # direct | kreis | "" (no route)
    reasons: list[str] = field(default_factory=list)
    non_fit_reasons: list[str] = field(default_factory=list)
    matched_topics: list[str] = field(default_factory=list)
    relevance: float = 0.0
    clauses: list[Clause] = field(default_factory=list)
    language: str = "de"

    def clause(self, kind: str) -> Clause | None:
        """The clause of one kind, if found."""
        return next((c for c in self.clauses if c.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        d = self.doc
        return {
            "doc_id": d.doc_id,
            "title": d.title,
            "programme": d.programme,
            "source": d.source,
            "url": d.url,
            "status": self.status,
            "status_note": self.status_note,
            "fits": self.fits,
            "route": self.route or None,
            "deadline": d.deadline.isoformat() if d.deadline else None,
            "valid_until": d.valid_until.isoformat() if d.valid_until else None,
            "published": d.published.isoformat() if d.published else None,
            "funding_rate": d.funding_rate,
            "applicants": list(d.applicants),
            "region_scope": d.region_scope,
            "topics": list(d.topics),
            "matched_topics": self.matched_topics,
            "relevance": round(self.relevance, 3),
            "reasons": self.reasons,
            "non_fit_reasons": self.non_fit_reasons,
            "clauses": [c.to_dict() for c in self.clauses],
            "field_sources": dict(d.field_sources),
            "facts": [f.to_dict(self.language) for f in d.facts.facts],
            "validity_notes": d.facts.validity_notes(self.language) if d.reads_text else [],
            "deadline_notes": d.facts.deadline_notes(self.language) if d.reads_text else [],
            "disagreements": [x.to_dict(self.language) for x in d.disagreements],
        }


@dataclass
class ProgrammeReport:
    """Fitting programmes (open first) and topic-related ones that do not fit, with why."""

    profile: AskerProfile
    topic: str
    on: date
    language: str
    programmes: list[ProgrammeMatch]
    not_fitting: list[ProgrammeMatch]

    def to_dict(self) -> dict[str, Any]:
        """The JSON body of ``GET /api/programmes``."""
        return {
            "municipality": self.profile.name,
            "topic": self.topic,
            "on": self.on.isoformat(),
            "language": self.language,
            "profile": self.profile.to_dict(self.language),
            "programmes": [m.to_dict() for m in self.programmes],
            "not_fitting": [m.to_dict() for m in self.not_fitting],
        }


def _said(doc: ProgrammeDoc, en: bool) -> Callable[[str], str]:
    """`` (laut Richtlinientext)`` for a field read from the text, else ``""``."""

    def suffix(name: str) -> str:
        if doc.source_of(name) != "text":
            return ""
        return " (according to the guideline text)" if en else " (laut Richtlinientext)"

    return suffix


def _region_fit(scope: str, profile: AskerProfile) -> bool | None:
    """Whether the programme area contains the municipality (``None``: cannot tell)."""
    if not scope:
        return None
    p = profile.place
    keys = {fold(part).strip() for part in re.split(r"[/,;]", scope) if part.strip()}
    if keys & _NATIONWIDE:
        return True
    if keys & _LAND:
        return fold(p.land) in _LAND or fold(p.land) in keys
    names = {fold(x) for x in (p.region, p.regierungsbezirk, p.kreis, p.name, p.land) if x}
    names |= {f"regierungsbezirk {fold(p.regierungsbezirk)}"}
    return bool(keys & names)


class ProgrammeMatcher:
    """Matches programme guidelines of one index against an asker and a topic."""

    def __init__(
        self, index: SearchIndex, regions: Regions, regions_path: Path | None = None
    ) -> None:
        self.catalogue = ProgrammeCatalogue(index)
        self.regions = regions
        self.regions_path = regions_path

    def profile(self, municipality: str) -> AskerProfile:
        """The asker's profile (``NotFoundError`` with suggestions for unknown names)."""
        name = (municipality or "").strip()
        if not name:
            raise InvalidRequestError(
                "Bitte eine Kommune angeben.", message_en="Please name a municipality."
            )
        return asker_profile(self.regions, self.regions_path, name)

    def match(
        self,
        municipality: str,
        topic: str = "",
        *,
        on: date | None = None,
        language: str = "de",
    ) -> ProgrammeReport:
        """Fitting programmes for ``municipality`` and ``topic`` on the day ``on``."""
        topic = " ".join((topic or "").split())
        if len(topic) > MAX_TOPIC_CHARS:
            raise InvalidRequestError(
                f"Das Thema ist zu lang (höchstens {MAX_TOPIC_CHARS} Zeichen).",
                message_en=f"The topic is too long (at most {MAX_TOPIC_CHARS} characters).",
            )
        profile = self.profile(municipality)
        on = on or date.today()
        terms = topic_terms(topic)
        fitting: list[ProgrammeMatch] = []
        other: list[ProgrammeMatch] = []
        for doc in self.catalogue.documents():
            match = self.judge(doc, profile, terms, on, language)
            if match.fits:
                fitting.append(match)
            elif match.relevance > 0 or not terms or not doc.topics:
                # a guideline without metadata topics is listed with its reasons: its text
                # not naming the topic is no proof that it does not cover it
                other.append(match)
        order = {"open": 0, "deadline_passed": 1, "expired": 2}
        fitting.sort(key=lambda m: (order[m.status], -m.relevance, m.doc.title))
        other.sort(key=lambda m: (-m.relevance, m.doc.title))
        return ProgrammeReport(profile, topic, on, language, fitting, other)

    def judge(
        self,
        doc: ProgrammeDoc,
        profile: AskerProfile,
        terms: list[str],
        on: date,
        language: str = "de",
    ) -> ProgrammeMatch:
        """The verdict on one programme (see the module docstring)."""
        en = language == "en"
        status, note = status_of(doc, on, language)
        if doc.published and doc.published > on:
            when = spoken_date(doc.published, language)
            note += (
                f"; the document dates from {when}, after the reference date"
                if en
                else f"; das Dokument stammt vom {when}, nach dem Stichtag"
            )
        for d in doc.disagreements:  # both values, wherever only the note is shown
            note += (
                f"; metadata and text differ – {d.describe(language)}"
                if en
                else f"; Metadaten und Text weichen ab – {d.describe(language)}"
            )
        match = ProgrammeMatch(doc, status, note, fits=False, route="", language=language)
        p = profile.place
        said = _said(doc, en)
        # applicants
        if not doc.applicants:
            match.route = "direct"
            if doc.facts.of("applicants") or doc.reads_text:
                match.reasons.append(
                    "applicants not found as types the matcher knows in the text: check the "
                    "guideline"
                    if en
                    else "Antragsberechtigte im Text nicht als bekannte Typen gefunden: "
                    "Richtlinie prüfen"
                )
            else:
                match.reasons.append(
                    "applicants not stated in the metadata: check the guideline"
                    if en
                    else "Antragsberechtigte nicht in den Metadaten angegeben: Richtlinie prüfen"
                )
        elif set(doc.applicants) & profile.applicant_types:
            match.route = "direct"
            match.reasons.append(
                f"{p.name} may apply itself ({profile.kind_label('en')}){said('applicants')}"
                if en
                else f"{p.name} ist selbst antragsberechtigt ({profile.kind_label()})"
                f"{said('applicants')}"
            )
        elif "kreis" in doc.applicants:
            match.route = "kreis"
            match.reasons.append(
                f"only districts may apply: {p.kreis} could apply for {p.name}"
                if en
                else f"nur Kreise antragsberechtigt: der {p.kreis} könnte für {p.name} beantragen"
            )
        else:
            allowed = ", ".join(doc.applicants)
            match.non_fit_reasons.append(
                f"applicants ({allowed}) do not include a {profile.kind_label('en')}"
                if en
                else f"Antragsberechtigt sind {allowed}; keine {profile.kind_label()}"
            )
        # region
        region_ok = _region_fit(doc.region_scope, profile)
        if region_ok is True:
            match.reasons.append(
                f"area {doc.region_scope} includes {p.name}{said('region_scope')}"
                if en
                else f"Fördergebiet {doc.region_scope} umfasst {p.name}{said('region_scope')}"
            )
        elif region_ok is False:
            match.non_fit_reasons.append(
                f"area {doc.region_scope} does not include {p.name} ({p.kreis}, {p.region})"
                f"{said('region_scope')}"
                if en
                else f"Fördergebiet {doc.region_scope} umfasst nicht {p.name} "
                f"({p.kreis}, {p.region}){said('region_scope')}"
            )
        else:
            match.reasons.append(
                "area not stated: check the guideline"
                if en
                else "Fördergebiet nicht angegeben: Richtlinie prüfen"
            )
        # size class (only when the programme names size classes)
        if doc.size_classes:
            if not profile.size_class:
                match.reasons.append(
                    "size class of the municipality unknown (not in regions.yaml): check"
                    if en
                    else "Größenklasse der Kommune unbekannt (nicht in regions.yaml): prüfen"
                )
            elif fold(profile.size_class) not in doc.size_classes:
                match.non_fit_reasons.append(
                    f"size classes {', '.join(doc.size_classes)} exclude {profile.size_class}"
                    if en
                    else f"Größenklassen {', '.join(doc.size_classes)} schließen "
                    f"{profile.size_class} aus"
                )
        # topic
        match.clauses = programme_clauses(doc, terms)
        if terms:
            match.matched_topics = matched_slugs(terms, doc.topics)
            topic_clause = match.clause("topic")
            text = text_score(terms, topic_clause.quote) if topic_clause else 0.0
            match.relevance = 2.0 * len(match.matched_topics) + text
            if match.matched_topics:
                shown = topic_list(match.matched_topics, language)
                match.reasons.append(
                    f"topics of the programme: {shown}" if en else f"Themen des Programms: {shown}"
                )
            elif text >= TEXT_FIT:
                match.reasons.append(
                    "the programme text names the topic"
                    if en
                    else "der Programmtext nennt das Thema"
                )
            elif text > 0:
                match.non_fit_reasons.append(
                    "the topic is only mentioned in passing, not a funding focus"
                    if en
                    else "Thema nur am Rande erwähnt, kein Förderschwerpunkt"
                )
            elif not doc.topics:
                match.non_fit_reasons.append(
                    "topic not found in the programme text"
                    if en
                    else "Thema im Programmtext nicht gefunden"
                )
            else:
                match.non_fit_reasons.append(
                    "topic not covered by the programme"
                    if en
                    else "Thema wird vom Programm nicht abgedeckt"
                )
        match.fits = bool(match.route) and not match.non_fit_reasons
        return match
