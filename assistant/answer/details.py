"""Does a sentence state a detail of the asked type? Detectors for German and English text.

Each detector looks for the *form* of a detail in a sentence: a money amount for a cost
question, a percentage for a rate, a date (and which kind of date) for a deadline, a number
with a counted noun for a count, an organisation's name for "wer", the words of eligibility,
steps and experience. They do not know whether the found detail is the one asked for; the
sentence selection weighs them together with the sentence's relevance to the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.answer.analysis import DateKind, Detail

_I = re.IGNORECASE
MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|"
    "dezember|january|february|march|may|june|july|october|december|jan|feb|mär|apr|jun|"
    "jul|aug|sep|sept|okt|oct|nov|dez|dec"
)
_NUMBER = r"\d{1,3}(?:[.\u202f\u00a0 ]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_MONEY = re.compile(
    rf"(?:(?:{_NUMBER})\s*(?:mio\.?|millionen|million|mrd\.?|milliarden|billion|tsd\.?|"
    rf"tausend|k)?\s*(?:€|euro\b|eur\b))|(?:(?:€|eur\b|euro\b)\s*(?:{_NUMBER}))",
    _I,
)
#: "v. H." (vom Hundert) is how legal text writes per cent
_PERCENT = re.compile(rf"(?:{_NUMBER})\s*(?:%|prozent\b|per\s*cent\b|percent\b|v\.\s?H\.)", _I)
_DAY_MONTH_YEAR = re.compile(
    rf"\b\d{{1,2}}\.\s*(?:{MONTHS})\.?\s+\d{{4}}\b|\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}}\b|"
    rf"\b(?:{MONTHS})\.?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
    rf"\b(?:ende|anfang|mitte|end|beginning|mid)\s+(?:\d{{4}}|(?:{MONTHS}))\b|"
    rf"\b(?:bis|ab|seit|zum|until|by|since|from|vor|nach|im|in|of)\s+(?:dem\s+|zum\s+)?"
    rf"(?:jahre?\s+|year\s+)?(?:19|20)\d{{2}}\b|\b(?:19|20)\d{{2}}\s*(?:[-–]|bis)\s*"
    rf"(?:19|20)?\d{{2}}\b|\b(?:frühjahr|frühling|sommer|herbst|winter|spring|summer|"
    rf"autumn|fall|quartal|halbjahr)\s+(?:19|20)\d{{2}}\b|"
    # a day of a month without its year: a yearly deadline ("jeweils bis 30. Juni")
    rf"\b\d{{1,2}}\.\s*(?:{MONTHS})\b",
    _I,
)
_RELATIVE_TIME = re.compile(
    r"\b(?:\d+|ein(?:e|en)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|"
    r"achtzehn|vierundzwanzig|sechsunddreißig)\s+(?:monate?n?|jahre?n?|wochen|tage?n?|"
    r"months?|years?|weeks?|days?)\b|\b(?:ein|zwei|drei|vier|fünf|sechs|zehn|\d+)"
    r"(?:jährig|monatig|wöchig)\w*|\bganzjährig\b|\bjederzeit\b|\blaufend\b|"
    r"\ball\s+year\b|\bat\s+any\s+time\b|\bstichtag\w*",
    _I,
)
_DEADLINE_CONTEXT = re.compile(
    r"antrag|anträge|antragsfrist|antragsfenster|einreich|eingereicht|vorzulegen|skizze|"
    r"bewerbung|stichtag|frist|spätestens|einzureichen|apply|application|submit|deadline",
    _I,
)
_VALIDITY_CONTEXT = re.compile(
    r"in\s+kraft|außer\s+kraft|geltungsdauer|\bgilt\b|gelten|gültig|befristet|laufzeit|"
    r"läuft|verlängert|valid|in\s+force|expires?|runs?\b",
    _I,
)
_START_CONTEXT = re.compile(
    r"seit|begonnen|gestartet|startete|start|beginn|eingeführt|in\s+betrieb|since|began|"
    r"launched|phase",
    _I,
)
_NUMBER_WORDS = (
    r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|hundert|"
    r"dutzend|mehrere|zahlreiche|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|hundred|dozen|several"
)
_COUNT = re.compile(
    rf"(?:\b\d{{1,3}}(?:\.\d{{3}})*\b(?!\s*(?i:%|prozent|percent|euro|eur|€|mio|\.\s*\d|\d))|"
    rf"\b(?:{_NUMBER_WORDS})\b)\s+(?:[a-zäöüß-]+\s+){{0,2}}[A-ZÄÖÜa-zäöüß][a-zäöüß-]{{2,}}",
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_ORG_WORD = re.compile(
    r"\b[A-ZÄÖÜ][a-zäöüß-]*(?:komitee|gremium|ausschuss|beirat|stelle|behörde|ministerium|"
    r"agentur|zentrum|büro|verband|gruppe|management|referat|abteilung|dezernat|kommission|"
    r"regierung|gesellschaft|träger|trägerin|betrieb|dienstleister|anbieter|netzwerk|"
    r"kanzlei|senat|rechenzentrum|akademie|kammer|landesamt)\b|\b(?:Gemeinderat|Stadtrat|"
    r"Kreistag|Rat|Landtag|Bundestag|Bundesrat|Bürgermeister\w*|Oberbürgermeister\w*)\b"
)
#: "-träger" words that name a person's role or a thing, not an organisation
#: ("Entscheidungsträger", "Energieträger"); "Projektträger", "Maßnahmenträger" stay
_CARRIER = re.compile(
    r"(?:Entscheidungs|Verantwortungs|Funktions|Mandats|Amts|Wissens|Hoffnungs|Bedeutungs|"
    r"Leistungs|Daten|Energie|Informations|Werte|Wärme|Bild|Ton)träger(?:in|innen|n)?",
)
_ORG_SUFFIX = re.compile(
    r"\b(?:[A-ZÄÖÜ][\wäöüß.-]*\s+){0,4}(?:GmbH|gGmbH|AG|e\.\s?V\.|KG|mbH|Stiftung|"
    r"Projektträger\w*|Ministerium|Bundesministerium|Landesministerium|Bezirksregierung|"
    r"Landesamt|Bundesamt|Amt|Agentur|Zentrum|Büro|Kompetenzzentrum|Verband|Zweckverband|"
    r"Landesbetrieb|Landesdirektion|Geschäftsstelle|Koordinierungsstelle|Landkreis|Kreis\s+"
    r"[A-ZÄÖÜ]\w+|Stadt\s+[A-ZÄÖÜ]\w+|Gemeinde\s+[A-ZÄÖÜ]\w+|Hochschule|Universität|"
    r"Institut|Fraunhofer|Rechnungshof|Ministry|Agency|Office|Authority|Council)\b"
)
_ACRONYM = re.compile(r"\b(?:[A-ZÄÖÜ]{2,6}|[A-Z][a-z]?[A-Z]{1,4}|NRW\.[A-Z]\w+)\b")
_NOT_ORGS = frozenset(
    {"EU", "DE", "NRW", "OZG", "IT", "PDF", "CSV", "API", "GPS", "LED", "IOT", "IoT", "DSGVO",
     "OWL", "CO", "FQ", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "AGVO", "BHO",
     "LHO", "VV", "ANBest", "CC", "BY", "URL", "URI", "FAQ", "KI", "GIS", "EUR", "GWh", "MWh",
     "kWh", "TVöD"}
)  # fmt: skip
_ELIGIBILITY = re.compile(
    r"antragsberechtigt|zuwendungsempf|antragsteller|\bberechtigt\b|\b(?:können|kann|konnten|"
    r"könnte|konnte|dürfen|darf|durften)\s+(?:\w+\s+){0,6}(?:beantragen|antrag\s+stellen|"
    r"anträge\s+stellen|gefördert\s+werden|teilnehmen|sich\s+bewerben)|nicht\s+gefördert|förderfähig|"
    r"ausgeschlossen|gleichgestellt|zugelassen|eligible|may\s+apply|can\s+apply|\bapplicants?\b|"
    r"voraussetzung|nur\s+(?:für|wenn)|sofern|dürfen",
    _I,
)
_STEPS = re.compile(
    r"\b(?:zunächst|zuerst|anschließend|danach|dann|schließlich|im\s+ersten\s+schritt|"
    r"im\s+zweiten\s+schritt|schritt|stufe|phase|erstens|zweitens|first|then|next|finally|"
    r"step)\b|\b(?:beginnen|starten|anfangen|einreichen|beantragen|klären|prüfen|erstellen|"
    r"festlegen|ausschreiben|beschließen)\b|\bzweistufig|\beinstufig|\bverfahren\b",
    _I,
)
_EXPERIENCE = re.compile(
    r"erfahrung|gezeigt|gelernt|stolperstein|hürde|schwierig|problem|unterschätzt|"
    r"bewährt|lohnt|wichtig\s+(?:war|ist)|entscheidend|achten|empfehl|tipp|fehler|"
    r"länger\s+als|früh(?:zeitig)?|aufwendig|aufwändig|überrasch|lesson|learned|pitfall|"
    r"proved|turned\s+out|important|difficult|recommend",
    _I,
)

#: staff as a count: "eine halbe Stelle", "einer ganzen Stelle", "1,5 Vollzeitstellen", "VZÄ"
_STAFF = re.compile(
    # "eine Stelle" alone may be a place ("an einer Stelle"): only with its size
    r"\b(?:halbe[nr]?|ganze[nr]?|volle[nr]?|zwei|drei|vier|fünf|\d+(?:,\d+)?)\s+"
    r"(?:[a-zäöüß]+\s+)?(?:vollzeit|teilzeit|personal|projekt|planstelle|voll)?stellen?\b|"
    r"\bvollzeitäquivalent\w*|\bVZÄ\b|\bfull[- ]time\s+(?:post|position|equivalent)s?\b",
    _I,
)
_FRACTION = re.compile(
    r"\b(?:ein|zwei|drei)\s+(?:drittel|viertel|fünftel|zehntel)\b|\b(?:die|zur)\s+hälfte\b|"
    r"\bmehrheit\b|\bjede[rsn]?\s+(?:zweite|dritte|vierte|fünfte)\b|\bone\s+(?:third|quarter)\b|"
    r"\bhalf\s+of\b",
    _I,
)


_DETECTORS: dict[str, re.Pattern[str]] = {
    "amount": _MONEY,
    "rate": re.compile(f"{_PERCENT.pattern}|{_FRACTION.pattern}", _I),
    "eligibility": _ELIGIBILITY,
    "steps": _STEPS,
    "experience": _EXPERIENCE,
}


def _dates(text: str) -> list[re.Match[str]]:
    return list(_DAY_MONTH_YEAR.finditer(text)) + list(_RELATIVE_TIME.finditer(text))


def has_date(text: str, kind: DateKind = "any") -> bool:
    """Whether ``text`` states a date (or a time span), of the given kind when it is not
    ``any``: a deadline needs application words, a validity validity words, a start
    start words in the same sentence."""
    if not _dates(text):
        return False
    if kind == "deadline":
        return bool(_DEADLINE_CONTEXT.search(text))
    if kind == "validity":
        return bool(_VALIDITY_CONTEXT.search(text))
    if kind == "start":
        return bool(_START_CONTEXT.search(text))
    return True


def has_count(text: str, counted: str = "") -> bool:
    """Whether ``text`` states a count: a number (not a year, a percentage, an amount, a
    paragraph number or the end of a code such as "A.1") followed by a noun, or a number
    word; with ``counted`` (the noun the question counts) the sentence must also name it
    (same first five letters)."""
    if counted and not _names_counted(text, counted):
        return False
    if _FRACTION.search(text) or _STAFF.search(text):
        return True
    for match in _COUNT.finditer(text):
        token = match.group().split()[0]
        if _YEAR.match(token):
            continue
        before = text[max(0, match.start() - 6) : match.start()]
        if re.search(r"(?:§|Nr\.|Abs\.|Nummer|Ziff\.|Art\.)\s*$", before):
            continue
        if re.search(r"\w\.$", before):  # the last part of a code: "A.1 Konzept", "4.1.2 …"
            continue
        return True
    return False


def _names_counted(text: str, counted: str) -> bool:
    stem = counted.casefold()[:5]
    return any(w.casefold().startswith(stem) for w in re.findall(r"[^\W\d_]+", text)) or (
        stem in text.casefold()
    )


def has_organisation(text: str) -> bool:
    """Whether ``text`` names an organisation (a name with an organisation word, or an
    acronym that is not a common abbreviation)."""
    if _ORG_SUFFIX.search(text):
        return True
    if any(not _CARRIER.fullmatch(m.group()) for m in _ORG_WORD.finditer(text)):
        return True
    return any(m.group() not in _NOT_ORGS for m in _ACRONYM.finditer(text))


def states(text: str, detail: Detail, date_kind: DateKind = "any", counted: str = "") -> bool:
    """Whether ``text`` states a detail of type ``detail`` (``none``: always)."""
    if detail == "none":
        return True
    if detail == "date":
        return has_date(text, date_kind)
    if detail == "count":
        return has_count(text, counted)
    if detail == "organisation":
        return has_organisation(text)
    return bool(_DETECTORS[detail].search(text))


def states_any(
    text: str, details: Iterable[Detail], date_kind: DateKind = "any", counted: str = ""
) -> bool:
    """Whether ``text`` states one of ``details``."""
    return any(states(text, d, date_kind, counted) for d in details)
