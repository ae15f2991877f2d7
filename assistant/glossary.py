"""Abbreviations a document defines, and query expansion with them.

Markdown written by web converters (PHP Markdown Extra, html2text) ends with abbreviation
definitions, one per abbreviation, on one line or spread over several::

    *[AGVO]: Allgemeine Gruppenfreistellungsverordnung
      *[
         BMUV
        ]: Bundesministerium für Umwelt, Naturschutz, nukleare Sicherheit und Verbraucherschutz

They are not body text. The Markdown loader removes them (``remove_definitions``) and keeps
them as the document's glossary (``parse_glossary``), stored in the document metadata as a JSON
object (``glossary_to_json``; ``glossary_from_json`` reads it back from chunk metadata, where it
arrives as ``extra_glossary``). ``expand_query`` adds the long form after an abbreviation the
query uses, and the abbreviation after a long form, so both spellings are searched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

__all__ = [
    "expand_query",
    "glossary_from_json",
    "glossary_to_json",
    "parse_glossary",
    "remove_definitions",
]

#: ``*[ABK]: Langform`` at the start of a line; white space (line breaks included) may sit
#: around the abbreviation
_DEFINITION = re.compile(
    r"^[ \t]*\*\[\s*(?P<abbr>[^\]\n]{1,40}?)\s*\]:[ \t]*(?P<long>[^\n]*\S)[ \t]*$",
    re.MULTILINE,
)
#: abbreviations of this length or longer match a query case-insensitively ("agvo")
_CASELESS_FROM = 3


def parse_glossary(text: str) -> dict[str, str]:
    """``{abbreviation: long form}`` of every definition in ``text``; the first one wins.

    White space inside both parts collapses to single spaces. A definition whose long form is
    the abbreviation itself is skipped.
    """
    glossary: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        abbr = " ".join(match["abbr"].split())
        long_form = " ".join(match["long"].split())
        if abbr and long_form and long_form != abbr and abbr not in glossary:
            glossary[abbr] = long_form
    return glossary


def remove_definitions(text: str) -> str:
    """``text`` without its abbreviation definitions; each becomes a paragraph break."""
    return _DEFINITION.sub("\n", text)


def glossary_to_json(glossary: Mapping[str, str]) -> str:
    """The glossary as a compact JSON object, keys sorted (a scalar for the store)."""
    return json.dumps(dict(sorted(glossary.items())), ensure_ascii=False, separators=(",", ":"))


def glossary_from_json(value: object) -> dict[str, str]:
    """Inverse of ``glossary_to_json``; anything that is not such an object gives ``{}``."""
    if not isinstance(value, str) or not value.strip():
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str) and str(k).strip()}


def _word(term: str, *, caseless: bool) -> re.Pattern[str]:
    """``term`` standing as a word: no letter or digit right before or after it."""
    body = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE if caseless else 0)


def _token_end(text: str, end: int) -> int:
    """Extend ``end`` over a hyphenated continuation ("AGVO-konform")."""
    while end < len(text) and text[end] == "-":
        match = re.compile(r"-[^\W_]+").match(text, end)
        if match is None:
            break
        end = match.end()
    return end


def expand_query(query: str, glossary: Mapping[str, str]) -> str:
    """``query`` with ``" (long form)"`` after each defined abbreviation it uses as a word and
    ``" (ABK)"`` after each long form it contains; unchanged when there is none of either.

    Each entry is expanded at most once (its first occurrence), and not at all when the query
    already holds both spellings. Abbreviations of three or more characters match regardless
    of case; shorter ones ("EU", "AO") only as written.
    """
    insertions: dict[int, list[str]] = {}
    for abbr, long_form in glossary.items():
        if not abbr.strip() or not long_form.strip():
            continue
        abbr_match = _word(abbr, caseless=len(abbr) >= _CASELESS_FROM).search(query)
        long_match = _word(long_form, caseless=True).search(query)
        if abbr_match and long_match:
            continue
        if abbr_match:
            insertions.setdefault(_token_end(query, abbr_match.end()), []).append(long_form)
        elif long_match:
            insertions.setdefault(_token_end(query, long_match.end()), []).append(abbr)
    if not insertions:
        return query
    out: list[str] = []
    cursor = 0
    for position in sorted(insertions):
        out.append(query[cursor:position])
        out.extend(f" ({term})" for term in insertions[position])
        cursor = position
    out.append(query[cursor:])
    return "".join(out)
