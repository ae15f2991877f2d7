"""Sentence spans for quoting facts out of legal text, independent of the chunker's splitter.

A fact is quoted as the sentence it stands in, verbatim. Legal text is full of full stops that
end nothing ("vom 22. August 2023", "§ 5 Abs. 2 Nr. 3", "z. B.", "BGBl. I S. 1284"), so a full
stop ends a sentence here only when the word before it is not a number of one or two digits
and not an abbreviation, and the next word can open a sentence (an upper-case letter, ``§``, a
quote or bracket, or a list number such as ``2. Diese ...``). A line break always ends one.
List numbers and bullets at the start of a sentence are not part of its quote
(``"2. Diese Richtlinie tritt ..."`` is quoted from ``"Diese"``).
"""

from __future__ import annotations

import re

__all__ = ["sentence_around", "sentence_spans"]

_ABBREVIATIONS = frozenset(
    [
        "nr",
        "abs",
        "art",
        "s",
        "bzw",
        "ggf",
        "vgl",
        "ca",
        "inkl",
        "gem",
        "ziff",
        "lit",
        "buchst",
        "anl",
        "kap",
        "ff",
        "f",
        "mio",
        "mrd",
        "tsd",
        "usw",
        "etc",
        "bspw",
        "evtl",
        "insb",
        "ausschl",
        "zzgl",
        "abzgl",
        "max",
        "min",
        "mind",
        "rd",
        "st",
        "str",
        "tel",
        "hrsg",
        "vorm",
        "nachm",
        "jan",
        "feb",
        "febr",
        "mrz",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dez",
        "bl",
        "nrn",
        "abschn",
        "einschl",
        "sog",
        "u",
        "o",
    ]
)
_END = re.compile(r"[.!?…][\"'“”»)]*(?=\s)")
_OPENS = re.compile(r"\s+(?:[A-ZÄÖÜ§„\"'“»(\[]|\d{1,2}\.\s+[A-ZÄÖÜ]|[a-z]\)\s)")
_LEAD = re.compile(r"^(?:[-*•]\s+|\d{1,2}\.\s+(?=[A-ZÄÖÜ])|[a-z]\)\s+|\([0-9a-z]{1,3}\)\s+)+")


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop (or ``!``/``?``) at ``dot`` ends a sentence."""
    if text[dot] != ".":
        return True
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(/":
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if re.fullmatch(r"\d{1,2}", word):  # a day or list number: "22. August", "Nr. 5."
        return False
    core = word.rsplit(".", 1)[-1].casefold() if "." in word else word.casefold()
    if len(core) <= 1 and core.isalpha():  # z. B., d. h., S., i. V. m.
        return False
    return core not in _ABBREVIATIONS and not core.endswith("bl")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; ``text[start:end]`` is stripped and verbatim."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        cursor = line.start()
        for m in _END.finditer(text, line.start(), line.end()):
            if not _OPENS.match(text, m.end(), line.end()) or not _ends_sentence(text, m.start()):
                continue
            spans.append((cursor, m.end()))
            cursor = m.end()
        spans.append((cursor, line.end()))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if not piece:
            continue
        start += lead
        skip = _LEAD.match(piece)
        if skip and skip.end() < len(piece):
            start += skip.end()
        out.append((start, start + len(text[start:end].rstrip())))
    return out


def sentence_around(text: str, position: int) -> tuple[int, int]:
    """The span of the sentence that contains ``position`` (the whole line when none)."""
    for start, end in sentence_spans(text):
        if start <= position < end:
            return start, end
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    return line_start, len(text) if line_end < 0 else line_end
