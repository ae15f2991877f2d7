"""What a question is about: its key words, and the documents it names.

*Key words* are the part's content words that carry the most information, by the BM25
inverse document frequency of their character 4-grams over the index (a name, a technology,
a programme: "Photovoltaikanlage", "Hallenbeleuchtung", "Anschlussvorhaben"), leaving out the
words that only say which detail is asked ("Förderquote", "Frist", "wie viele"). A sentence
that states the asked detail only answers the question when its chunk also talks about the
key word: "Welche Förderquote gibt es für Photovoltaik?" is not answered by a sentence with
the rate of street lighting.

*Named documents*: a question that names a document by a distinctive word of its title
("nach der Kommunalrichtlinie", "im OZG") is about that document; sentences of other
documents are weighed down, and the question is on topic even when the signals are weak.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answer.confidence import IdfLookup, content_words
from assistant.lexical import tokenize
from assistant.models import SearchHit
from assistant.topic_terms import GENERIC, fold, words

#: words that name the asked detail or the genre of a document, not the subject
_CUE_WORDS = re.compile(
    r"^(?:förder\w*|frist\w*|stichtag\w*|termin\w*|datum|laufzeit\w*|quote\w*|prozent\w*|"
    r"anteil\w*|eigenanteil\w*|kosten|kostet|preis\w*|betrag\w*|summe|euro|budget\w*|"
    r"anzahl|viele|wieviele|höhe|hoch|zuschuss\w*|zuwendung\w*|antrag\w*|beantrag\w*|"
    r"antragsberecht\w*|berechtigt|programm\w*|richtlinie\w*|bund\w*|land\w*|kommun\w*|"
    r"gemeinde\w*|stadt|städte|kreis\w*|rat|gibt|geben|bekommen|erhalten|maximal\w*|"
    r"mindest\w*|höchst\w*|welche\w*|genau|eigentlich|überhaupt|bitte|funding|rate|"
    r"percent\w*|share|cost\w*|price|amount|deadline|date|number|many|much|grant\w*|"
    r"apply\w*|applica\w*|eligib\w*|municipalit\w*|town|city|council|federal|state|"
    r"programme\w*|program|guideline\w*|maximum|minimum|total|einwohner\w*|bürger\w*|"
    r"verwaltung\w*|rathaus\w*|kämmer\w*|bürgermeister\w*|gemeinderat\w*|stadtrat\w*|"
    r"ortsteil\w*|jahren?|thema|themen|frage\w*|projekt\w*|vorhaben\w*|maßnahme\w*|"
    r"probleme?|lehren?|erfahrung\w*|alltag|praxis|stolperstein\w*|schwierigkeit\w*|hürden?|"
    r"tipps?|griff|weg|umstieg|anfang|start|schritt\w*|ablauf|vorgehen|einstieg|vorbild\w*|"
    # where and how the asker looks, not what about: "in der Gegend", "am Laufen"
    r"gegend|umgebung|nähe|nachbarschaft|umkreis|laufen|ansprech\w*|kontakt\w*)$",
    re.IGNORECASE,
)
KEY_WORDS = 2
#: German nouns and names are written with a capital letter: only they name what is asked about
_TOKEN = re.compile(r"[^\W\d_]+")
MIN_KEY_LENGTH = 5
#: a word names the subject only when it is rare in the index: the mean BM25 idf of its
#: 4-grams at least this (common words such as "Verfügung" or "Ausschuss" stay below it)
MIN_KEY_IDF = 3.5
#: a key word counts as present when this share of its 4-grams occurs
PRESENT_SHARE = 0.6
MIN_TITLE_WORD = 6
#: place names shorter than this ("Lage", "Hille") are too common inside other words to drop
MIN_PLACE_WORD = 5
#: a title word names its document inside a compound only when it is this long
MIN_COMPOUND_PART = 8


def key_words(
    text: str, idf: IdfLookup, limit: int = KEY_WORDS, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """The ``limit`` most informative nouns of ``text`` (see the module docstring);
    ``exclude``: words that never count (place names)."""
    nouns = {t.lower() for t in _TOKEN.findall(text) if t[:1].isupper()}
    candidates = [
        w for w in dict.fromkeys(content_words(text))
        if len(w) >= MIN_KEY_LENGTH and not _CUE_WORDS.match(w) and not w.isdigit()
        and w not in exclude and w in nouns
    ]  # fmt: skip
    if not candidates:
        return []
    grams = {w: set(tokenize(w)) for w in candidates}
    weights = idf(set().union(*grams.values()))
    rarity = {w: sum(weights[g] for g in grams[w]) / max(1, len(grams[w])) for w in candidates}
    scored = sorted((w for w in candidates if rarity[w] >= MIN_KEY_IDF), key=lambda w: -rarity[w])
    return scored[:limit]


def present(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text``, allowing inflection and compounds (most of its
    4-grams occur)."""
    grams = set(tokenize(word))
    lowered = text.lower()
    found = sum(1 for g in grams if g in lowered)
    return bool(grams) and found >= PRESENT_SHARE * len(grams)


#: an acronym: "OZG", "AGVO", and the mixed ones "IoT", "KfW"
_ACRONYM = re.compile(r"\b(?:[A-ZÄÖÜ]{3,6}|[A-ZÄÖÜ][a-zäöü][A-ZÄÖÜ])\b")


def _title_words(hit: SearchHit) -> set[str]:
    return title_words(f"{hit.title} {hit.metadata.get('programme') or ''}")


#: title words that name a document's genre or the funding as such, never its subject
_GENRE_WORDS = frozenset(
    {"foerderung", "foerderprogramm", "foerderrichtlinie", "richtlinie", "programm",
     "massnahmen", "zusammenfassung", "beispielaufruf", "foerderaufruf", "aufruf",
     "projektbericht", "transfersteckbrief", "kommunale", "kommunalen", "strategie",
     "leitfaden", "modellprojekte", "landes", "bundes"}
)  # fmt: skip


def _in_compound(title_word: str, asked: set[str]) -> bool:
    """A title word the question uses inside a compound ("Anpassung" in "Bundesförderung
    zur Klimaanpassung") or inflected."""
    if not title_word.islower() or title_word in _GENRE_WORDS:
        return False
    if len(title_word) < MIN_COMPOUND_PART:
        return False  # "Schule" inside "Grundschule" names no "DigitalPakt Schule"
    # the question's word may be a compound of the title's, or an inflection of it, but a
    # general word ("Sensoren") does not name a title's compound ("Bodenfeuchtesensoren")
    return any(
        a.islower() and (title_word in a or (a in title_word and len(title_word) - len(a) <= 2))
        for a in asked
    )


def title_words(title: str) -> set[str]:
    """The words of a title (and programme name) that can name its document."""
    found = {w for w in words(title) if len(w) >= MIN_TITLE_WORD and w not in GENERIC}
    return found | set(_ACRONYM.findall(title))


def named_documents(
    question: str, hits: Sequence[SearchHit], places: frozenset[str] = frozenset()
) -> set[str]:
    """Documents among ``hits`` that the question names by a distinctive title word (one
    that the titles of the other retrieved documents do not share); ``places``: place
    names (see ``named_among``). A programme's name that a guideline and the reports on
    projects it funded share (front matter ``programme``) names all of them."""
    by_doc: dict[str, set[str]] = {}
    programme: dict[str, str] = {}
    for hit in hits:
        by_doc.setdefault(hit.doc_id, set()).update(_title_words(hit))
        if name := str(hit.metadata.get("programme") or "").strip():
            programme[hit.doc_id] = name
    return named_among(question, by_doc, places, programme=programme)


def named_among(
    question: str,
    by_doc: Mapping[str, set[str]],
    places: frozenset[str] = frozenset(),
    *,
    by_place: bool = True,
    programme: Mapping[str, str] | None = None,
) -> set[str]:
    """Documents (doc id -> ``title_words``) that the question names by a title word no
    other of them shares. A word of ``places`` names a document only as the same word
    ("Lemgo"), never inside a compound or inflected ("Paderborn": "Paderborner
    Innenstadt"), and not at all without ``by_place``. ``programme`` (doc id -> the
    programme it is or was funded by): the words of a programme's name do not set its
    documents apart from each other."""
    programme = programme or {}
    shared = {doc: title_words(name) for doc, name in programme.items()}
    folded = tuple(fold(p) for p in places if len(p) >= MIN_PLACE_WORD)
    asked = {w for w in words(question) if len(w) >= MIN_TITLE_WORD}
    placed = {w for w in asked if w.startswith(folded)} if folded else set()
    if not by_place:
        asked -= placed
    loose = asked - placed
    asked |= set(_ACRONYM.findall(question))
    named: set[str] = set()
    for doc, words_of_doc in by_doc.items():
        others: set[str] = set()
        for other, other_words in by_doc.items():
            if other != doc:
                same = programme.get(other) and programme.get(other) == programme.get(doc)
                others |= other_words - shared[other] if same else other_words
        if {w for w in words_of_doc if w in asked or _in_compound(w, loose)} - others:
            named.add(doc)
    return named
