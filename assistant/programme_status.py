"""A programme's status on a reference day, and the note that explains it.

``expired`` when the last valid day lies before the day, else ``deadline_passed`` when the
deadline does, else ``open``. For a guideline whose validity or deadline was read from its
own text the note names the status and then every validity statement of the text in reading
order, marking those already passed, and the deadline statements (or that the text gives
none: "keine Antragsfrist im Text gefunden"). When the longest reading of the validity is
later than a fixed term that has passed ("befristet bis 30. Juni 2024 ... aber nicht über den
31. Dezember 2027 hinaus"), the status stays ``open`` and the note says to check the current
state.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from assistant.german_dates import german_date, spoken_date

if TYPE_CHECKING:
    from assistant.programme_catalogue import ProgrammeDoc

__all__ = ["ProgrammeStatus", "status_of", "text_status_note"]

ProgrammeStatus = Literal["open", "deadline_passed", "expired"]


def text_status_note(
    doc: ProgrammeDoc, status: ProgrammeStatus, on: date, language: str = "de"
) -> str:
    """The note for ``status`` on ``on`` (see the module docstring)."""
    en = language == "en"
    facts = doc.facts
    day = spoken_date(on, language)
    passed = " (passed)" if en else " (abgelaufen)"
    validity: list[str] = []
    some_passed = False
    for f in facts.of("in_force", "valid_until", "extension_limit"):
        text = f.describe(language)
        last = f.last_day if f.kind == "valid_until" else (f.dates[-1] if f.dates else None)
        if f.kind != "in_force" and last is not None and last < on:
            text += passed
            some_passed = True
        validity.append(text)
    deadlines = facts.deadline_notes(language)
    for i, f in enumerate(facts.of("deadline", "window", "rolling")):
        if f.dates and f.dates[-1] < on:
            index = i + (0 if facts.general_deadlines() else 1)
            deadlines[index] += passed
    if status == "expired" and doc.valid_until:
        head = (
            f"expired: the text's validity ended on {spoken_date(doc.valid_until, language)} "
            f"(as of {day})"
            if en
            else f"abgelaufen: Geltungsdauer laut Text bis {german_date(doc.valid_until)} "
            f"(Stand {day})"
        )
    elif status == "deadline_passed" and doc.deadline:
        head = (
            f"application deadline {spoken_date(doc.deadline, language)} has passed (as of {day})"
            if en
            else f"Antragsfrist {german_date(doc.deadline)} abgelaufen (Stand {day})"
        )
    elif some_passed:
        head = (
            f"open according to the longest reading of the text, check the current state "
            f"(as of {day})"
            if en
            else f"offen nach der längsten Lesart des Textes, aktuellen Stand prüfen (Stand {day})"
        )
    elif doc.valid_until:
        until = spoken_date(doc.valid_until, language)
        head = (
            f"open, valid until {until} (as of {day})"
            if en
            else f"offen, gültig bis {until} (Stand {day})"
        )
    else:
        head = (
            f"open, no validity found in the text: check the current call (as of {day})"
            if en
            else f"offen, keine Geltungsdauer im Text gefunden: aktuellen Aufruf prüfen "
            f"(Stand {day})"
        )
    parts = [head, *validity, *deadlines]
    return "; ".join(parts)


def status_of(doc: ProgrammeDoc, on: date, language: str = "de") -> tuple[ProgrammeStatus, str]:
    """``expired`` / ``deadline_passed`` / ``open`` on the day ``on``, with a short note."""
    status = _status(doc, on)
    if doc.reads_text and (doc.source_of("valid_until") == "text" or not doc.deadline):
        return status, text_status_note(doc, status, on, language)
    return status, _metadata_note(doc, status, on, language)


def _status(doc: ProgrammeDoc, on: date) -> ProgrammeStatus:
    if doc.valid_until and doc.valid_until < on:
        return "expired"
    if doc.deadline and doc.deadline < on:
        return "deadline_passed"
    return "open"


def _metadata_note(doc: ProgrammeDoc, status: ProgrammeStatus, on: date, language: str) -> str:
    en = language == "en"
    day = spoken_date(on, language)
    if status == "expired" and doc.valid_until:
        until = spoken_date(doc.valid_until, language)
        return (
            f"validity ended on {until} (as of {day})"
            if en
            else f"Geltungsdauer am {until} abgelaufen (Stand {day})"
        )
    if status == "deadline_passed" and doc.deadline:
        when = spoken_date(doc.deadline, language)
        return (
            f"application deadline {when} has passed (as of {day})"
            if en
            else f"Antragsfrist {when} abgelaufen (Stand {day})"
        )
    if doc.deadline:
        when = spoken_date(doc.deadline, language)
        return f"open until {when}" if en else f"offen, Antragsfrist {when}"
    if doc.valid_until:
        until = spoken_date(doc.valid_until, language)
        return (
            f"open, no deadline stated; valid until {until}"
            if en
            else f"offen, keine Antragsfrist angegeben; gültig bis {until}"
        )
    return (
        "no deadline or validity stated in the document: check the current call"
        if en
        else "keine Frist oder Geltungsdauer im Dokument angegeben: aktuellen Aufruf prüfen"
    )
