"""``BriefingBuilder``: a cited consultation briefing for a municipality and its topics.

Sections: summary, fitting programmes (status on the reference date; expired calls are
flagged, never shown as open), comparable projects nearest first, transfer notes
(prerequisites, effort, data, procurement, pitfalls), contacts with reasons, open questions
for the meeting. Every statement that states something from a document carries ``[n]``
references (verbatim quotes with document, page and section); statements from the data
files (``regions.yaml``, ``contacts.yaml``) name that file instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from assistant.answer.citations import MARKER, strip_markers
from assistant.answer.result import ContactSuggestion
from assistant.answer.transfer import note_parts
from assistant.asker_profile import AskerProfile
from assistant.briefing.evidence import (
    Found,
    FoundDocument,
    best_transfer_notes,
    first_unit,
    main_unit,
    nearest_projects,
    search_topics,
    section_unit,
)
from assistant.briefing.model import Block, Briefing, Section, Statement
from assistant.briefing.questions import questions_section
from assistant.briefing.references import ReferenceBook, programme_ref
from assistant.briefing.texts import texts
from assistant.contact_ranking import rank_contacts
from assistant.contacts import Contact
from assistant.errors import InvalidRequestError
from assistant.german_dates import spoken_date
from assistant.programmes import (
    MAX_TOPIC_CHARS,
    TEXT_FIT,
    ProgrammeMatch,
    ProgrammeMatcher,
)
from assistant.regions import Regions
from assistant.retrieval import HybridSearcher
from assistant.topic_labels import topic_list

MAX_TOPICS = 5
MAX_NOTES_CHARS = 2000
MAX_PROGRAMMES = 6
MAX_NOT_FITTING = 4
CONTACT_LIMIT = 6
_TRANSFER_KEYS = ("prerequisites", "effort", "data", "procurement", "pitfalls")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check(topics: Sequence[str], notes: str | None, language: str) -> list[str]:
    """Validated topics (control characters removed, white space collapsed)."""
    cleaned = [" ".join(_CONTROL.sub(" ", t).split()) for t in topics if t and t.strip()]
    cleaned = [t for t in cleaned if t]
    if not cleaned:
        raise InvalidRequestError(
            "Bitte mindestens ein Thema angeben.", message_en="Please give at least one topic."
        )
    if len(cleaned) > MAX_TOPICS or any(len(t) > MAX_TOPIC_CHARS for t in cleaned):
        raise InvalidRequestError(
            f"Höchstens {MAX_TOPICS} Themen mit je höchstens {MAX_TOPIC_CHARS} Zeichen.",
            message_en=f"At most {MAX_TOPICS} topics of at most {MAX_TOPIC_CHARS} characters.",
        )
    if notes is not None and len(notes) > MAX_NOTES_CHARS:
        raise InvalidRequestError(
            f"Die Notizen sind zu lang (höchstens {MAX_NOTES_CHARS} Zeichen).",
            message_en=f"The notes are too long (at most {MAX_NOTES_CHARS} characters).",
        )
    if language not in ("de", "en"):
        raise InvalidRequestError(
            "Sprache muss 'de' oder 'en' sein.", message_en="Language must be 'de' or 'en'."
        )
    return list(dict.fromkeys(cleaned))


class BriefingBuilder:
    """Builds briefings from one index (searcher), the contacts and the regions."""

    def __init__(
        self,
        searcher: HybridSearcher,
        contacts: Sequence[Contact],
        regions: Regions,
        regions_path: Path | None = None,
    ) -> None:
        self.searcher = searcher
        self.contacts = list(contacts)
        self.regions = regions
        self.programmes = ProgrammeMatcher(searcher.index, regions, regions_path)

    def build(
        self,
        municipality: str,
        topics: Sequence[str],
        *,
        notes: str | None = None,
        language: str = "de",
        on: date | None = None,
    ) -> Briefing:
        """The briefing (see the module docstring)."""
        wanted = _check(topics, notes, language)
        profile = self.programmes.profile(municipality)
        on = on or date.today()
        found = self._find(profile, wanted, on, language)
        t = texts(language)
        book = ReferenceBook()
        programmes = self._programmes(found, book, t, on)
        projects = self._projects(found, book, t)
        transfer = self._transfer(found, book, t)
        contacts = self._rank_contacts(wanted, book, profile, language, found)
        contact_section = self._contacts(contacts, t)
        questions = questions_section(found, book, t)
        summary = self._summary(found, wanted, contacts, book, t, on)
        sections = [summary, programmes, projects, transfer, contact_section, questions]
        references, contacts = book.renumber(sections, contacts)
        joined = ", ".join(wanted)
        return Briefing(
            title=t["title"].format(municipality=profile.name, topics=joined),
            municipality=profile.name,
            topics=wanted,
            language=language,
            created=date.today(),
            on=on,
            profile=profile.to_dict(language),
            sections=sections,
            references=references,
            contacts=contacts,
            notes=_CONTROL.sub(" ", notes).strip() if notes and notes.strip() else None,
            labels={k: t[k] for k in ("references", "notes", "meta")},
        )

    def _rank_contacts(
        self,
        topics: list[str],
        book: ReferenceBook,
        profile: AskerProfile,
        language: str,
        found: Found,
    ) -> list[ContactSuggestion]:
        """The contacts named by the most cited documents (regional transfer offices are
        named often), shown nearest first as ``rank_contacts`` orders them; a contact that
        only programmes no longer open name comes after the others (the office of an
        expired programme is not the first call for an open one)."""
        ranked = rank_contacts(
            " ".join(topics),
            book.cited_pairs(),
            self.contacts,
            self.regions,
            profile.place,
            english=language == "en",
            limit=len(self.contacts),
        )
        named: dict[str, set[str]] = {}
        for hit in book.hits.values():
            for cid in str(hit.metadata.get("contacts", "") or "").split(","):
                named.setdefault(cid.strip(), set()).add(hit.doc_id)
        position = {c.id: i for i, c in enumerate(ranked)}
        chosen = sorted(ranked, key=lambda c: (-len(named.get(c.id, ())), position[c.id]))
        keep = {c.id for c in chosen[:CONTACT_LIMIT]}
        closed = {m.doc.doc_id for m in (*found.fitting, *found.not_fitting) if m.status != "open"}

        def only_closed(c: ContactSuggestion) -> bool:
            docs = named.get(c.id, set())
            return bool(docs) and docs <= closed

        return sorted((c for c in ranked if c.id in keep), key=only_closed)

    # -- evidence --------------------------------------------------------------------------
    def _find(self, profile: AskerProfile, topics: list[str], on: date, language: str) -> Found:
        best: dict[str, ProgrammeMatch] = {}
        for topic in topics:
            report = self.programmes.match(profile.name, topic, on=on, language=language)
            for m in report.programmes + report.not_fitting:
                known = best.get(m.doc.doc_id)
                if known is None or (m.fits, m.relevance) > (known.fits, known.relevance):
                    best[m.doc.doc_id] = m
        order = {"open": 0, "deadline_passed": 1, "expired": 2}
        matches = sorted(best.values(), key=lambda m: (order[m.status], -m.relevance, m.doc.title))
        fitting = [m for m in matches if m.fits][:MAX_PROGRAMMES]
        not_fitting = [  # on topic, but not eligible or outside the programme's area
            m for m in matches if not m.fits and (m.matched_topics or m.relevance >= TEXT_FIT)
        ][:MAX_NOT_FITTING]
        searched = search_topics(self.searcher, topics)
        index = self.searcher.index
        projects = nearest_projects(index, searched, profile.place, self.regions)
        notes = best_transfer_notes(index, searched)
        return Found(profile, fitting, not_fitting, projects, notes, topics, language)

    # -- sections --------------------------------------------------------------------------
    def _programmes(
        self, found: Found, book: ReferenceBook, t: dict[str, str], on: date
    ) -> Section:
        section = Section("programmes", t["programmes"], empty_note=t["no_programmes"])
        day = spoken_date(on, found.language)
        for m in found.fitting:
            label = t[f"status_{m.status}"]
            heading = m.doc.title if m.status == "open" else f"{m.doc.title} [{label}]"
            block = Block(heading)
            fallback = programme_ref(m, book)
            deadline = m.clause("deadline")
            refs = [book.cite(deadline.hit, deadline.quote)] if deadline else fallback
            block.statements.append(Statement(t["status"].format(on=day, note=m.status_note), refs))
            applicants = m.clause("applicants")
            reason = m.reasons[0] if m.reasons else ""
            if applicants:
                block.statements.append(
                    Statement(
                        t["applicants"].format(reason=reason, quote=applicants.quote),
                        [book.cite(applicants.hit, applicants.quote)],
                    )
                )
            topic = m.clause("topic")
            if topic:
                shown = topic_list(m.matched_topics, found.language) or t["text_topic"]
                block.statements.append(
                    Statement(
                        t["topic"].format(topics=shown, quote=topic.quote),
                        [book.cite(topic.hit, topic.quote)],
                    )
                )
            funding = m.clause("funding")
            if funding and m.doc.funding_rate:
                block.statements.append(
                    Statement(
                        t["funding"].format(rate=m.doc.funding_rate, quote=funding.quote),
                        [book.cite(funding.hit, funding.quote)],
                    )
                )
            elif m.doc.funding_rate:
                block.statements.append(
                    Statement(t["funding_meta"].format(rate=m.doc.funding_rate), fallback)
                )
            section.blocks.append(block)
        if found.not_fitting:
            block = Block(t["checked"])
            for m in found.not_fitting:
                reasons = "; ".join(m.non_fit_reasons)
                block.statements.append(
                    Statement(
                        t["not_fit"].format(title=m.doc.title, reasons=reasons),
                        programme_ref(m, book, prefer="applicants"),
                    )
                )
            section.blocks.append(block)
        return section

    def _where(self, doc: FoundDocument, t: dict[str, str]) -> str:
        key = "distance_none" if doc.distance is None else f"distance_{doc.distance}"
        place = doc.municipality or str(doc.hit.metadata.get("region", "") or "")
        label = t[key].format(municipality=place)
        return f"{place} ({label})" if place and doc.distance != 0 else label

    def _projects(self, found: Found, book: ReferenceBook, t: dict[str, str]) -> Section:
        section = Section("projects", t["projects"], empty_note=t["no_projects"])
        for doc in found.projects:
            block = Block(doc.hit.title)
            main = main_unit(doc, found.topics)
            if main:
                block.statements.append(
                    Statement(
                        t["project"].format(where=self._where(doc, t), quote=main[1]),
                        [book.cite(*main)],
                    )
                )
            for key, pattern in (("project_cost", "aufwand|kosten"), ("project_lessons", "erfahr")):
                piece = section_unit(doc.chunks, pattern)
                if piece:
                    block.statements.append(
                        Statement(t[key].format(quote=piece[1]), [book.cite(*piece)])
                    )
            section.blocks.append(block)
        return section

    def _transfer(self, found: Found, book: ReferenceBook, t: dict[str, str]) -> Section:
        section = Section("transfer", t["transfer"], empty_note=t["no_transfer"])
        language = found.language
        for doc in found.notes:
            parts = note_parts(doc.chunks)
            block = Block(doc.hit.title)
            for key in _TRANSFER_KEYS:
                for q in parts.get(key, []):
                    block.statements.append(
                        Statement(
                            t["transfer_part"].format(label=q.part.label(language), quote=q.text),
                            [book.cite(q.hit, q.text)],
                        )
                    )
            if block.statements:
                section.blocks.append(block)
        return section

    @staticmethod
    def _contacts(contacts: list[ContactSuggestion], t: dict[str, str]) -> Section:
        section = Section("contacts", t["contacts"], empty_note=t["no_contacts"])
        block = Block("")
        for c in contacts:
            refs = [int(n) for n in MARKER.findall(c.reason)]
            text = t["contact"].format(
                name=c.name, reason=strip_markers(c.reason), channel=c.channel
            )
            if not refs:
                text = f"{text} {t['contact_source']}"
            block.statements.append(Statement(text, refs))
        if block.statements:
            section.blocks.append(block)
        return section

    def _summary(
        self,
        found: Found,
        topics: list[str],
        contacts: list[ContactSuggestion],
        book: ReferenceBook,
        t: dict[str, str],
        on: date,
    ) -> Section:
        language = found.language
        block = Block("")
        for line in found.profile.used(language):
            block.statements.append(Statement(line))
        block.statements.append(Statement(t["topic_line"].format(topics=", ".join(topics))))
        open_ = [m for m in found.fitting if m.status == "open"]
        if open_:
            refs = [r for m in open_ for r in programme_ref(m, book)]
            block.statements.append(
                Statement(
                    t["summary_programmes"].format(
                        count=len(found.fitting),
                        open=len(open_),
                        on=spoken_date(on, language),
                        titles="; ".join(m.doc.programme for m in open_),
                    ),
                    refs,
                )
            )
        elif found.fitting:
            refs = [r for m in found.fitting for r in programme_ref(m, book, prefer="deadline")]
            block.statements.append(
                Statement(
                    t["summary_no_open"].format(
                        count=len(found.fitting),
                        on=spoken_date(on, language),
                        titles="; ".join(m.doc.programme for m in found.fitting),
                    ),
                    refs,
                )
            )
        else:
            block.statements.append(Statement(t["summary_none"]))
        if found.projects:
            doc = found.projects[0]
            first = main_unit(doc, found.topics)
            block.statements.append(
                Statement(
                    t["summary_project"].format(title=doc.hit.title, where=self._where(doc, t)),
                    [book.cite(*first)] if first else [],
                )
            )
        if found.notes:
            doc = found.notes[0]
            solution = note_parts(doc.chunks).get("solution", [])
            first = (solution[0].hit, solution[0].text) if solution else first_unit(doc.hit)
            block.statements.append(
                Statement(
                    t["summary_transfer"].format(title=doc.hit.title),
                    [book.cite(*first)] if first else [],
                )
            )
        if contacts:
            c = contacts[0]
            refs = [int(n) for n in MARKER.findall(c.reason)]
            text = t["summary_contact"].format(name=c.name)
            block.statements.append(
                Statement(text if refs else f"{text} {t['contact_source']}", refs)
            )
        return Section("summary", t["summary"], [block])
