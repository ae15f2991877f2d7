"""Table rows as text: how loaders write a row, and how an answer shows it.

A table reaches the index as a block of paragraphs, one per row, the header row first. A row's
text is its cells joined with ``" | "``; a ``|`` inside a cell is written ``\\|``. Empty cells
keep their place (``"Investive Förderschwerpunkte | |"``), so the cells line up with the
header. ``render_row`` reads such a row back into its label (the first cell) and ``header
cell: value`` pairs; ``row_sentence`` shows it as one line::

    Förderschwerpunkt 4.1.2 – Energiemanagement — Förderquote (FQ): 70%, FQ für finanzschwache
    Kommunen: 90%

The chunk keeps the row text verbatim; the pairs are rendered from it, never stored instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CELL_SEPARATOR",
    "TableRow",
    "join_cells",
    "render_row",
    "render_rows",
    "row_name",
    "row_sentence",
    "split_cells",
]

CELL_SEPARATOR = " | "
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
#: a first cell that is a number or a code ("4.1.2 – ...", "A.1 ...", "1") names its row only
#: together with the first header cell ("Förderschwerpunkt 4.1.2 – ...", "Nr 1")
_CODE_LABEL = re.compile(r"(?:[A-Za-z]\.?)?\d+(?:[.,/]\d+)*[.)]?(?=\s|$)")
_COLUMN = {"de": "Spalte", "en": "column"}


@dataclass(frozen=True)
class TableRow:
    """One row read against its header.

    ``label`` is the first cell as written; ``label_header`` the first header cell. ``pairs``
    hold ``(header cell, value)`` for the other non-empty cells in column order; the header cell
    is ``""`` for a cell beyond the header's width or under an empty header cell, and
    ``column`` (1-based) says where it stood.
    """

    text: str
    label: str
    label_header: str
    pairs: tuple[tuple[str, str], ...]
    columns: tuple[int, ...]


def join_cells(cells: Sequence[str]) -> str:
    """The text of one row: cells joined with ``" | "``, ``|`` in a cell escaped as ``\\|``.

    White space inside a cell collapses to single spaces; an empty cell keeps its place.
    """
    parts = [" ".join(cell.replace("\\|", "|").replace("|", "\\|").split()) for cell in cells]
    return " ".join(CELL_SEPARATOR.join(parts).split())


def split_cells(row_text: str) -> list[str]:
    """Inverse of ``join_cells``: the cells of one row, ``\\|`` read back as ``|``."""
    return [cell.strip().replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(row_text)]


def _header_cells(header: str | Sequence[str]) -> list[str]:
    if isinstance(header, str):
        return split_cells(header) if header.strip() else []
    return [" ".join(str(cell).split()) for cell in header]


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end > 1 and not cells[end - 1]:
        end -= 1
    return cells[:end]


def render_row(row_text: str, header: str | Sequence[str]) -> TableRow | None:
    """``row_text`` read as a row of ``header`` (its text or its cells).

    ``None`` when the text is not a row of that header: it spans more than one paragraph, it
    is empty, it is the header row itself, or it has a single cell while the header has more
    (prose, not a row).
    """
    text = row_text.strip()
    names = _header_cells(header)
    if not text or "\n" in text or not names:
        return None
    cells = split_cells(text)
    if len(cells) == 1 and len(names) > 1:
        return None
    if _trimmed(cells) == _trimmed(names):
        return None
    pairs: list[tuple[str, str]] = []
    columns: list[int] = []
    for index, value in enumerate(cells[1:], start=1):
        if value:
            pairs.append((names[index] if index < len(names) else "", value))
            columns.append(index + 1)
    return TableRow(text, cells[0], names[0], tuple(pairs), tuple(columns))


def render_rows(text: str, header: str | Sequence[str]) -> list[TableRow]:
    """Every paragraph of ``text`` (e.g. a table chunk) that is a row of ``header``."""
    rows = (render_row(paragraph, header) for paragraph in re.split(r"\n\s*\n", text))
    return [row for row in rows if row is not None]


def row_name(row: TableRow) -> str:
    """The row's label as a reader names it: a code-like label ("A.1 ...", "4.1.2 – ...") gets
    its header cell first ("Förderschwerpunkt A.1 ...")."""
    if row.label and row.label_header and _CODE_LABEL.match(row.label):
        return f"{row.label_header} {row.label}"
    return row.label


def row_sentence(row: TableRow, language: str = "de") -> str:
    """``"Label — Name: Wert, Name: Wert"``; a code-like label gets its header cell first.

    A value without a header cell is named by its column ("Spalte 4: ..." / "column 4: ...").
    A row without values is its label alone; a row without a label is its pairs alone.
    """
    column = _COLUMN.get(language, _COLUMN["en"])
    label = row_name(row)
    values = ", ".join(
        f"{name or f'{column} {index}'}: {value}"
        for (name, value), index in zip(row.pairs, row.columns, strict=True)
    )
    if label and values:
        return f"{label} \u2014 {values}"
    return label or values
