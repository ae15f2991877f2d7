"""Markdown loader: front matter, blocks by ATX/setext headings, light markup cleanup.

The cleanup keeps every word verbatim: ``[text](url)`` -> ``text``, images, HTML comments and
``<script>``/``<style>`` elements are dropped, emphasis markers (``**``, ``__``, ``*``, ``_``),
inline-code backticks and table pipes at the row ends are removed, list bullets become ``- ``.
List items, table rows and paragraphs each become one paragraph. Fenced code is kept as text.

The section of a block is its heading; below level 2 the nearest ``##`` heading is prefixed
(``"Förderung \u203a Antragsfrist"``). The first ``#`` heading is the title when the front matter
has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.document import LoadedDocument, TextBlock
from ingest.frontmatter import read_front_matter
from ingest.loaders.headings import HeadingTrail
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
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")

#: lines that only separate paragraphs
_SEPARATORS = (_THEMATIC_BREAK, _TABLE_RULE, _LINK_DEFINITION)

_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
#: applied to whole paragraphs, so ``.`` may cross the single line breaks inside one
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]" + _URL), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),  # reference images
    (re.compile(r"\[([^\]]*)\]" + _URL), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>", re.IGNORECASE), r"\1"),  # autolinks
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


@dataclass
class _Block:
    section: str
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)


class _Builder:
    """Collects paragraphs into blocks, one block per heading.

    Lines gather in ``current`` until a paragraph break; inline markup is then removed from the
    whole paragraph (emphasis may span lines), except in fenced code.
    """

    def __init__(self) -> None:
        self.blocks: list[_Block] = [_Block("")]
        self.trail = HeadingTrail()
        self.current: list[str] = []
        self.code = False

    def heading(self, level: int, text: str) -> None:
        self.paragraph_break()
        text = " ".join(clean_inline(text).split())
        if not text:
            return
        section = self.trail.enter(level, text)
        self.blocks.append(_Block(section, heading=text, paragraphs=[text]))

    def add(self, line: str) -> None:
        self.current.append(line)

    def paragraph_break(self, *, code: bool = False) -> None:
        """End the current paragraph; the next one is fenced code when ``code``."""
        if self.current:
            text = "\n".join(self.current)
            self.blocks[-1].paragraphs.append(text if self.code else clean_inline(text))
        self.current = []
        self.code = code

    def text_blocks(self) -> list[TextBlock]:
        self.paragraph_break()
        out = []
        for block in self.blocks:
            text = normalise_text("\n\n".join(block.paragraphs))
            if text and text != normalise_text(block.heading):
                out.append(TextBlock(text, section=block.section))
        return out


def _body_lines(body: str, builder: _Builder) -> None:
    fence = ""
    previous_is_text = False
    for raw in body.splitlines():
        if fence:
            if raw.strip().startswith(fence):
                fence = ""
                builder.paragraph_break()
            else:
                builder.add(raw)
            continue
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
        if not line.strip() or any(p.match(line) for p in _SEPARATORS):
            builder.paragraph_break()
        elif m := _BULLET.match(line):
            builder.paragraph_break()
            builder.add("- " + line[m.end() :])
        elif _ORDERED.match(line):
            builder.paragraph_break()
            builder.add(line)
        elif line.lstrip().startswith("|"):
            builder.paragraph_break()
            builder.add(" | ".join(cell.strip() for cell in line.strip().strip("|").split("|")))
            builder.paragraph_break()
        else:
            builder.add(line)
            previous_is_text = True


def load_markdown(path: Path, data: bytes) -> LoadedDocument:
    """A Markdown file as blocks by heading; see the module docstring."""
    text, warnings = decode_text(data, name=path.name)
    front, body = read_front_matter(text, name=path.name)
    body = _SCRIPT.sub("", _COMMENT.sub("", body))
    builder = _Builder()
    _body_lines(body, builder)
    blocks = builder.text_blocks()
    if not blocks:
        raise no_text_error(path.name)
    metadata = dict(front)
    if builder.trail.first_h1 and not str(metadata.get("title") or "").strip():
        metadata["title"] = builder.trail.first_h1
    return LoadedDocument(
        path=path, format="markdown", blocks=blocks, metadata=metadata, warnings=warnings
    )
