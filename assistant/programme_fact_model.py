"""Facts a funding guideline states about itself, each with its verbatim sentence, and what
they add up to (validity, deadline, applicants, area, rate).

A ``Fact`` is one reading of one sentence (or table row) of one chunk: ``quote`` is verbatim
text of ``hit.text``, so it can be cited like any answer sentence. ``ProgrammeFacts`` derives
the values the programme matcher needs, always keeping the facts they rest on:

* ``last_valid_day``: the latest day any reading of the text keeps the guideline valid. A
  fixed term ("bis zum 30. Juni 2024 befristet") that the text allows to be extended ("aber
  nicht über den 31. Dezember 2027 hinaus") or that is longer for some grants ("Für
  Zuwendungen, die nicht als Beihilfe bewilligt werden, gilt diese Richtlinie ... bis zum
  31. Dezember 2027") counts with its longest reading; ``validity_notes`` say which is which.
  "tritt am 30. Juni 2026 außer Kraft" makes 29 June the last valid day; "mit Ablauf des
  31. Dezember 2021" the 31st.
* ``deadline``: the latest application deadline that applies to every application (a deadline
  only for one funding focus, "Die Beantragung von Vorreiterkonzepten ist ... bis zum ...
  möglich", is listed but does not close the programme).
* ``applicants``: the applicant keys of all applicant statements (``applicant_types``).
* ``region_scope``: who grants the money ("Der Freistaat Sachsen gewährt ..." -> Sachsen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from assistant.applicant_types import APPLICANT_LABELS
from assistant.german_dates import spoken_date
from assistant.models import SearchHit

__all__ = ["Fact", "FactKind", "ProgrammeFacts"]

FactKind = Literal[
    "in_force",
    "valid_until",
    "extension_limit",
    "deadline",
    "window",
    "rolling",
    "window_announced",
    "applicants",
    "rate",
    "own_share",
    "amount",
    "region",
]
#: meanings of ``valid_until`` facts
END_MEANINGS = ("ausser_kraft", "ausser_kraft_ablauf", "befristet", "gilt_bis", "laufzeit", "endet")


@dataclass(frozen=True)
class Fact:
    """One fact read from one sentence or table row."""

    kind: FactKind
    quote: str
    hit: SearchHit
    dates: tuple[date, ...] = ()
    #: how the text says it ("befristet", "ausser_kraft", "stichtag", ...)
    meaning: str = ""
    #: for whom or what it holds when not for the whole programme ("Für Zuwendungen, ...")
    condition: str = ""
    #: applicant keys, rate or amount phrases, the region name
    values: tuple[str, ...] = ()
    #: what a rate or amount belongs to ("Beratungsleistungen im Bereich Klimaschutz")
    label: str = ""

    @property
    def last_day(self) -> date | None:
        """For validity ends: the last day the guideline is in force."""
        if not self.dates:
            return None
        if self.meaning == "ausser_kraft":  # "tritt am 30. Juni außer Kraft": 29 June is the last
            return self.dates[-1] - timedelta(days=1)
        return self.dates[-1]

    def describe(self, language: str = "de") -> str:
        """A short human reading of the fact (the quote is shown beside it)."""
        return _describe(self, language == "en")

    def to_dict(self, language: str = "de") -> dict[str, Any]:
        """JSON form with the citation of its chunk."""
        h = self.hit
        return {
            "kind": self.kind,
            "meaning": self.meaning,
            "text": self.describe(language),
            "dates": [d.isoformat() for d in self.dates],
            "condition": self.condition,
            "values": list(self.values),
            "label": self.label,
            "quote": self.quote,
            "chunk_id": h.chunk_id,
            "doc_id": h.doc_id,
            "title": h.title,
            "source": h.source,
            "page": h.page,
            "section": h.section,
        }


@dataclass(frozen=True)
class ProgrammeFacts:
    """All facts of one guideline, in reading order, and what follows from them."""

    facts: tuple[Fact, ...] = field(default_factory=tuple)

    def of(self, *kinds: FactKind) -> list[Fact]:
        """The facts of the given kinds, in reading order."""
        return [f for f in self.facts if f.kind in kinds]

    def ends(self) -> list[Fact]:
        """Validity ends and extension limits with a date."""
        return [f for f in self.of("valid_until", "extension_limit") if f.dates]

    @property
    def last_valid_day(self) -> date | None:
        """The latest day any reading of the text keeps the guideline valid."""
        days = [
            d for f in self.ends() if (d := f.last_day if f.kind == "valid_until" else f.dates[-1])
        ]
        return max(days) if days else None

    @property
    def in_force(self) -> Fact | None:
        """The statement of when the guideline entered into force."""
        found = self.of("in_force")
        return next((f for f in found if f.dates), found[0] if found else None)

    def general_deadlines(self) -> list[Fact]:
        """Dated deadlines and window ends that apply to every application."""
        return [f for f in self.of("deadline", "window") if f.dates and not f.condition]

    @property
    def deadline(self) -> date | None:
        """The latest deadline for every application (``None``: none in the text)."""
        days = [f.dates[-1] for f in self.general_deadlines()]
        return max(days) if days else None

    @property
    def applicants(self) -> tuple[str, ...]:
        """Applicant keys named in the applicant statements."""
        order = list(APPLICANT_LABELS)
        found = {v for f in self.of("applicants") for v in f.values}
        return tuple(sorted(found, key=order.index))

    @property
    def region_scope(self) -> str:
        """The area of the grantor (``Bund``, a Land) or ``""``."""
        found = self.of("region")
        return found[0].values[0] if found and found[0].values else ""

    def funding_summary(self) -> str:
        """The funding rates the text names, shortly (``""`` when it names none)."""
        numbers = sorted({p for f in self.of("rate") for v in f.values if (p := _percent(v))})
        if not numbers:
            return ""
        if len(numbers) == 1:
            return f"{_number(numbers[0])} % (laut Richtlinientext)"
        low, high = _number(numbers[0]), _number(numbers[-1])
        return f"{low} bis {high} % je nach Fördergegenstand (laut Richtlinientext)"

    def validity_notes(self, language: str = "de") -> list[str]:
        """Every validity statement in words, in reading order."""
        return [f.describe(language) for f in self.of("in_force", "valid_until", "extension_limit")]

    def deadline_notes(self, language: str = "de") -> list[str]:
        """Deadline statements in words; says so when the text gives no deadline."""
        notes = [f.describe(language) for f in self.of("deadline", "window", "rolling")]
        notes += [f.describe(language) for f in self.of("window_announced")][:1]
        if not self.general_deadlines():
            notes.insert(
                0,
                "no application deadline found in the text"
                if language == "en"
                else "keine Antragsfrist im Text gefunden",
            )
        return notes


def _percent(value: str) -> float | None:
    """The number of a rate phrase ("bis zu 70 Prozent", "FQ für ... 2024: 90%")."""
    found = re.findall(r"(\d{1,3}(?:,\d{1,2})?)\s?(?:%|prozent|v\.\s?h\.)", value, re.IGNORECASE)
    return float(found[-1].replace(",", ".")) if found else None


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _day(value: date, en: bool) -> str:
    return spoken_date(value, "en" if en else "de")


def _labels(keys: Iterable[str]) -> str:
    return ", ".join(APPLICANT_LABELS.get(k, k) for k in keys)


def _describe(f: Fact, en: bool) -> str:
    days = [_day(d, en) for d in f.dates]
    cond = f" ({f.condition})" if f.condition else ""
    if f.kind == "in_force":
        if days:
            return f"in force from {days[0]}" if en else f"tritt am {days[0]} in Kraft"
        return (
            "enters into force without a date in the text"
            if en
            else "tritt in Kraft (ohne Datum im Text)"
        )
    if f.kind == "valid_until":
        last = f.last_day
        if f.meaning == "ausser_kraft" and last:
            return (
                f"ceases on {days[-1]} (valid through {_day(last, en)}){cond}"
                if en
                else f"tritt am {days[-1]} außer Kraft (gilt bis einschließlich "
                f"{_day(last, en)}){cond}"
            )
        words = {
            "ausser_kraft_ablauf": ("ceases at the end of", "tritt mit Ablauf des {d} außer Kraft"),
            "befristet": ("limited until", "befristet bis {d}"),
            "laufzeit": ("runs until", "Laufzeit bis {d}"),
            "endet": ("ends on", "endet am {d}"),
        }.get(f.meaning, ("valid until", "gilt bis {d}"))
        return (f"{words[0]} {days[-1]}" if en else words[1].format(d=days[-1])) + cond
    if f.kind == "extension_limit":
        return (
            f"may be extended, but not beyond {days[-1]}"
            if en
            else f"Verlängerung möglich, aber nicht über den {days[-1]} hinaus"
        )
    if f.kind == "deadline":
        what = {"stichtag": ("cut-off date", "Stichtag")}.get(
            f.meaning, ("application deadline", "Antragsfrist")
        )
        return f"{what[0] if en else what[1]} {days[-1]}{cond}"
    if f.kind == "window":
        return (
            f"application window {days[0]} to {days[-1]}{cond}"
            if en
            else f"Antragsfenster vom {days[0]} bis {days[-1]}{cond}"
        )
    if f.kind == "rolling":
        return "applications all year round" if en else "Anträge laufend/ganzjährig möglich"
    if f.kind == "window_announced":
        return (
            "application windows are announced separately"
            if en
            else "Antragsfenster/Fristen werden gesondert bekannt gegeben"
        )
    if f.kind == "applicants":
        if not f.values:
            return (
                "applicants named, but of no type the matcher knows (see the quote)"
                if en
                else "Antragsberechtigte genannt, aber keinem bekannten Typ zugeordnet "
                "(siehe Zitat)"
            )
        return _labels(f.values)
    if f.kind == "region":
        return f.values[0]
    head = f"{f.label}: " if f.label else ""
    own = ("own share: " if en else "Eigenanteil: ") if f.kind == "own_share" else ""
    return f"{own}{head}{', '.join(f.values)}"
