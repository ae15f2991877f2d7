"""YAML front matter: split it off a text and parse it into a mapping.

Front matter is a block at the very start of a file (blank lines before it are tolerated)::

    ---
    title: Förderrichtlinie Smart City
    published: 2024-03-01
    ---
    The body starts here.

The closing line may also be ``...``. Without a closing line there is no front matter and the
whole text is body. Malformed YAML raises ``DocumentError("broken")`` naming the line of the file.

A Pandoc title block (``read_title_block``) is the other way Markdown states its title: up to
three lines starting with ``%`` at the very start of the file (title, authors, date; a line
starting with a space continues the one before)::

    % Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen
    % Ausfertigungsdatum: 14.08.2017

It gives ``title``, ``author`` and ``published`` (when a line reads as a date, labelled or not:
``14.08.2017``, ``Ausfertigungsdatum: 14.08.2017``, ``14. August 2017``, ``2017-08-14``) and is
not part of the body.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from assistant.errors import DocumentError

__all__ = [
    "load_yaml_mapping",
    "parse_document_date",
    "read_front_matter",
    "read_title_block",
    "split_front_matter",
]

_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` that keeps an impossible date such as ``2024-13-45`` as a string.

    PyYAML turns anything shaped like a date into ``datetime.date`` and raises ``ValueError``
    when the date does not exist; a wrong date must not make the whole file unreadable.
    """

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``text`` into ``(yaml_block, body, first_line)``.

    ``yaml_block`` is ``None`` when the text has no front matter (then ``body`` is ``text``).
    ``first_line`` is the 1-based line number of the first YAML line in ``text``.
    """
    stripped = text.lstrip("\ufeff")
    start = len(stripped) - len(stripped.lstrip(" \t\r\n"))
    leading_lines = stripped.count("\n", 0, start)
    # the opening --- must sit at the start of a line
    line_start = stripped.rfind("\n", 0, start) + 1
    opening = _OPENING.match(stripped, line_start) if line_start == start else None
    if opening is None:
        return None, text, 0
    closing = _CLOSING.search(stripped, opening.end())
    if closing is None:
        return None, text, 0
    block = stripped[opening.end() : closing.start()]
    body = stripped[closing.end() :]
    return block, body, leading_lines + 2


def load_yaml_mapping(source: str, *, what: str, first_line: int = 1) -> dict[str, Any]:
    """Parse YAML that must be a mapping (or empty); keys become strings.

    ``what`` names the thing for error messages, e.g. ``"Front Matter von a.md"``;
    ``first_line`` is the line of the file on which ``source`` starts.
    """
    try:
        data = yaml.load(source, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise DocumentError(
            "broken",
            f"{what}: ungültiges YAML in Zeile {line} ({problem}).",
            message_en=f"{what}: invalid YAML on line {line} ({problem}).",
        ) from exc
    except RecursionError as exc:
        raise DocumentError(
            "broken",
            f"{what}: YAML ist zu tief verschachtelt.",
            message_en=f"{what}: YAML is nested too deeply.",
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError(
            "broken",
            f"{what}: erwartet werden Einträge der Form 'schlüssel: wert' "
            f"(Zeile {first_line}), gefunden: {type(data).__name__}.",
            message_en=f"{what}: expected 'key: value' entries (line {first_line}), "
            f"found {type(data).__name__}.",
        )
    return {str(key): value for key, value in data.items()}


def read_front_matter(text: str, *, name: str) -> tuple[dict[str, Any], str]:
    """Return ``(front_matter, body)``; ``name`` (the file name) appears in error messages."""
    block, body, first_line = split_front_matter(text)
    if block is None:
        return {}, text
    data = load_yaml_mapping(block, what=f"Front Matter von {name}", first_line=first_line)
    return data, body


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jänner", "january", "jan"),
            ("februar", "feber", "february", "feb"),
            ("märz", "maerz", "march", "mär", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("dezember", "december", "dez", "dec"),
        ),
        start=1,
    )
    for name in names
}
#: "Ausfertigungsdatum:", "Stand:", "Datum -" before the date itself
_LABEL = re.compile(r"^[^\W\d_][\w .-]{0,40}?\s*[:\u2013\u2014-]\s*")
_NUMERIC_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORD_DATE = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?\s+(\d{4})")
_ENGLISH_DATE = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def parse_document_date(text: str) -> date | None:
    """A date that is the whole of ``text``, optionally after a label, else ``None``.

    Accepted: ``14.08.2017``, ``2017-08-14``, ``14. August 2017``, ``August 14, 2017``, each
    optionally after a label such as ``Ausfertigungsdatum:`` or ``Stand:``. Impossible dates
    give ``None``.
    """
    value = " ".join(text.split()).rstrip(".")
    for candidate in (value, _LABEL.sub("", value, count=1)):
        try:
            if m := _NUMERIC_DATE.fullmatch(candidate):
                return date(int(m[3]), int(m[2]), int(m[1]))
            if m := _ISO_DATE.fullmatch(candidate):
                return date(int(m[1]), int(m[2]), int(m[3]))
            if (m := _WORD_DATE.fullmatch(candidate)) and m[2].lower() in _MONTHS:
                return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
            if (m := _ENGLISH_DATE.fullmatch(candidate)) and m[1].lower() in _MONTHS:
                return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
        except ValueError:
            return None
    return None


def read_title_block(text: str) -> tuple[dict[str, Any], str]:
    """Split a Pandoc title block off the start of ``text``: ``(metadata, body)``.

    ``metadata`` has ``title`` (first line), ``author`` (second line, unless it reads as a
    date) and ``published`` (the first of the second and third lines that reads as a date, as a
    ``datetime.date``); an unreadable third line is kept as ``date``. Without a title block the
    result is ``({}, text)``.
    """
    lines = text.lstrip("\ufeff").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fields: list[str] = []
    end = start
    while end < len(lines) and len(fields) <= 3:
        line = lines[end].rstrip("\r")
        if line.startswith("%"):
            if len(fields) == 3:
                break
            fields.append(line[1:])
        elif fields and line[:1] in (" ", "\t") and line.strip():
            fields[-1] += " " + line
        else:
            break
        end += 1
    if not fields:
        return {}, text
    metadata: dict[str, Any] = {}
    parts = [" ".join(f.split()) for f in fields]
    if parts[0]:
        metadata["title"] = parts[0]
    for index, part in enumerate(parts[1:], start=1):
        if not part:
            continue
        found = parse_document_date(part)
        if found is not None and "published" not in metadata:
            metadata["published"] = found
        elif index == 1:
            metadata["author"] = part
        elif found is None:
            metadata["date"] = part
    return metadata, "\n".join(lines[end:])
