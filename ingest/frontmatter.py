"""YAML front matter: split it off a text and parse it into a mapping.

Front matter is a block at the very start of a file (blank lines before it are tolerated)::

    ---
    title: Förderrichtlinie Smart City
    published: 2024-03-01
    ---
    The body starts here.

The closing line may also be ``...``. Without a closing line there is no front matter and the
whole text is body. Malformed YAML raises ``DocumentError("broken")`` naming the line of the file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from assistant.errors import DocumentError

__all__ = ["load_yaml_mapping", "read_front_matter", "split_front_matter"]

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
