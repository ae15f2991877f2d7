"""Sentence splitting for German administrative text (and English prose).

Used by the chunker (chunks end on sentence boundaries), the answer composer and the
confidence code, on every retrieved chunk: it must stay fast. Every returned sentence is a
verbatim substring of the input, stripped. Paragraphs (separated by a blank line) never share
a sentence.

A *candidate* boundary is ``.``, ``!``, ``?`` or ``…`` (optionally followed by closing quotes or
brackets), then white space, then what can open a sentence: an upper-case letter, a digit,
``§``, an opening quote or bracket, or a list item such as ``a)``. ``!``, ``?`` and ``…`` always
end a sentence. After a full stop the word before it decides; there is **no** break

* after an abbreviation: a known one (``Nr.``, ``Abs.``, ``Ziff.``, ``bzw.``, ``ggf.``, ``vgl.``,
  ``Hrsg.``, ``Co.``, ``ff.``, ``Okt.`` ...), any single letter (``z. B.``, ``d. h.``,
  ``i. V. m.``, ``o. Ä.``, ``S.``), a word with an inner dot (``z.B.``, ``e.V.``), and gazette
  names ending in ``Bl`` (``BGBl.``, ``SächsGVBl.``, ``ABl.``);
* after a day ordinal before a month (``vom 22. August 2023``, ``1. Okt. 2024``) or before a
  numeric month and year (``am 1. 1. 2024``, and after its ``1.`` month too);
* after a number that opens its sentence: a list enumerator (``1. Anrede``, ``2. Diese
  Richtlinie ...``, ``4.1. Förderung``, ``IV. Verfahren``). The break before it stays, so
  ``... in Kraft. 2. Diese Richtlinie ...`` is two sentences, the second starting with ``2.``;
* after an ordinal inside a sentence: a number of at most three digits after an article or a
  preposition (``die 2. Förderstufe``, ``im 3. Quartal``) or before a noun that counts
  (``1. Halbjahr``, ``3. Förderaufruf``);
* inside an open parenthesis that closes soon (``(§ 10 S. 1 Nr. 2 u. 3. IZG-SH)``).

Any other full stop before an upper-case word ends the sentence ("gilt Nummer 7.4. Die ...",
"seit 2019. Die ...", "des Absatzes 7. Ein ...").

Decided edge case: a day and month directly after a full stop (``... beschlossen. 1. Januar
2022 trat ...``) are read as a date, never as enumerator ``1.`` plus a sentence ``Januar ...``:
the sentence breaks before ``1.`` and the date stays whole. A list item that really starts with
a month name (``2. Mai-Sitzung``) is kept whole as well, which is harmless.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREVIATIONS = frozenset(
    {
        # general German
        "abb", "allg", "anm", "bd", "betr", "bsp", "bspw", "bzgl", "bzw", "ca", "co", "dgl",
        "dr", "ebd", "eigtl", "einschl", "entspr", "etc", "evtl", "gem", "gez", "ggf", "ggü",
        "grds", "hrsg", "inkl", "insb", "jew", "jh", "jhd", "lt", "max", "min", "mind", "mio",
        "mrd", "prof", "rd", "sog", "st", "str", "tel", "tsd", "usw", "vgl", "zzgl", "zzt",
        "zt", "zit", "ehem", "sdr", "verf", "vorl", "urspr",
        # paragraph and list markers
        "abs", "abschn", "anh", "anl", "art", "aufl", "ff", "kap", "lit", "lfd", "nr", "nrn",
        "pkt", "rn", "rdnr", "tz", "ziff",
        # abbreviated months ("1. Okt. 2024"); "Mai." and "Juni." are whole words
        "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez",
        # English
        "approx", "fig", "mr", "mrs", "no", "vs",
    }
)  # fmt: skip

#: words before a number that make the number an ordinal ("im 3. Quartal")
_ORDINAL_LEADS = frozenset(
    {
        "der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "eines",
        "im", "am", "zum", "zur", "vom", "beim", "ab", "bis", "seit", "nach", "vor", "für",
        "jede", "jeder", "jedes", "jedem", "jeden", "diese", "dieser", "dieses", "diesem",
        "diesen", "ihre", "ihrer", "ihrem", "ihren", "seine", "seiner", "seinem", "seinen",
        "the", "every",
    }
)  # fmt: skip

#: nouns (or the ends of compounds) that a number before counts ("1. Halbjahr", "3. Förderaufruf")
_ORDINAL_NOUNS = (
    "quartal", "halbjahr", "jahrhundert", "jahrestag", "lesung", "sitzung", "stufe", "aufruf",
    "änderung", "auflage", "fassung", "klasse", "platz", "runde", "phase", "abschnitt",
    "tranche", "welle", "förderperiode", "förderjahr", "obergeschoss", "etage", "kalenderwoche",
    "woche", "bauabschnitt", "amtsperiode", "wahlperiode", "legislaturperiode", "modul",
)  # fmt: skip

_MONTHS = (
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\b"
)

_BOUNDARY = re.compile(r"([.!?…]+[\"'»«“”)\]]*)(\s+)(?=[\"'„“»(\[]?[A-ZÄÖÜ0-9§]|\(?[a-z]\)\s)")
#: the word before a full stop: letters, digits, inner dots and hyphens
_LAST_WORD = re.compile(r"[\w.\-]*\w$")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_ENUMERATOR = re.compile(r"\d{1,3}(?:\.\d{1,3})*")
_ROMAN = re.compile(r"[IVXLC]+")
_MONTH_AFTER = re.compile(_MONTHS)
_MONTH_YEAR_AFTER = re.compile(r"\d{1,2}\.\s?\d{4}\b")  # "1. 2024" after the day of "1. 1. 2024"
_DAY_BEFORE = re.compile(r"\d{1,2}\.\s?$")
_YEAR_AFTER = re.compile(r"\d{4}\b")
_NEXT_WORD = re.compile(r"[\"'„“»(\[]?(\w+)")
_GAZETTE = re.compile(r"[A-ZÄÖÜ]\w*Bl")
_TAIL = 48
#: a parenthesis open at a full stop keeps the sentence whole if it closes within this many
#: characters
_PAREN_REACH = 60


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; every returned sentence is a verbatim substring."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            if match.group(1)[0] == "." and not _ends_sentence(paragraph, start, match):
                continue
            candidate = paragraph[start : match.end(1)].strip()
            if candidate:
                sentences.append(candidate)
            start = match.end(2)
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


def _ends_sentence(paragraph: str, start: int, match: re.Match[str]) -> bool:
    """Whether the full stop of ``match`` ends the sentence that began at ``start``."""
    dot = match.start(1)
    # a word never crosses white space: search only after the last space, and within the tail
    word_start = max(start, paragraph.rfind(" ", start, dot) + 1)
    tail_start = max(word_start, dot - _TAIL)
    last = _LAST_WORD.search(paragraph, tail_start, dot)
    if last is not None and last.start() == tail_start and tail_start > word_start:
        last = _LAST_WORD.search(paragraph, word_start, dot)  # a word longer than the tail
    if last is None:
        return True
    word = last.group()
    after = match.end(2)
    if _NUMBER.fullmatch(word):
        keep = _keeps_number(paragraph, start, last.start(), word, after)
    else:
        keep = _is_abbreviation(word) or (
            _ROMAN.fullmatch(word) is not None and paragraph[start:dot].strip("( ") == word
        )
    if keep:
        return False
    return not _inside_parenthesis(paragraph, start, dot, after)


def _is_abbreviation(word: str) -> bool:
    if "." in word:  # "z.B", "u.a", "e.V"
        return True
    if len(word) == 1:
        return word.isalpha()
    return word.lower() in _ABBREVIATIONS or _GAZETTE.fullmatch(word) is not None


def _keeps_number(paragraph: str, start: int, word_start: int, number: str, after: int) -> bool:
    """Whether ``number.`` (at ``word_start``) is a day, an enumerator or an ordinal."""
    if "." not in number and len(number) <= 2:
        if _MONTH_AFTER.match(paragraph, after) or _MONTH_YEAR_AFTER.match(paragraph, after):
            return True
        if _YEAR_AFTER.match(paragraph, after) and _DAY_BEFORE.search(
            paragraph, max(start, word_start - 4), word_start
        ):
            return True  # the month of "1. 1. 2024"
    if not paragraph[start:word_start].strip("( "):
        return _ENUMERATOR.fullmatch(number) is not None  # "2. Diese Richtlinie ..."
    if "." in number or len(number) > 3:
        return False
    before = _WORD_BEFORE.search(paragraph, max(start, word_start - 24), word_start)
    if before is not None and before.group(1).lower() in _ORDINAL_LEADS:
        return True
    following = _NEXT_WORD.match(paragraph, after)
    return following is not None and following.group(1).lower().endswith(_ORDINAL_NOUNS)


def _inside_parenthesis(paragraph: str, start: int, dot: int, after: int) -> bool:
    """Whether a parenthesis opened in this sentence is still open and closes soon after."""
    if paragraph.find("(", start, dot) == -1:
        return False
    if paragraph.count("(", start, dot) <= paragraph.count(")", start, dot):
        return False
    close = paragraph.find(")", after, after + _PAREN_REACH)
    if close == -1:
        return False
    opened = paragraph.find("(", after, close)
    return opened == -1
