"""The role of a sentence's section, and sentences that talk about the document itself.

Reports and guidelines put what a question asks for under recognisable headings: results
under "Ergebnisse", pitfalls under "Erfahrungen und Stolpersteine", prices under "Kosten",
applicants under "Antragsberechtigte", deadlines under "Fristen". ``section_roles`` reads the
roles of a section path; ``wanted_roles`` says which roles fit an asked detail or intent. A
background section ("Ausgangslage", "Hintergrund") rarely answers a specific question.

``is_meta`` finds sentences about the text rather than about the subject: chapter
introductions ("In diesem Kapitel erfahren Sie ..."), reading guides, notices that a text is
an example. They never answer a question.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.answer.analysis import Detail, Intent

Role = Literal[
    "results", "experience", "costs", "eligibility", "deadlines", "rates", "contacts",
    "steps", "funding", "background", "subject",
]  # fmt: skip

_I = re.IGNORECASE
_ROLE_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("results", re.compile(r"ergebnis|wirkung|erfolg|bilanz|result|outcome|impact", _I)),
    ("experience", re.compile(r"erfahrung|stolperstein|lessons|gelernt|fallstrick|"
                              r"hinweis|tipps?|empfehlung|risiken|pitfall|experience", _I)),
    ("costs", re.compile(r"kosten|aufwand|finanzierung|budget|preis|cost|effort|"
                         r"ausgaben|haushalt", _I)),
    ("eligibility", re.compile(r"antragsberecht|zuwendungsempf|wer\s+(?:kann|darf|ist)|"
                               r"voraussetzung|förderfähig|bedingung|eligib|prerequisite|"
                               r"applicant", _I)),
    ("deadlines", re.compile(r"frist|termin|laufzeit|geltungsdauer|inkrafttreten|zeitraum|"
                             r"zeitplan|antragsfenster|deadline|timeline|schedule", _I)),
    ("rates", re.compile(r"förderquote|förderhöhe|art\s*,?\s*umfang|höhe\s+der\s+"
                         r"(?:förderung|zuwendung)|fördersätze|zuwendungshöhe|rate", _I)),
    ("contacts", re.compile(r"ansprech|wer\s+berät|kontakt|beratung|zuständig|contact|"
                            r"who\s+can\s+advise|bewilligungsbehörde|projektträger", _I)),
    ("steps", re.compile(r"umsetzung|vorgehen|schritte|ablauf|verfahren|antragsverfahren|"
                         r"einstieg|so\s+geht|implementation|procedure|steps|how\s+to", _I)),
    ("funding", re.compile(r"förder|zuwendung|zuschuss|funding|grant", _I)),
    ("background", re.compile(r"ausgangslage|hintergrund|anlass|einleitung|vorwort|"
                              r"motivation|background|introduction|präambel", _I)),
    ("subject", re.compile(r"gegenstand|was\s+wird\s+gefördert|ziel|zweck|lösung|"
                           r"beschreibung|purpose|solution", _I)),
)  # fmt: skip

_FOR_DETAIL: dict[str, frozenset[Role]] = {
    "amount": frozenset({"costs", "rates", "funding"}),
    "rate": frozenset({"rates", "funding", "costs"}),
    "date": frozenset({"deadlines", "steps"}),
    "count": frozenset({"results", "subject"}),
    "eligibility": frozenset({"eligibility", "funding"}),
    "organisation": frozenset({"contacts", "steps"}),
    "steps": frozenset({"steps", "eligibility"}),
    "experience": frozenset({"experience", "results"}),
    "none": frozenset(),
}
#: the one role written for a detail above all ("Erfahrungen und Stolpersteine" rather than
#: "Ergebnisse" for experiences)
_PRIMARY: dict[str, Role] = {
    "amount": "costs", "rate": "rates", "date": "deadlines", "count": "results",
    "eligibility": "eligibility", "organisation": "contacts", "steps": "steps",
    "experience": "experience",
}  # fmt: skip
_FOR_INTENT: dict[str, frozenset[Role]] = {
    "funding": frozenset({"funding", "rates", "eligibility"}),
    "contacts": frozenset({"contacts"}),
    "steps": frozenset({"steps"}),
    "experience": frozenset({"experience"}),
    "adoption": frozenset({"steps", "experience"}),
    "costs": frozenset({"costs"}),
}

_META = re.compile(
    r"^(?:in\s+(?:diesem|dem\s+folgenden|den\s+folgenden)\s+(?:kapitel|abschnitt|teil|"
    r"leitfaden|dokument)|(?:dieses|das\s+folgende|im\s+folgenden)\s+(?:kapitel|abschnitt)|"
    r"im\s+(?:folgenden|weiteren\s+verlauf)|am\s+ende\s+dieses\s+kapitels|"
    r"nach\s+abschluss\s+dieses\s+kapitels|nachdem\s+im\s+vorherigen\s+kapitel|"
    r"(?:das|dieses)\s+kapitel\s+(?:schließt|beschreibt|zeigt|erläutert|gibt)|"
    r"sie\s+befinden\s+sich|dieser\s+(?:leitfaden|steckbrief|bericht|text)\s+"
    r"(?:beschreibt|fasst|gibt|richtet|zeigt|soll)|der\s+folgende\s+(?:text|abschnitt)|"
    r"beispielinhalt|sample\s+content|this\s+(?:chapter|section|guide|document)\s+"
    r"(?:describes|explains|shows)|in\s+this\s+(?:chapter|section))",
    _I,
)
_META_ANYWHERE = re.compile(
    r"\b(?:siehe\s+(?:kapitel|abschnitt|oben|unten)|wird\s+im\s+(?:nächsten|folgenden)\s+"
    r"kapitel|werden\s+im\s+weiteren\s+verlauf\s+näher\s+dargelegt|"
    r"können\s+sie\s+sich\s+an\s+(?:…|\.\.\.))",
    _I,
)


def section_roles(section: str) -> frozenset[Role]:
    """The roles a section path names (every heading of the path counts, the last most)."""
    return frozenset(role for role, pattern in _ROLE_PATTERNS if pattern.search(section))


def wanted_roles(details: frozenset[Detail], intents: frozenset[Intent]) -> frozenset[Role]:
    """The section roles that fit the asked details and intents."""
    roles: set[Role] = set()
    for detail in details:
        roles |= _FOR_DETAIL[detail]
    for intent in intents:
        roles |= _FOR_INTENT[intent]
    return frozenset(roles)


def primary_roles(detail: Detail, intents: frozenset[Intent]) -> frozenset[Role]:
    """The roles written for the asked detail and intents above all (a subset of
    ``wanted_roles``)."""
    roles: set[Role] = {_PRIMARY[detail]} if detail in _PRIMARY else set()
    for intent in intents:
        roles |= _FOR_INTENT[intent]
    return frozenset(roles)


def is_meta(sentence: str) -> bool:
    """Whether ``sentence`` is about the text itself (see the module docstring)."""
    return bool(_META.search(sentence.lstrip("-–•* ")) or _META_ANYWHERE.search(sentence))
