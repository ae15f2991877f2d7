"""Open questions for the meeting, each raised by a cited passage: the deadlines and
application routes of the fitting programmes and the transfer note's prerequisites, effort
and pitfalls."""

from __future__ import annotations

from assistant.answer.transfer import note_parts
from assistant.briefing.evidence import Found
from assistant.briefing.model import Block, Section, Statement
from assistant.briefing.references import ReferenceBook, programme_ref
from assistant.german_dates import spoken_date

MAX_QUESTIONS = 8


def questions_section(found: Found, book: ReferenceBook, t: dict[str, str]) -> Section:
    """Questions for the meeting, each raised by a cited passage: deadlines and routes
    of the fitting programmes, the transfer note's prerequisites, effort and pitfalls."""
    section = Section("questions", t["questions"], empty_note=t["no_questions"])
    name = found.profile.name
    deadlines: list[Statement] = []
    routes: list[Statement] = []
    closed: list[Statement] = []
    rates: list[Statement] = []
    for m in found.fitting:
        programme = m.doc.programme
        deadline = m.clause("deadline")
        if m.status == "open" and m.doc.deadline and deadline:
            when = spoken_date(m.doc.deadline, found.language)
            deadlines.append(
                Statement(
                    t["q_deadline"].format(date=when, programme=programme),
                    [book.cite(deadline.hit, deadline.quote)],
                )
            )
        elif m.status != "open":
            closed.append(
                Statement(
                    t["q_closed"].format(programme=programme, label=t[f"status_{m.status}"]),
                    programme_ref(m, book, prefer="deadline"),
                )
            )
        if m.route == "kreis":
            routes.append(
                Statement(
                    t["q_kreis"].format(
                        kreis=found.profile.place.kreis, programme=programme, municipality=name
                    ),
                    programme_ref(m, book, prefer="applicants"),
                )
            )
        if m.status == "open" and "prüfen" in m.doc.funding_rate:
            rates.append(
                Statement(
                    t["q_rate"].format(programme=programme),
                    programme_ref(m, book, prefer="funding"),
                )
            )
    transfer: list[Statement] = []
    for doc in found.notes[:1]:
        parts = note_parts(doc.chunks)
        for key, template in (
            ("prerequisites", "q_prerequisite"),
            ("effort", "q_effort"),
            ("pitfalls", "q_pitfall"),
        ):
            for q in parts.get(key, [])[:1]:
                transfer.append(
                    Statement(
                        t[template].format(municipality=name, quote=q.text),
                        [book.cite(q.hit, q.text)],
                    )
                )
    chosen = deadlines[:2] + routes[:1] + transfer + rates[:1] + closed[:1]
    if chosen:
        section.blocks.append(Block("", chosen[:MAX_QUESTIONS]))
    return section
