"""Markdown loader: front matter, blocks by ATX/setext headings, light markup cleanup.

The cleanup keeps every word verbatim: ``[text](url)`` -> ``text``, images, HTML comments and
``<script>``/``<style>`` elements are dropped, emphasis markers (``**``, ``__``, ``*``, ``_``)
and inline-code backticks are removed, list bullets become ``- ``. List items and paragraphs
each become one paragraph. Fenced code is kept as text.

Pipe tables (``ingest.loaders.pipe_tables``) become blocks of their own under the current
section: ``table_header`` holds the header cells, each row is one paragraph of its cells joined
with ``" | "`` (``assistant.tables.join_cells``), the header row first. A header whose cells are
all empty gives way to the first row. Lines with pipes that are no table (no delimiter row)
stay one paragraph each, as before. Records that a web page set with hard line breaks (a label,
then one ``name value`` line per column, ``ingest.loaders.record_tables``) become table blocks
the same way, one row per record.

Not body text: a Pandoc title block (``% title`` / ``% author`` / ``% date`` at the very start,
when there is no front matter) gives ``title``, ``author`` and ``published``; abbreviation
definitions (``*[ABK]: Langform``) are collected into ``metadata["glossary"]`` (a JSON object,
``assistant.glossary``).

The section of a block is its heading; below level 2 the nearest ``##`` heading is prefixed
(``"Förderung \u203a Antragsfrist"``); Pandoc attributes (``{-}``, ``{#id}``) are not part of
a heading. Headings that restate the document title lose it
(``ingest.loaders.headings``). The first ``#`` heading is the title when neither front matter
nor a title block gives one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.glossary import glossary_to_json, parse_glossary, remove_definitions
from assistant.tables import join_cells
from ingest.document import LoadedDocument, TextBlock
from ingest.frontmatter import read_front_matter, read_title_block
from ingest.loaders.headings import HeadingTrail
from ingest.loaders.pipe_tables import delimiter_columns, has_pipe, header_start, split_pipe_row
from ingest.loaders.record_tables import split_records
from ingest.loaders.text import decode_text, no_text_error
from ingest.text import normalise_text

__all__ = ["clean_inline", "load_markdown"]


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"^(\s*)[*+-][ \t]+")
_ORDERED = re.compile(r"^\s*\d{1,9}[.)][ \t]+")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: Pandoc heading attributes: ``# Bildverzeichnis {-}``, ``## Ziele {#ziele .unnumbered}``
_HEADING_ATTRIBUTES = re.compile(r"[ \t]+\{(?:-|[#.][^{}]*)\}$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")

#: lines that only separate paragraphs
_SEPARATORS = (_THEMATIC_BREAK, _TABLE_RULE, _LINK_DEFINITION)

_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
#: applied to whole paragraphs, so ``.`` may cross the single line breaks inside one
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    # footnote references ("Agenda 2030 [^1].", "Datenethikkonzept.[^128]"): a superscript
    # in the rendered page, a false citation marker in an answer
    (re.compile(r"[ \t]*\[\^[^\]\s]+\]"), ""),
    # Pandoc citations and link targets ("Modell [@link(5starinfo)] herangezogen",
    # "[@doe99, S. 3]"): markers of the source, never words of the text
    (re.compile(r"[ \t]*(\*\*|__|\*|_)\[@[^\]\n]*\]\1"), ""),  # with its emphasis
    (re.compile(r"[ \t]*\[@[^\]\n]*\]"), ""),
    (re.compile(r"!\[[^\]]*\]" + _URL), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),  # reference images
    (re.compile(r"\[([^\]]*)\]" + _URL), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>", re.IGNORECASE), r"\1"),  # autolinks
    # inline HTML tags (the words between them stay): <a href="...">Lizenz</a>, <sup>1</sup>
    (re.compile(r"</?(?:a|span|em|strong|b|i|u|sup|sub|small|font|abbr|mark)\b[^>]*>", re.I), ""),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"`+([^`]+?)`+"), r"\1"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL), r"\2"),  # strong
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])", re.DOTALL), r"\1"),
    (re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)", re.DOTALL), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.DOTALL), r"\1"),  # strikethrough
)


def clean_inline(text: str) -> str:
    """Remove inline Markdown markup from one paragraph, keeping its words."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _cell(text: str) -> str:
    """One table cell as it is indexed: markup removed, normalised, on one line."""
    return " ".join(normalise_text(clean_inline(text)).split())


@dataclass
class _Block:
    section: str
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    #: a table block: its header cells (``None`` for prose) and rows of cells
    header: list[str] | None = None
    rows: list[list[str]] = field(default_factory=list)

    def table_block(self) -> TextBlock | None:
        header = [_cell(c) for c in self.header or []]
        rows = [[_cell(c) for c in row] for row in self.rows]
        rows = [row for row in rows if any(row)]
        if not any(header) and rows:
            header = rows.pop(0)
        if not any(header):
            return None
        text = "\n\n".join(join_cells(cells) for cells in [header, *rows])
        return TextBlock(text, section=self.section, table_header=tuple(header))


class _Builder:
    """Collects paragraphs into blocks, one block per heading and one per table.

    Lines gather in ``current`` until a paragraph break; inline markup is then removed from the
    whole paragraph (emphasis may span lines), except in fenced code. A line that starts with
    a pipe waits in ``current`` (``pipe_line``) for the next line: a delimiter row makes it a
    table header, anything else makes it a paragraph of its own.
    """

    def __init__(self, title: str = "") -> None:
        self.blocks: list[_Block] = [_Block("")]
        self.trail = HeadingTrail(title)
        self.current: list[str] = []
        self.code = False
        self.pipe_line = False

    def heading(self, level: int, text: str) -> None:
        self.paragraph_break()
        text = " ".join(clean_inline(_HEADING_ATTRIBUTES.sub("", text)).split())
        if not text:
            return
        section = self.trail.enter(level, text)
        self.blocks.append(_Block(section, heading=text, paragraphs=[text]))

    def add(self, line: str) -> None:
        self.current.append(line)

    def add_pipe_line(self, line: str) -> None:
        self.paragraph_break()
        self.current.append(line)
        self.pipe_line = True

    def paragraph_break(self, *, code: bool = False) -> None:
        """End the current paragraph; the next one is fenced code when ``code``."""
        if self.current:
            text = "\n".join(self.current)
            if self.pipe_line:
                text = join_cells([clean_inline(c) for c in split_pipe_row(text)])
            self.blocks[-1].paragraphs.append(text if self.code else clean_inline(text))
        self.current = []
        self.code = code
        self.pipe_line = False

    def start_table(self, columns: int) -> bool:
        """Open a table whose header is at the end of ``current``; False when none is."""
        start = header_start(self.current, columns)
        if start is None:
            return False
        header = split_pipe_row(" ".join(line.strip() for line in self.current[start:]))
        self.current = self.current[:start]
        self.pipe_line = False
        self.paragraph_break()
        self.blocks.append(_Block(self.blocks[-1].section, header=header))
        return True

    def table_row(self, line: str) -> None:
        self.blocks[-1].rows.append(split_pipe_row(line))

    def end_table(self) -> None:
        """Prose after a table continues the table's section in a block of its own."""
        self.blocks.append(_Block(self.blocks[-1].section))

    def text_blocks(self) -> list[TextBlock]:
        self.paragraph_break()
        out = []
        for block in self.blocks:
            if block.header is not None:
                if (table := block.table_block()) is not None:
                    out.append(table)
                continue
            out.extend(_prose_blocks(block))
        return out


def _prose(block: _Block, paragraphs: list[str]) -> list[TextBlock]:
    text = normalise_text("\n\n".join(paragraphs))
    if text and text != normalise_text(block.heading):
        return [TextBlock(text, section=block.section)]
    return []


def _prose_blocks(block: _Block) -> list[TextBlock]:
    """A prose block, with its runs of records (``record_tables``) as table blocks between."""
    out: list[TextBlock] = []
    for part in split_records(block.paragraphs):
        if isinstance(part, list):
            out.extend(_prose(block, part))
            continue
        header = [_cell(cell) for cell in part.header]
        rows = [[_cell(cell) for cell in row] for row in part.rows]
        text = "\n\n".join(join_cells(cells) for cells in [header, *rows])
        out.append(TextBlock(text, section=block.section, table_header=tuple(header)))
    return out


def _ends_table(raw: str, line: str) -> bool:
    return not line.strip() or not has_pipe(line) or bool(_FENCE.match(raw) or _ATX.match(line))


def _body_lines(body: str, builder: _Builder) -> None:
    fence = ""
    previous_is_text = False
    in_table = False
    for raw in body.splitlines():
        if fence:
            if raw.strip().startswith(fence):
                fence = ""
                builder.paragraph_break()
            else:
                builder.add(raw)
            continue
        if in_table:
            if not _ends_table(raw, _QUOTE.sub("", raw)):
                builder.table_row(_QUOTE.sub("", raw))
                continue
            in_table = False
            builder.end_table()
        if m := _FENCE.match(raw):
            fence = m[1][0] * 3
            builder.paragraph_break(code=True)
            previous_is_text = False
            continue
        line = _QUOTE.sub("", raw)
        if m := _ATX.match(line):
            builder.heading(len(m[1]), _CLOSING_HASHES.sub("", m[2] or "").strip())
            previous_is_text = False
            continue
        if previous_is_text and (m := _SETEXT.match(line)):
            title = builder.current.pop()
            builder.heading(1 if m[1][0] == "=" else 2, title)
            previous_is_text = False
            continue
        previous_is_text = False
        columns = delimiter_columns(line)
        if columns and builder.current and not builder.code and builder.start_table(columns):
            in_table = True
            continue
        if builder.pipe_line:
            builder.paragraph_break()
        if not line.strip() or any(p.match(line) for p in _SEPARATORS):
            builder.paragraph_break()
        elif m := _BULLET.match(line):
            builder.paragraph_break()
            builder.add("- " + line[m.end() :])
        elif _ORDERED.match(line):
            builder.paragraph_break()
            builder.add(line)
        elif line.lstrip().startswith("|"):
            builder.add_pipe_line(line)
        else:
            builder.add(line)
            previous_is_text = True


def load_markdown(path: Path, data: bytes) -> LoadedDocument:
    """A Markdown file as blocks by heading; see the module docstring."""
    text, warnings = decode_text(data, name=path.name)
    front, body = read_front_matter(text, name=path.name)
    title_block: dict[str, object] = {}
    if not front:
        title_block, body = read_title_block(body)
    body = _SCRIPT.sub("", _COMMENT.sub("", body))
    glossary = parse_glossary(body)
    body = remove_definitions(body)
    metadata = dict(front)
    for key, value in title_block.items():
        metadata.setdefault(key, value)
    builder = _Builder(str(metadata.get("title") or ""))
    _body_lines(body, builder)
    blocks = builder.text_blocks()
    if not blocks:
        raise no_text_error(path.name)
    if builder.trail.first_h1 and not str(metadata.get("title") or "").strip():
        metadata["title"] = builder.trail.first_h1
    if glossary and "glossary" not in metadata:
        metadata["glossary"] = glossary_to_json(glossary)
    return LoadedDocument(
        path=path, format="markdown", blocks=blocks, metadata=metadata, warnings=warnings
    )
