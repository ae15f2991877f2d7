"""The quotable units of a chunk: its sentences, list items and table rows, as offsets.

A chunk's text is the loaders' rendering: paragraphs separated by a blank line, list items
as paragraphs starting with ``- `` (or ``* ``, ``• ``, a number and a dot), table rows as
paragraphs of cells joined with `` | ``. A unit is a verbatim, stripped substring of the
chunk: a sentence of a paragraph, without the list marker in front of it; a table row as a
whole. The index embeds these units when a chunk is written (``assistant/sentence_vectors.py``),
and the answer engine quotes them; both call ``quotable_spans`` so they agree.
"""

from __future__ import annotations

import re

from assistant.sentences import split_sentences

#: a list marker at the start of a paragraph ("- ", "* ", "• ", "– ", "3. ", "a) ", "(2) ")
LIST_MARKER = re.compile(r"^(?:[-*•–]\s+|\d{1,2}[.)]\s+(?=[A-ZÄÖÜ„\"(])|[a-z]\)\s+)")
#: a list item run into the text before it (PDF text): " - ", " • ", " – " before a capital
#: or a digit; a dash between two numbers is a range ("01/2020 – 12/2021", "S. 3 - 5").
#: Which of these is a bullet, and which a dash of the prose, says ``_is_bullet``.
FLAT_BULLET = re.compile(r"\s+•\s+(?=[A-ZÄÖÜ0-9„\"])|(?<!\d)\s+[-–]\s+(?=[A-ZÄÖÜ0-9„\"])")
#: a dash that opens an aside: lower case after it ("um - passend zu den PDF-Dateien - ...")
_ASIDE_DASH = re.compile(r"\s[-–]\s+(?=[a-zäöüß])")
#: the label of the next slide line run into a label-value line of PDF text
#: ("Fördervolumen: 8 Mio € Bausteine:"): one capitalised word and a colon after a figure
TRAILING_LABEL = re.compile(r"(?<=[\d€%)])\s+[A-ZÄÖÜ][\w-]*:$")
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", re.DOTALL)
TABLE_CELL_SEPARATOR = " | "
MIN_UNIT_CHARS = 12


def is_table_row(paragraph: str) -> bool:
    """Whether a paragraph is a table row as the loaders render it."""
    return paragraph.count(TABLE_CELL_SEPARATOR) >= 1 and "\n" not in paragraph.strip()


def quotable_spans(text: str, min_chars: int = MIN_UNIT_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of every unit of ``text`` in reading order (see the module
    docstring); units shorter than ``min_chars`` are left out."""
    spans: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text):
        start, paragraph = match.start(), match.group()
        if is_table_row(paragraph):
            if len(paragraph) >= min_chars:
                spans.append((start, match.end()))
            continue
        marker = LIST_MARKER.match(paragraph)
        if marker:
            start += marker.end()
            paragraph = paragraph[marker.end() :]
        cursor = 0
        for sentence in split_sentences(paragraph):
            found = paragraph.find(sentence, cursor)
            if found < 0:
                continue
            cursor = found + len(sentence)
            for a, b in _bullet_pieces(sentence):
                if b - a >= min_chars:
                    spans.append((start + found + a, start + found + b))
    return spans


def _bullet_pieces(sentence: str) -> list[tuple[int, int]]:
    """A sentence cut at list items that PDF text runs together ("... erreichen. - Wenn
    ..."): a dash or bullet with spaces on both sides before a capital letter or digit."""
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in FLAT_BULLET.finditer(sentence):
        if not _is_bullet(sentence, match):
            continue
        if sentence[cursor : match.start()].strip():
            pieces.append((cursor, match.start()))
        cursor = match.end()
    if sentence[cursor:].strip():
        pieces.append((cursor, len(sentence)))
    lead = LIST_MARKER.match(sentence)
    if lead and pieces and pieces[0][0] == 0:
        pieces[0] = (lead.end(), pieces[0][1])
    return [cut for a, b in pieces if b > a for cut in _without_trailing_label(sentence, a, b)]


def _is_bullet(sentence: str, match: re.Match[str]) -> bool:
    """Whether a ``FLAT_BULLET`` match starts a run-in list item.

    A "•" always does. An en dash "–" only after the end of a sentence or a lead-in (". – ",
    ": – "): elsewhere it is the prose's Gedankenstrich or part of a name ("Zukunft – Umwelt –
    Gesellschaft (ZUG)", "Ulm4CleverCity – Smart City Modellstadt"). A hyphen "-" set with
    spaces is how PDF text writes a bullet, except where it closes an aside that a dash before
    it opened in lower case ("um - passend zu den PDF-Dateien - Denkmalliste").
    """
    dash = match[0].strip()
    if dash == "•":
        return True
    before = sentence[: match.start()].rstrip()
    if dash == "–":
        return before[-1:] in (".", "!", "?", ":", ";")
    return not _ASIDE_DASH.search(before)


def _without_trailing_label(sentence: str, a: int, b: int) -> list[tuple[int, int]]:
    """A label-value line of a slide with the next line's label run into it ("Laufzeit:
    01/2022 – 12/2026 Fördervolumen: 8 Mio € Bausteine:") as the line and the label: a
    unit that ends in ":" is never quoted, and this one carries the figures."""
    piece = sentence[a:b]
    label = TRAILING_LABEL.search(piece)
    if label is None or ":" not in piece[: label.start()]:
        return [(a, b)]
    return [(a, a + label.start()), (a + label.start() + 1, b)]
