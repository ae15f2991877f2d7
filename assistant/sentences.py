"""Sentence splitting for German (and English) prose.

Used by the chunker (chunks end on sentence boundaries) and by the answer composer.
Rule: a sentence ends at ``.``, ``!`` or ``?`` (optionally followed by closing quotes or
brackets) when white space and an upper-case letter, digit or opening quote follow, unless
the word before the dot is a known abbreviation or a single letter ("z. B.", "Nr.", "S.").
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    {
        "abs", "art", "bzw", "ca", "d", "dr", "etc", "evtl", "ggf", "gem", "inkl", "max", "min",
        "mio", "mrd", "nr", "prof", "s", "sog", "st", "str", "tel", "u", "usw", "vgl", "z",
        "zzgl", "bspw", "i", "e", "v", "jh", "jhd", "mr", "mrs", "vs", "no", "fig", "e.v",
        "kap", "lt", "ff", "hrsg", "rd", "tsd",
    }
)  # fmt: skip

_BOUNDARY = re.compile(r"([.!?…]+[\"'»«“”)\]]*)(\s+)(?=[\"'„“»(\[]?[A-ZÄÖÜ0-9])")
_LAST_WORD = re.compile(r"([\w.]+)$")
_TAIL = 48


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; every returned sentence is a verbatim substring."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.end(1)
            candidate = paragraph[start:end]
            if match.group(1).startswith(".") and _is_abbreviation(candidate[:-1]):
                continue
            if candidate.strip():
                sentences.append(candidate.strip())
            start = match.end(2)
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


def _is_abbreviation(before_dot: str) -> bool:
    # The regex anchored at the end is tried from every start position: search only the
    # tail, and the whole text only when the last word fills the tail.
    tail = before_dot[-_TAIL:]
    match = _LAST_WORD.search(tail)
    if match is not None and match.start() == 0 and len(before_dot) > _TAIL:
        match = _LAST_WORD.search(before_dot)
    if match is None:
        return False
    word = match.group(1).lower().rstrip(".")
    if "." in word:  # "z.B", "u.a", "e.V"
        return True
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
