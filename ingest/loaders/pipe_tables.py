"""Pipe tables in Markdown: the delimiter row, the cells of a row, where the header starts.

A table is a header row, a delimiter row (``---|:---:|---``, outer pipes optional) with as
many cells as the header, then rows until a blank line or a line without a pipe. Converters
such as html2text wrap long header cells onto lines without pipes::

    Förderschwerpunkt  |  Förderquote (FQ)  |  FQ für
    finanzschwache
    Kommunen
    ---|---|---

so the header is the shortest run of lines before the delimiter, starting at a line with a
pipe, whose joined text has as many cells as the delimiter row. ``\\|`` is a pipe inside a
cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["delimiter_columns", "has_pipe", "header_start", "split_pipe_row"]

_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def has_pipe(line: str) -> bool:
    """Whether ``line`` holds a pipe that separates cells."""
    return _UNESCAPED_PIPE.search(line) is not None


def split_pipe_row(line: str) -> list[str]:
    """The cells of one source row, stripped; one outer pipe on each side is dropped and
    ``\\|`` becomes ``|``."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(text)]


def delimiter_columns(line: str) -> int:
    """The number of columns when ``line`` is a delimiter row (it needs a pipe), else 0."""
    if "|" not in line or _DELIMITER.match(line) is None:
        return 0
    return len(split_pipe_row(line))


def header_start(lines: Sequence[str], columns: int) -> int | None:
    """Index into ``lines`` (the lines just before a delimiter row) where the header starts;
    ``None`` when no run of lines ending with the last one has ``columns`` cells."""
    for start in range(len(lines) - 1, -1, -1):
        if not has_pipe(lines[start]):
            continue
        count = len(split_pipe_row(" ".join(line.strip() for line in lines[start:])))
        if count == columns:
            return start
        if count > columns:
            return None
    return None
