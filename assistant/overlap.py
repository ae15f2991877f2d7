"""Word overlap between a question and a sentence, robust to German inflection.

Words are compared by a 5-letter prefix ("Förderung" ~ "fördert"), stopwords ignored, and
longer words weigh more. Used to pick answer sentences and as a confidence signal.
"""

from __future__ import annotations

import re
from collections.abc import Container

from assistant.language import ENGLISH_WORDS, GERMAN_WORDS

# fmt: off
_EXTRA_STOP = frozenset({
    "was", "wer", "wie", "welche", "welcher", "welches", "wo", "wann", "warum", "gibt", "kann",
    "können", "muss", "hat", "haben", "wurde", "wurden", "man", "uns", "unsere", "unser",
    "what", "who", "how", "where", "when", "why", "does", "did", "our", "there", "an", "in",
    "einen", "einem", "eines", "als", "noch", "nur", "so", "am", "aus", "bis",
})
# fmt: on
STOPWORDS = GERMAN_WORDS | ENGLISH_WORDS | _EXTRA_STOP
_WORD = re.compile(r"\w+")
_WEIGHTS = [size / 10 for size in range(10)]


def stems(text: str) -> dict[str, float]:
    """Content-word stems of ``text`` with weights (longer words weigh more)."""
    out: dict[str, float] = {}
    for word in _WORD.findall(text.lower()):
        size = len(word)
        if (size < 3 and not word.isdigit()) or word in STOPWORDS:
            continue
        stem = word[:5]
        weight = _WEIGHTS[size] if size < 10 else 1.0
        if out.get(stem, 0.0) < weight:
            out[stem] = weight
    return out


def covered(question_stems: dict[str, float], present: Container[str]) -> float:
    """Share (0-1) of the question's weighted stems found in ``present`` (a sentence's
    stems, computed once by the caller)."""
    total = sum(question_stems.values())
    if not total:
        return 0.0
    return sum(w for s, w in question_stems.items() if s in present) / total


def overlap(question_stems: dict[str, float], sentence: str) -> float:
    """Share (0-1) of the question's weighted stems that occur in ``sentence``."""
    return covered(question_stems, stems(sentence))
