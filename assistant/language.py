"""German/English detection by stopword counts, for documents and for questions."""

from __future__ import annotations

import re
from collections.abc import Iterable

# fmt: off
GERMAN_WORDS = frozenset({
    "der", "die", "das", "und", "ist", "nicht", "mit", "für", "von", "den", "dem", "des", "ein",
    "eine", "einer", "zu", "im", "auf", "sich", "auch", "werden", "wird", "sind", "bei", "oder",
    "nach", "über", "wir", "sie", "es", "durch", "zur", "zum",
})
ENGLISH_WORDS = frozenset({
    "the", "and", "of", "to", "is", "are", "for", "with", "that", "this", "be", "on", "by",
    "from", "or", "as", "not", "it", "was", "were", "which", "have", "has", "their", "will", "can",
})
_GERMAN_QUESTION = frozenset({
    "was", "wer", "wie", "welche", "welcher", "welches", "wo", "wann", "warum", "gibt", "kann",
    "können", "muss", "müssen", "unsere", "unser", "wir", "ich", "man",
})
_ENGLISH_QUESTION = frozenset({
    "what", "who", "how", "which", "where", "when", "why", "does", "do", "our", "we", "i",
    "there", "funds", "fund",
})
# fmt: on
_TOKEN = re.compile(r"[^\W\d_]+")


def guess_language(texts: Iterable[str], *, max_words: int = 5000, min_hits: int = 5) -> str:
    """``"de"``/``"en"`` when one language's stopwords clearly dominate, else ``""``.

    Counts stopwords in the first ``max_words`` words; needs at least ``min_hits`` hits and
    twice as many as the other language.
    """
    german = english = seen = 0
    for text in texts:
        for token in _TOKEN.findall(text):
            word = token.lower()
            german += word in GERMAN_WORDS
            english += word in ENGLISH_WORDS
            seen += 1
            if seen >= max_words:
                break
        if seen >= max_words:
            break
    if german + english < min_hits:
        return ""
    if german >= 2 * english:
        return "de"
    if english >= 2 * german:
        return "en"
    return ""


def question_language(question: str) -> str:
    """``"en"`` for an English question, otherwise ``"de"`` (the product's default)."""
    words = [w.lower() for w in _TOKEN.findall(question)]
    german = sum(w in GERMAN_WORDS or w in _GERMAN_QUESTION for w in words)
    english = sum(w in ENGLISH_WORDS or w in _ENGLISH_QUESTION for w in words)
    if any(ch in question for ch in "äöüÄÖÜß"):
        german += 1
    return "en" if english > german else "de"
