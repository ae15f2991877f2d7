"""Table rows that arrive flattened into one line of "name value" pairs.

Web pages such as the Förderdatenbank set small tables as lines with hard line breaks, and a
Markdown paragraph joins them into one line::

    Förderschwerpunkt A.1 Nachhaltiges Anpassungskonzept

    Förderquote (FQ) 80% Mindestzuwendung (Euro) 50.000 Maximalzuwendung (Euro) 225.000 FQ für
    finanzschwache Kommunen 90%

``flat_pairs`` reads such a line as ``[("Förderquote (FQ)", "80%"), ("Mindestzuwendung
(Euro)", "50.000"), ...]``, and ``row_label`` finds the short paragraph above it that names
the row ("Förderschwerpunkt A.1 Nachhaltiges Anpassungskonzept"). The reading is strict, so
that a sentence is never taken for a row: the whole line must be pairs (at least two), every
name starts with a letter, has no digits and does not end in a word that needs a
continuation ("mit", "von", "für", an article ...), and every value is a number, a
percentage or an amount; a line that ends with a full stop is a sentence.
"""

from __future__ import annotations

import re

__all__ = ["MIN_PAIRS", "flat_pairs", "line_pair", "row_label"]

MIN_PAIRS = 2
MAX_NAME_CHARS = 60
MAX_LABEL_CHARS = 120
_PAIR = re.compile(
    r"\s*(?P<name>[^\W\d_][^\d%|.;:!?]*?)\s+"
    r"(?P<value>(?:bis\s+zu\s+)?\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?\s?"
    r"(?:%|prozent\b|euro\b|eur\b|€|mio\.?\s?(?:euro|eur|€))?)(?=\s|$)",
    re.IGNORECASE,
)
#: words a name cannot end with: the pair would be part of a sentence ("Vorhaben mit 50 %")
_OPEN_END = re.compile(
    r"\b(?:mit|von|vom|zu|zum|zur|bis|für|auf|um|je|pro|ab|über|unter|als|und|oder|sowie|"
    r"der|die|das|den|dem|des|ein|eine|einer|eines|einem|einen|beträgt|betragen|sind|ist|"
    r"werden|wird|maximal|höchstens|mindestens|insgesamt|rund|ca)$",
    re.IGNORECASE,
)


def _read_pairs(text: str) -> list[tuple[str, str]]:
    """``text`` read as nothing but ``name value`` pairs; ``[]`` when any part is not one."""
    pairs: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        m = _PAIR.match(text, position)
        if m is None:
            return []
        name = " ".join(m["name"].split())
        if len(name) > MAX_NAME_CHARS or _OPEN_END.search(name):
            return []
        pairs.append((name, " ".join(m["value"].split())))
        position = m.end()
    return pairs


def _is_sentence(text: str) -> bool:
    """Ends with a full stop that is not part of a number ("225.000." is a sentence too)."""
    return text.endswith(".") and not re.search(r"\d\.$", text)


def flat_pairs(line: str) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs of a flattened table row, ``[]`` when ``line`` is not one."""
    text = line.rstrip()
    if _is_sentence(text):
        return []
    pairs = _read_pairs(text)
    return pairs if len(pairs) >= MIN_PAIRS else []


def line_pair(line: str) -> tuple[str, str] | None:
    """One line that is exactly one ``name value`` pair ("Förderquote (FQ) 80%"), else ``None``.

    The same strict reading as ``flat_pairs``: a line of a record that a web page sets with
    hard line breaks, one value per line (``ingest.loaders.record_tables``).
    """
    text = line.strip()
    if _is_sentence(text):
        return None
    pairs = _read_pairs(text)
    return pairs[0] if len(pairs) == 1 else None


def row_label(text: str, start: int) -> str:
    """The short paragraph right above ``text[start:]`` that names the row (``""``: none)."""
    before = text[:start].rstrip()
    if not before or before[-1] in ".!?:;,|":
        return ""
    paragraph = before.rsplit("\n\n", 1)[-1].strip()
    if "\n" in paragraph or len(paragraph) > MAX_LABEL_CHARS or flat_pairs(paragraph):
        return ""
    return " ".join(paragraph.split())
