"""An HTML ``<table>`` read as header cells and rows of text.

The header is the table's ``<thead>`` rows, or else its leading rows whose cells are all
``<th>``; several header rows are merged per column ("FQ für" over "finanzschwache Kommunen"
gives "FQ für finanzschwache Kommunen"). A header cell spanning columns (``colspan``) names
each of them; a data cell spanning columns stands in the first and leaves the others empty. A
cell spanning rows (``rowspan``) stands in each of its rows, so every row reads whole. A table
without a header, or one that holds another table, is a layout table: ``read_table`` returns
``None`` and the loader reads it as paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4.element import Tag

from assistant.tables import join_cells
from ingest.text import normalise_text

__all__ = ["HtmlTable", "read_table"]

_MAX_SPAN = 50


@dataclass(frozen=True)
class HtmlTable:
    """``rows`` are row texts (``join_cells``), the header row first."""

    header: tuple[str, ...]
    rows: tuple[str, ...]
    caption: str = ""


def _text(tag: Tag) -> str:
    return " ".join(normalise_text(tag.get_text(" ")).split())


def _span(cell: Tag, name: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(cell.get(name) or "1").strip())))
    except ValueError:
        return 1


def _own(table: Tag, name: str | list[str]) -> list[Tag]:
    """Descendants named ``name`` that belong to ``table`` itself, not to a nested table."""
    return [t for t in table.find_all(name) if t.find_parent("table") is table]


def _place_carried(out: list[str], carried: dict[int, tuple[str, int]]) -> None:
    """Append the texts of cells from rows above that still cover the next columns."""
    while len(out) in carried:
        text, left = carried[len(out)]
        if left <= 1:
            del carried[len(out)]
        else:
            carried[len(out)] = (text, left - 1)
        out.append(text)


def _grid(rows: list[Tag], heads: int) -> list[list[str]]:
    """The cell texts of ``rows`` by column, spans laid out; the first ``heads`` rows are
    header rows (their column spans repeat the text)."""
    grid: list[list[str]] = []
    #: column -> (text, rows still covered) of cells spanning rows
    carried: dict[int, tuple[str, int]] = {}
    for number, row in enumerate(rows):
        out: list[str] = []
        for cell in row.find_all(["th", "td"], recursive=False):
            _place_carried(out, carried)
            text = _text(cell)
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            spread = [text] * colspan if number < heads else [text] + [""] * (colspan - 1)
            for value in spread:
                if rowspan > 1:
                    carried[len(out)] = (value, rowspan - 1)
                out.append(value)
        while carried and max(carried) >= len(out):
            if len(out) in carried:
                _place_carried(out, carried)
            else:
                out.append("")
        grid.append(out)
    return grid


def _merge(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    merged: list[str] = []
    for column in range(width):
        parts: list[str] = []
        for row in rows:
            if column < len(row) and row[column] and row[column] not in parts:
                parts.append(row[column])
        merged.append(" ".join(parts))
    return merged


def read_table(table: Tag) -> HtmlTable | None:
    """The table's header and rows; ``None`` for a layout table (see the module docstring)."""
    if table.find("table") is not None:
        return None
    rows = _own(table, "tr")
    heads = sum(1 for r in rows if r.find_parent("thead") is not None)
    if heads:
        rows = sorted(rows, key=lambda r: r.find_parent("thead") is None)  # thead first
    else:
        for row in rows:
            cells = row.find_all(["th", "td"], recursive=False)
            if not cells or any(c.name != "th" for c in cells):
                break
            heads += 1
    if not heads:
        return None
    grid = _grid(rows, heads)
    header = _merge(grid[:heads])
    if not any(header):
        return None
    texts = [join_cells(header)] + [join_cells(cells) for cells in grid[heads:] if any(cells)]
    captions = _own(table, "caption")
    caption = _text(captions[0]) if captions else ""
    return HtmlTable(tuple(header), tuple(texts), caption)
