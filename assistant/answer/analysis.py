"""Question analysis: language, the asked detail, intents, and the parts of a long question.

Town-hall questions are long: a sentence or two about the asker's town, then one or two
questions ("Wie fangen wir mit LoRaWAN an, und wer kann uns dabei helfen?"). ``analyse``
splits the text into *context* (statements before, between or after the questions) and
*parts* (one per question); each part knows the detail it asks for and its intents. The
answer engine answers each part and composes the answer from the parts.

Detail types (``Detail``), in the order they are tested (the first match wins, so "Wie viele
Prozent" is a rate and "Wer darf beantragen" eligibility):

* ``count``: wie viele, Anzahl, how many;
* ``rate``: Förderquote, Prozent, Anteil, Eigenanteil, percentage, share;
* ``amount``: Kosten, Preis, Betrag, Euro, Mindest-/Höchstbetrag, Budget, how much;
* ``date``: bis wann, wann, Frist, Stichtag, Laufzeit, gültig, in Kraft, when, until;
* ``eligibility``: antragsberechtigt, dürfen wir, können wir beantragen, förderfähig, eligible;
* ``organisation``: wer, bei wem, an wen, welche Stelle/Behörde/Firma, who, which agency;
* ``experience``: Erfahrungen, Stolpersteine, was lief schief, worauf achten, lessons, pitfalls;
* ``steps``: wie fangen wir an, welche Schritte, wie gehen wir vor, Ablauf, how do we start;
* ``none``: anything else (an open question: "Was ist ...", "Wie funktioniert ...").

A question can accept more than one detail: "Mit welchem Zuschuss können wir rechnen?" is
answered by a rate or an amount (``accepts``).

Intents (``Intent``): ``funding`` (Förderung, Zuschuss, Geld, fund, grant), ``contacts``
(wen fragen, wer kann helfen, Ansprechpartner, who can help), ``steps``, ``experience``,
``adoption`` (übernehmen, nachnutzen, einführen: ``is_transfer_question``)
and ``costs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.language import question_language
from assistant.sentences import split_sentences

Detail = Literal[
    "count", "rate", "amount", "date", "eligibility", "organisation", "experience", "steps",
    "none",
]  # fmt: skip
Intent = Literal["funding", "contacts", "steps", "experience", "adoption", "costs"]
#: what kind of date a date question asks for
DateKind = Literal["deadline", "validity", "start", "any"]

_I = re.IGNORECASE
_HOW = re.compile(
    r"\b(wie|was\s+(?:brauch|benötig|muss|müss)\w*|welche\s+(?:voraussetzung|schritte)\w*|"
    r"how|what\s+(?:does\s+it\s+take|do\s+we\s+need))\b",
    re.I,
)
_ADOPT = re.compile(
    r"\b(übernehm\w*|übernahme|zu\s+übernehmen|nachnutz\w*|nachzunutzen|einführ\w*|"
    r"einzuführen|übertrag\w*|nachbau\w*|nachzubauen|nachmach\w*|ausroll\w*|"
    r"adopt\w*|replicat\w*|reus\w*|re-us\w*|introduc\w*|roll\s+out|transfer\w*|"
    r"set\s+up|implement\w*)\b",
    re.I,
)
_SEPARABLE = re.compile(r"\bführ\w*\b.*\bein\b\s*[?.!]?\s*$", re.I)


def is_transfer_question(question: str) -> bool:
    """Whether ``question`` asks how to adopt a solution ("Wie können wir ... übernehmen")."""
    if not _HOW.search(question):
        return False
    return bool(_ADOPT.search(question) or _SEPARABLE.search(question))


_DETAIL_PATTERNS: tuple[tuple[Detail, re.Pattern[str]], ...] = (
    ("count", re.compile(r"\bwie\s*viele\b|\bwieviele\b|\banzahl\b|\bhow\s+many\b|"
                         r"\bwie\s+viel\s+(?:personal|zeit|aufwand|stellen|arbeitszeit)\b|"
                         r"\bnumber\s+of\b|\bwie\s+viel\w*\s+(?:kommunen|stellen|gemeinden|"
                         r"projekte|sensoren|mitarbeit\w*|personen)\b", _I)),
    ("rate", re.compile(r"förderquote|fördersatz|\bquote\b|prozent|%|\banteil\b|eigenanteil|"
                        r"\bpercent\w*|\bper\s*cent\b|\brate\b|\bshare\b|\bwie\s+viel\s+"
                        r"(?:übernimmt|zahlt|trägt|gibt)\b", _I)),
    ("amount", re.compile(r"\b(?:ge)?kost\w*|\b(?:was|wie\s+viel)\s+(?:zahlt|zahlen|bezahlt|"
                          r"kostet|kosten)\b|\bpreis\w*|\bbetrag\w*|\bsumme\b|\beuro\b|€|\bbudget\w*|"
                          r"fördervolumen|mindestzuwendung|höchstbetrag|mindestbetrag|"
                          r"obergrenze|untergrenze|\bzuwendung\s+(?:von|in\s+höhe)|"
                          r"\bwie\s+(?:viel|hoch)\b(?!\s+(?:prozent|anteil))|\bwieviel\b|"
                          r"\bhow\s+much\b|\bcost\w*|\bprice\w*|\bamount\b|\bfunding\s+cap\b|"
                          r"\bminimum\b|\bmaximum\b|\bteuer\w*|\bexpensive\b|\bspend\w*|"
                          r"\binvest\w*|\bausgegeben\b", _I)),
    ("date", re.compile(r"\bbis\s+wann\b|\bab\s+wann\b|\bseit\s+wann\b|\bwann\b|\bfrist\w*|"
                        r"\bstichtag\w*|\btermin\w*|\bdatum\b|\blaufzeit\w*|\bgültig\w*|"
                        r"\bgilt\s+(?:noch\s+|denn\s+)?(?:bis|ab)\b|\bwie\s+lange\s+gilt\b|\bin\s+kraft\b|außer\s+kraft|\bbefristet\b|\bwie\s+lange\b|"
                        r"(?:^|[,;:–-]\s*|\band\s+|\bor\s+)when\b|\bby\s+when\b|\buntil\s+when\b|"
                        r"\bsince\s+when\b|\bdeadline\w*|\bvalid\b|\bhow\s+long\b|"
                        r"\bhow\s+far\s+in\s+advance\b|\bwie\s+(?:lange|früh)\s+vorher\b|"
                        r"\bin\s+which\s+year\b|\bwhat\s+year\b|\bin\s+welchem\s+jahr\b|"
                        r"\bexpire\w*|\bby\s+which\s+date\b|\bwhat\s+date\b|"
                        # whether one can still apply: the call's deadline
                        r"\blohnt\s+sich\s+(?:ein|der|unser)?\s*antrag\s+(?:\w+\s+)?noch\b|"
                        r"\bnoch\s+(?:einen\s+)?(?:antrag|anträge)\s+(?:\w+\s+)?(?:stellen|"
                        r"einreichen)\b|\bnoch\s+(?:beantragen|einreichen|bewerben)\b|"
                        r"\b(?:antrag\w*|anträge|förder\w*|programm\w*|aufruf\w*)\b.{0,40}"
                        r"\bnoch\s+(?:offen|möglich|geöffnet)\b|\bstill\s+(?:be\s+)?(?:apply|"
                        r"open|possible|submit\w*)\b", _I)),
    ("eligibility", re.compile(r"antragsberechtig\w*|\bdürfen\s+(?:wir|auch|eine|kommunen|"
                               r"gemeinden|kreise|städte)\b|\bdarf\s+(?:eine|ein|unsere|"
                               r"unser|die|der|man)\b|\bberechtigt\b|förderfähig\w*|"
                               r"\bin\s+frage\b|\bzugelassen\b|\beligib\w*|\bqualif\w*|"
                               r"\bmay\s+(?:we|a|our)\b|\ballowed\b|\bantrag\s+stellen\s+"
                               r"(?:dürfen|können)\b|\bkönnen\s+(?:wir|auch)\b.{0,60}"
                               r"\bbeantragen\b|\bcan\s+(?:we|a|our)\b.{0,40}\bapply\b|"
                               # "Kann der Verein selbst einen Antrag stellen", "Dürfen die
                               # Stadtwerke Antragsteller sein", "Müssen wir erst ... haben"
                               r"^\s*(?:und\s+|aber\s+)?(?:kann|können|darf|dürfen|könnte|"
                               r"könnten|dürfte|dürften)\b.{0,80}(?:\bantrag\w*\s+(?:\w+\s+){0,4}stellen\b|"
                               r"\bbeantragen\b|\bantragsteller\w*|\bzuwendungsempfänger\w*|"
                               r"\bgefördert\s+werden\b|\bteilnehmen\b|\bmitmachen\b|"
                               r"\bsich\s+bewerben\b)|\bmüssen\s+wir\s+(?:\w+\s+){0,4}erst\b|"
                               r"\bvoraussetzung\w*|\bbedingung\w*|\bprerequisite\w*", _I)),
    ("organisation", re.compile(r"\bwer\b|\bbei\s+wem\b|\ban\s+wen\b|"
                                r"\bwen\b|\bwelche[rsmn]?\s+(?:stelle|behörde|organisation|"
                                r"firma|einrichtung|institution|unternehmen|anbieter|"
                                r"dienstleister|ministerium|projektträger|partner|ämter|"
                                r"amt|kommune|stadt|städte|kommunen)\b|^\s*(?:and\s+)?who\b|"
                                r"\bwho\s+(?:is|are|was|can|runs|handles|decides|funds)\b|"
                                r"\bwhich\s+(?:organi[sz]ation|agency|authority|company|"
                                r"body|office|ministry|partner|towns?|cities|municipalit\w*)\b",
                                _I)),
    ("experience", re.compile(r"erfahrung\w*|stolperstein\w*|fallstrick\w*|\bschief\b|"
                              r"\bprobleme?\b|\bworauf\b.{0,40}\bachten\b|\bgelernt\b|"
                              r"\blehren\b|\blessons?\b|\bpitfall\w*|\bexperience\w*|"
                              r"\bwent\s+wrong\b|\bwatch\s+out\b|\bschwierigkeit\w*|"
                              r"\bbewährt\b|\bhürden?\b", _I)),
    ("steps", re.compile(r"\bwie\s+(?:fangen|gehen|starten|beginnen|läuft|funktioniert\s+"
                         r"(?:der|das)\s+(?:antrag|verfahren))\b|\bwie\s+geht\s+man\b|"
                         r"\bschritte?\b|\bvorgehen\w*|\bvorgegangen\b|\bablauf\b|\bverfahren\b|"
                         r"\banfangen\b|\bwas\s+(?:müssen|muss|sollten)\s+wir\s+(?:tun|"
                         r"machen|vorbereiten)\b|\bhow\s+(?:do|should|can|would)\s+(?:we|i|a)\s+"
                         r"(?:start|begin|proceed|go\s+about|get\s+started|apply)\b|\bsteps?\b|"
                         r"\bprocedure\b|\bprocess\b", _I)),
)  # fmt: skip

_INTENT_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    ("funding", re.compile(r"förder\w*|\bzuschuss\w*|\bzuschüsse\b|fördermittel|\bgeld\b|"
                           r"\bfinanzier\w*|\bzuwendung\w*|\bprogramm\w*|\bfund\w*|\bgrant\w*|"
                           r"\bsubsid\w*|\bfinanc\w*", _I)),
    ("contacts", re.compile(r"\bwen\b.{0,40}\b(?:fragen|ansprechen|wenden|kontaktieren)\b|"
                            r"\bwer\s+(?:kann|könnte|könnten)\s+(?:\w+\s+){0,3}(?:helfen|beraten|"
                            r"unterstützen)\b|ansprechpartner\w*|ansprechstelle\w*|"
                            r"\bberatung\b|\bberät\b|\bkontakt\w*|\bwho\s+(?:can|could)\s+"
                            r"(?:help|advise|support)\b|\bcontact\w*|\bwhom\b|\bwho\s+to\s+ask\b|"
                            r"\bwer\s+hat\s+(?:das|so\s+etwas|sowas)\s+schon\b", _I)),
    ("steps", _DETAIL_PATTERNS[7][1]),
    ("experience", _DETAIL_PATTERNS[6][1]),
    ("costs", re.compile(r"\bkost\w*|\bpreis\w*|\bcost\w*|\bprice\w*|\baufwand\b", _I)),
)  # fmt: skip

#: what an "und"/"and" that starts a new question looks like inside one sentence
_SECOND_QUESTION = re.compile(
    r"(?:,\s*|\s+)(?:und|sowie|and)\s+(?=(?:(?:mit|in|bei|von|für|zu|an|auf|aus|ab|unter|"
    r"nach|with|in|at|from|for|under)\s+(?:welche[rsmn]?|wem|wen|wie\s+viel\w*|which|what|"
    r"whom|how\s+many)|bis\s+wann|ab\s+wann|wer|wen|wem|wie|was|"
    r"wann|wo|welche[rsmn]?|gibt\s+es|muss|müssen|können|kann|dürfen|darf|zählen|zählt|"
    r"ist|sind|brauchen|braucht|bekommen|bekommt|erhalten|erhält|gilt|gelten|wird|werden|"
    r"sollen|sollten|lohnt|reicht|hat|haben|who|how|what|when|where|which|is|are|do|does|"
    r"can|must|may|should|will|would|could)\b)",
    re.IGNORECASE,
)
_DEADLINE_WORDS = re.compile(
    r"antrag|anträge|beantrag|einreich|skizze|frist|stichtag|bewerb|\bdeadline|\bapply|"
    r"\bapplication|\bsubmi|\bcalls?\b",
    re.IGNORECASE,
)
_VALIDITY_WORDS = re.compile(
    r"\bgilt\b|gültig|geltungsdauer|laufzeit|läuft|in\s+kraft|außer\s+kraft|befristet|"
    r"\bende\b|\bvalid|\brun\b|\bruns\b|\bexpire|in\s+force",
    re.IGNORECASE,
)
_START_WORDS = re.compile(r"\bseit\s+wann\b|\bab\s+wann\b|begonnen|gestartet|since|started",
                          re.IGNORECASE)  # fmt: skip
_QUESTION_START = re.compile(
    r"^\s*(?:und\s+|and\s+|aber\s+|but\s+)?(?:bis\s+wann|ab\s+wann|seit\s+wann|wer|wen|wem|wie|"
    r"was|wann|wo|woher|wohin|warum|weshalb|welche[rsmn]?|gibt\s+es|muss|müssen|können|kann|"
    r"dürfen|darf|zählen|zählt|ist|sind|hat|haben|brauchen|braucht|lohnt|who|how|what|when|"
    r"where|which|why|is|are|do|does|did|can|could|must|may|should|will|would)\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:fragt|fragen|frage\s+mich|wissen|wüssten|klären|möchte\s+wissen|wonder|asks?|"
    r"asking|know)\b,?\s+(?:ob|wer|wen|wie|was|wann|welche\w*|bis\s+wann|wo|whether|if|who|"
    r"how|what|when|which)\b|^\s*(?:bitte|nennen\s+sie|sagen\s+sie|erklären\s+sie|please|tell\s+me|explain|list)\b|"
    r"\b(?:ich\s+(?:möchte|würde\s+gern|suche)|wir\s+(?:möchten|suchen|brauchen)\s+"
    r"(?:wissen|eine\s+übersicht|informationen))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionPart:
    """One question of a possibly multi-part text."""

    text: str
    detail: Detail
    accepts: frozenset[Detail]
    intents: frozenset[Intent]
    date_kind: DateKind = "any"
    #: for a count: the counted noun ("Wie viele Kleinbusse ...": "Kleinbusse")
    counted: str = ""


@dataclass(frozen=True)
class QuestionAnalysis:
    """What a question asks (see the module docstring)."""

    text: str
    language: str
    parts: tuple[QuestionPart, ...]
    context: tuple[str, ...] = ()
    intents: frozenset[Intent] = field(default_factory=frozenset)

    @property
    def detail(self) -> Detail:
        """The detail of the first part that asks for one (``none`` otherwise)."""
        return next((p.detail for p in self.parts if p.detail != "none"), "none")

    @property
    def questions(self) -> str:
        """The question parts without the context sentences."""
        return " ".join(p.text for p in self.parts)


def detail_of(text: str) -> tuple[Detail, frozenset[Detail]]:
    """The detail a question asks for and every detail that would answer it."""
    found = [d for d, pattern in _DETAIL_PATTERNS if pattern.search(text)]
    if not found:
        return "none", frozenset({"none"})
    first = found[0]
    accepts = {first}
    # "wie hoch ist die Förderung / mit welchem Zuschuss": a rate or an amount answers it
    if first in ("rate", "amount") and re.search(
        r"\bwie\s+hoch\b|\bzuschuss\b|\bförderung\b|\bhow\s+much\b.{0,30}\b(?:fund|grant)",
        text,
        re.IGNORECASE,
    ):
        accepts |= {"rate", "amount"}
    # "wie viel Strom spart man": a saving is stated as a share as often as in kWh or euros
    if first == "amount" and re.search(
        r"\bspar\w*|\beinspar\w*|\bsenk\w*|\breduz\w*|\bsav(?:e|es|ed|ing)\b|\breduc\w*",
        text,
        re.IGNORECASE,
    ):
        accepts |= {"rate"}
    if first == "date" and re.search(r"\bwie\s+lange\b|\bhow\s+long\b", text, re.IGNORECASE):
        accepts |= {"count"}  # "wie lange": "drei Jahre" answers it too
    if first == "organisation" and "eligibility" in found:
        return "eligibility", frozenset({"eligibility", "organisation"})
    return first, frozenset(accepts)


_COUNTED = re.compile(
    r"\b(?i:wie\s*viele|wieviele|anzahl\s+(?:der|an|von))\s+"
    r"(?:[a-zäöüß]+\s+)?([A-ZÄÖÜ][\w-]{2,})",
)


def counted_of(text: str) -> str:
    """The counted noun of a count question ("" when none is named)."""
    match = _COUNTED.search(text)
    return match.group(1) if match else ""


def date_kind_of(text: str) -> DateKind:
    """Which date a date question asks for: an application deadline, the validity of a
    guideline, a start, or any date."""
    if _DEADLINE_WORDS.search(text):
        return "deadline"  # "ab wann kann man Anträge stellen": the call's window
    if _START_WORDS.search(text):
        return "start"
    if _VALIDITY_WORDS.search(text):
        return "validity"
    return "any"


def intents_of(text: str) -> frozenset[Intent]:
    """The intents of a text (see the module docstring)."""
    found: set[Intent] = {i for i, pattern in _INTENT_PATTERNS if pattern.search(text)}
    if _ADOPT.search(text) or _SEPARABLE.search(text):
        found.add("adoption")
    return frozenset(found)


def _sentences(text: str) -> list[str]:
    """Sentences of the question text, by the splitter for German administrative text
    (dates such as "30. Juni" and numbers such as "9.000" stay whole)."""
    return split_sentences(text)


def _lead_in(sentence: str) -> tuple[str, str]:
    """("Ich bereite eine Zeitleiste vor:", "Für wie viele Jahre ...?") when a statement
    introduces the question after a colon, else ("", sentence)."""
    head, colon, tail = sentence.partition(": ")
    if colon and tail.rstrip().endswith("?") and "?" not in head and not _is_question(head):
        return head + ":", tail
    return "", sentence


def _is_question(sentence: str) -> bool:
    return (
        sentence.rstrip().endswith("?")
        or bool(_QUESTION_START.match(sentence))
        or bool(_REQUEST.search(sentence))
    )


def _split_parts(sentence: str) -> list[str]:
    """A question sentence cut where a second question starts after "und"/"and"."""
    pieces: list[str] = []
    start = 0
    for match in _SECOND_QUESTION.finditer(sentence):
        before = sentence[start : match.start()].strip(" ,;")
        # only cut when both sides are long enough to be questions of their own
        if len(before.split()) >= 3 and len(sentence[match.end() :].split()) >= 3:
            pieces.append(before)
            start = match.end()
    pieces.append(sentence[start:].strip(" ,;"))
    return [p if p.endswith(("?", ".", "!")) else p + "?" for p in pieces if p]


def analyse(question: str) -> QuestionAnalysis:
    """Split and classify ``question`` (see the module docstring)."""
    text = " ".join(question.split())
    language = question_language(text)
    context: list[str] = []
    parts: list[QuestionPart] = []
    for raw in _sentences(text):
        lead, sentence = _lead_in(raw)
        if lead:
            context.append(lead)
        if not _is_question(sentence):
            context.append(sentence)
            continue
        for piece in _split_parts(sentence):
            detail, accepts = detail_of(piece)
            date_kind = date_kind_of(piece) if "date" in accepts else "any"
            counted = counted_of(piece) if "count" in accepts and language == "de" else ""
            parts.append(
                QuestionPart(piece, detail, accepts, intents_of(piece), date_kind, counted)
            )
    if not parts:  # a statement used as a question ("Förderquote Kommunalrichtlinie")
        detail, accepts = detail_of(text)
        date_kind = date_kind_of(text) if "date" in accepts else "any"
        parts.append(QuestionPart(text, detail, accepts, intents_of(text), date_kind))
        context = []
    intents = frozenset().union(*(p.intents for p in parts)) | intents_of(" ".join(context))
    return QuestionAnalysis(text, language, tuple(parts), tuple(context), intents)
