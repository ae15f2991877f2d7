"""Small tables written as records: a label, then one ``name value`` line per column.

Web pages such as the Förderdatenbank set a table of funding rates as short paragraphs with
hard line breaks, one record per row, and a Markdown export keeps them so::

    Förderschwerpunkt
    A.1 Nachhaltiges Anpassungskonzept

    Förderquote (FQ) 80%
    Mindestzuwendung (Euro) 50.000
    Maximalzuwendung (Euro) 225.000
    FQ für finanzschwache Kommunen 90%

    Förderschwerpunkt
    A.2 Anschlussvorhaben

    Förderquote (FQ) 80%
    ...

Read as prose, the record runs into one line of figures without its row label, and an answer
quotes "Förderquote (FQ) 80% Mindestzuwendung (Euro) 50.000 ..." of whichever row it found.
``record_tables`` reads such a run as a table instead: the header is the label's name and the
value names (``Förderschwerpunkt | Förderquote (FQ) | Mindestzuwendung (Euro) | ...``), each
record is one row (``A.1 Nachhaltiges Anpassungskonzept | 80% | 50.000 | ...``), so the answer
shows "Förderschwerpunkt A.1 Nachhaltiges Anpassungskonzept — Förderquote (FQ): 80%, ...".

The reading is strict, so that prose is never taken for a record: every line of a value
paragraph (at least two) is exactly one pair whose value is a number, a percentage or an amount
(``assistant.flat_table_rows.line_pair``). The label is the paragraph right above it when it is
short and no sentence: two lines (a name without digits, then the value: "Förderschwerpunkt" /
"A.1 ...") or one line (the row's name alone). Records that follow each other with the same
names form one table; a change of names starts the next one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.flat_table_rows import line_pair

__all__ = ["RecordTable", "record_tables", "split_records"]

MIN_VALUE_LINES = 2
MAX_LABEL_NAME_CHARS = 40
MAX_LABEL_CHARS = 120
_LABEL_NAME = re.compile(r"[^\W\d_][^\d.:;,!?]*")


@dataclass(frozen=True)
class RecordTable:
    """A run of records in ``paragraphs[start:end]``, read as a header and rows of cells."""

    start: int
    end: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Record:
    start: int
    end: int
    label_name: str
    label: str
    pairs: tuple[tuple[str, str], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_name, *(name for name, _ in self.pairs))


def _lines(paragraph: str) -> list[str]:
    return [" ".join(line.split()) for line in paragraph.splitlines() if line.strip()]


def _values(paragraph: str) -> tuple[tuple[str, str], ...] | None:
    lines = _lines(paragraph)
    if len(lines) < MIN_VALUE_LINES:
        return None
    pairs = [line_pair(line) for line in lines]
    if any(pair is None for pair in pairs):
        return None
    return tuple(pair for pair in pairs if pair is not None)


def _label(paragraph: str) -> tuple[str, str] | None:
    """``(name, value)`` of a label paragraph; the name is ``""`` for a one-line label."""
    lines = _lines(paragraph)
    if not lines or lines[0].startswith("- ") or line_pair(lines[-1]) is not None:
        return None
    if len(lines) == 2 and len(lines[0]) <= MAX_LABEL_NAME_CHARS:
        name, value = lines
        if not _LABEL_NAME.fullmatch(name):
            return None
    elif len(lines) == 1:
        name, value = "", lines[0]
    else:
        return None
    if len(value) > MAX_LABEL_CHARS or value[-1] in ".:;,!?":
        return None
    return name, value


def _records(paragraphs: Sequence[str]) -> list[_Record]:
    records: list[_Record] = []
    for index, paragraph in enumerate(paragraphs):
        pairs = _values(paragraph)
        if pairs is None:
            continue
        taken = records[-1].end if records else 0
        label = _label(paragraphs[index - 1]) if index > taken else None
        name, value = label or ("", "")
        start = index - 1 if label else index
        records.append(_Record(start, index + 1, name, value, pairs))
    return records


def record_tables(paragraphs: Sequence[str]) -> list[RecordTable]:
    """Every run of records among ``paragraphs`` (one block's paragraphs, in order)."""
    tables: list[RecordTable] = []
    run: list[_Record] = []

    def close() -> None:
        if run:
            header = run[0].names
            rows = tuple((r.label, *(value for _, value in r.pairs)) for r in run)
            tables.append(RecordTable(run[0].start, run[-1].end, header, rows))
        run.clear()

    for record in _records(paragraphs):
        if run and (record.start != run[-1].end or record.names != run[-1].names):
            close()
        run.append(record)
    close()
    return tables


def split_records(paragraphs: Sequence[str]) -> list[list[str] | RecordTable]:
    """``paragraphs`` in order as runs of prose (lists, possibly empty) and record tables."""
    parts: list[list[str] | RecordTable] = []
    position = 0
    for table in record_tables(paragraphs):
        parts.append(list(paragraphs[position : table.start]))
        parts.append(table)
        position = table.end
    parts.append(list(paragraphs[position:]))
    return parts
