"""Topic words of an advisor's request and how they match metadata topics and text.

Topics in document metadata are slugs (``gebaeudemanagement``, ``open-data``); advisors type
free text ("LoRaWAN-Gebäudemonitoring", "building monitoring"). Both sides are folded
(lower case, umlauts as ``ae/oe/ue``, ``ß`` as ``ss``), split into words, and a topic term
matches a document word when the word starts with the term (at least 4 letters), the term
starts with a word of at least 60 % of its length, or both share a prefix of at least 9
letters ("gebaeudemonitoring" ~ "gebaeudemanagement", but not ~ "gebaeude"). A few English
words are mapped to their German counterparts so that English topics find German documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.overlap import STOPWORDS

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[^\W_]+")
MIN_PREFIX = 4
SHARED_PREFIX = 9

#: English topic words → German words of the corpus (only what a topic line needs)
ENGLISH_TO_GERMAN: dict[str, tuple[str, ...]] = {
    "building": ("gebaeude",),
    "buildings": ("gebaeude",),
    "monitoring": ("monitoring", "ueberwachung"),
    "school": ("schule",),
    "schools": ("schule",),
    "parking": ("parken",),
    "broadband": ("breitband", "glasfaser"),
    "fibre": ("glasfaser",),
    "fiber": ("glasfaser",),
    "flood": ("hochwasser", "starkregen"),
    "flooding": ("hochwasser", "starkregen"),
    "rain": ("starkregen",),
    "climate": ("klima",),
    "adaptation": ("klimaanpassung",),
    "energy": ("energie",),
    "lighting": ("beleuchtung", "strassenbeleuchtung"),
    "street": ("strasse",),
    "mobility": ("mobilitaet",),
    "transport": ("verkehr", "mobilitaet"),
    "sensor": ("sensorik",),
    "sensors": ("sensorik",),
    "tree": ("baum",),
    "trees": ("baum", "baeume"),
    "irrigation": ("bewaesserung",),
    "council": ("rat", "gremien"),
    "administration": ("verwaltung",),
    "digital": ("digital",),
    "services": ("dienste",),
    "water": ("wasser",),
    "open": ("open",),
    "data": ("data", "daten"),
    "cooperation": ("zusammenarbeit",),
    "funding": ("foerderung",),
}
#: words too general to make a topic fit on their own
GENERIC = frozenset(
    {"kommune", "kommunen", "projekt", "projekte", "loesung", "digital", "smart", "stadt"}
)


def fold(text: str) -> str:
    """Lower case with umlauts spelled out."""
    return text.casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    """Folded words of ``text`` (slug hyphens split words)."""
    return _WORD.findall(fold(text))


def topic_terms(topic: str) -> list[str]:
    """The content words of a topic line, English words with their German counterparts."""
    out: list[str] = []
    for word in words(topic):
        if len(word) < 3 or word in STOPWORDS:
            continue
        for term in (word, *ENGLISH_TO_GERMAN.get(word, ())):
            if term not in out:
                out.append(term)
    return out


def term_matches(term: str, word: str) -> bool:
    """Whether a topic term and a word of a document mean the same thing (see module doc)."""
    if term == word:
        return True
    if len(term) >= MIN_PREFIX and word.startswith(term):
        return True
    if len(word) >= MIN_PREFIX and term.startswith(word) and len(word) >= 0.6 * len(term):
        return True
    n = 0
    for a, b in zip(term, word, strict=False):
        if a != b:
            break
        n += 1
    return n >= SHARED_PREFIX


def matched_slugs(terms: Iterable[str], slugs: Iterable[str]) -> list[str]:
    """The metadata topic slugs one of ``terms`` matches (generic terms excluded)."""
    wanted = [t for t in terms if t not in GENERIC]
    out: list[str] = []
    for slug in slugs:
        parts = words(slug)
        if any(term_matches(t, p) for t in wanted for p in parts) and slug not in out:
            out.append(slug)
    return out


def text_score(terms: Iterable[str], text: str) -> float:
    """Share (0-1) of the non-generic ``terms`` that occur in ``text``."""
    wanted = [t for t in dict.fromkeys(terms) if t not in GENERIC]
    if not wanted:
        return 0.0
    present = set(words(text))
    hits = sum(any(term_matches(t, w) for w in present) for t in wanted)
    return hits / len(wanted)
