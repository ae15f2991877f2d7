"""Text normalisation shared by all loaders, and the garbage filter for PDF text layers.

``normalise_text`` turns raw extracted text into the form every later stage sees:

* Unicode NFC, so the text keeps the original's characters and a quote can be found in the
  source with Ctrl+F (``It´s OWL`` keeps its U+00B4, ``m²``, ``½``, ``™`` and full-width forms
  stay). Only two compatibility mappings of NFKC are kept on purpose, by
  ``normalise_characters``: the Latin ligatures U+FB00-U+FB06 (``ﬁ`` -> ``fi``, ``ﬀ`` -> ``ff``,
  ``ﬃ`` -> ``ffi``, ``ﬄ`` -> ``ffl``, ``ﬂ`` -> ``fl``, ``ﬅ``/``ﬆ`` -> ``st``, as NFKC maps them),
  which PDF text layers produce and nobody types, and the Unicode spaces (no-break U+00A0,
  narrow no-break U+202F, figure U+2007, U+2000-U+200A, medium mathematical U+205F,
  ideographic U+3000), which become a normal space;
* soft hyphens (U+00AD) and zero-width characters are dropped, other control characters
  become spaces;
* hyphenation at a line end is undone when the next line starts with a lowercase letter
  (``Förder-⏎mittel`` -> ``Fördermittel``); before an uppercase letter or a digit the hyphen is
  kept and the line break removed (``Überlingen-⏎Süd`` -> ``Überlingen-Süd``); before a
  conjunction (``Rad-⏎und Fußwege``) the hyphen is a suspended compound hyphen and is kept with a
  space (``Rad- und Fußwege``; ``und-⏎oder`` -> ``und-oder``); after a digit the hyphen is
  always kept (``2-⏎fach`` -> ``2-fach``);
* the lines of a paragraph are joined with single spaces, paragraphs are separated by exactly
  one blank line, runs of spaces and tabs collapse to one space, and the result is stripped.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["looks_like_text", "normalise_characters", "normalise_text"]

#: dropped everywhere: zero-width space / non-joiner / joiner, word joiner, BOM
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SOFT_HYPHEN = "\u00ad"
#: the only compatibility mappings applied: Latin ligatures and Unicode spaces
_COMPATIBILITY = {
    0xFB00: "ff",
    0xFB01: "fi",
    0xFB02: "fl",
    0xFB03: "ffi",
    0xFB04: "ffl",
    0xFB05: "st",  # LATIN SMALL LIGATURE LONG S T (NFKC: "st")
    0xFB06: "st",
    0x00A0: " ",
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
    **{code: " " for code in range(0x2000, 0x200B)},  # en quad ... hair space, incl. U+2007
}
_HYPHENS = "-\u2010\u2011"

#: Words after which a line-end hyphen is a suspended compound hyphen ("Rad- und Fußwege").
_CONJUNCTIONS = frozenset({"und", "oder", "sowie", "bzw", "noch", "als", "and"})

_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*(?=\w)")
_LINE_END_HYPHEN = re.compile(rf"(?<=[^\W_])[{_HYPHENS}][ \t]*\n[ \t]*(?=[^\W_])")
_WORD_AFTER = re.compile(r"[^\W_]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[ \t]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _join_hyphen(match: re.Match[str]) -> str:
    """Replacement for one hyphen + line break; looks at the words on both sides."""
    text = match.string
    start = match.start()
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    before = text[start : match.start()]
    after_match = _WORD_AFTER.match(text, match.end())
    after = after_match.group() if after_match else ""
    if before[-1:].isdigit():
        return "-"
    if after.lower() in _CONJUNCTIONS:
        return "-" if before.lower() in _CONJUNCTIONS else "- "
    if after[:1].islower():
        return ""
    return "-"


def normalise_characters(raw: str) -> str:
    """NFC, with ligatures expanded and Unicode spaces made plain spaces; nothing else."""
    return unicodedata.normalize("NFC", raw).translate(_COMPATIBILITY)


def normalise_text(raw: str) -> str:
    """Return ``raw`` normalised as described in the module docstring."""
    text = normalise_characters(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text)
    text = _SOFT_BREAK.sub("", text)
    text = text.replace(_SOFT_HYPHEN, "")
    text = _LINE_END_HYPHEN.sub(_join_hyphen, text)
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = (_SPACES.sub(" ", line).strip() for line in block.split("\n"))
        paragraph = " ".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def looks_like_text(s: str) -> bool:
    """Whether ``s`` reads as text rather than OCR noise.

    The rule, on the non-whitespace characters of ``s``:

    * text needs at least one word of two or more letters, and
    * the letters inside such words make up at least 25 % of the characters, **or** letters and
      digits together make up at least 60 % and one word has three or more letters (tables
      of figures with a few headings).

    Real prose, even with formulas, tables of contents or dotted leaders, scores 40 % and more on
    the first test; noise from a failed OCR (``":., dP . . i, . ? » 14 e.``) scores below 20 %.
    A short page such as ``"test example"`` passes.
    """
    text = unicodedata.normalize("NFKC", s)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return False
    words = _WORD.findall(text)
    if not words:
        return False
    word_letters = sum(len(w) for w in words)
    if word_letters >= 0.25 * len(chars):
        return True
    alnum = sum(1 for c in chars if c.isalnum())
    return alnum >= 0.6 * len(chars) and any(len(w) >= 3 for w in words)
