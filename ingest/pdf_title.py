"""The first prominent line of a PDF's first page: its title when the info dictionary has none.

Many PDFs carry a useless ``/Title`` ("PowerPoint-Präsentation", "Microsoft Word - x.docx") or
none, while their first page states the title in large type. pypdf reports every text run with
its font size and text matrix; the effective size is the font size scaled by the vertical
factor of ``text matrix x current matrix``. Runs form lines (a new line at a line break or a
change of the baseline); the largest size on the page is the heading size when it is clearly
larger than the body text (``MIN_RATIO``; on a title page, where the large type is the most
common one: when it is short and there is smaller text too), and the first line of that
size, joined with the lines of the same size directly below it (a wrapped title), is the
heading.

Only page 1 is read; any error costs only this title (``""``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from ingest.loaders.pdf import plausible_title
from ingest.loaders.pdf_noise import capture_library_noise

__all__ = ["first_page_heading"]

#: the heading must be at least this much larger than the body text
MIN_RATIO = 1.2
#: a heading is not longer than this (characters)
MAX_HEADING_CHARS = 250
#: sizes closer than this (points) count as the same
SIZE_TOLERANCE = 0.6
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass
class _Line:
    text: str = ""
    size: float = 0.0
    letters: int = 0


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """Product of two PDF matrices ``[a b c d e f]``."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _lines(reader: PdfReader) -> list[_Line]:
    lines: list[_Line] = [_Line()]
    last_y: list[float | None] = [None]

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        m = _multiply(list(tm), list(cm))
        effective = abs(size * math.hypot(m[2], m[3]))
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i > 0:
                lines.append(_Line())
                last_y[0] = None
            letters = len(_LETTERS.findall(part))
            if not part.strip():
                continue
            y = m[5]
            previous = last_y[0]
            line = lines[-1]
            if previous is not None and line.letters and abs(y - previous) > 0.5 * effective:
                lines.append(_Line())
                line = lines[-1]
            last_y[0] = y
            line.text += part
            if letters:
                line.size = max(line.size, effective)
                line.letters += letters

    reader.pages[0].extract_text(visitor_text=visit)
    return [line for line in lines if line.letters]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SIZE_TOLERANCE


def heading_of_lines(lines: list[tuple[str, float]]) -> str:
    """The heading among ``(text, size)`` lines in reading order (see the module doc)."""
    usable = [(" ".join(t.split()), s) for t, s in lines if _LETTERS.search(t) and s > 0]
    if len(usable) < 1:
        return ""
    weights: Counter[float] = Counter()
    for text, size in usable:
        weights[round(size, 1)] += len(text)
    body = weights.most_common(1)[0][0]
    top = max(size for _, size in usable)
    top_chars = sum(len(t) for t, s in usable if _same(s, top))
    smaller = any(s * MIN_RATIO <= top for _, s in usable)
    # a title page: the largest type is the most common one, but it is short and there is
    # smaller text too
    title_page = smaller and top_chars <= MAX_HEADING_CHARS
    if len(usable) > 1 and top < body * MIN_RATIO and not title_page:
        return ""
    start = next(i for i, (_, size) in enumerate(usable) if _same(size, top))
    parts = [usable[start][0]]
    for text, size in usable[start + 1 :]:
        if not _same(size, top) or sum(map(len, parts)) + len(text) > MAX_HEADING_CHARS:
            break
        parts.append(text)
    joined = " ".join(parts)
    joined = re.sub(r"(?<=\w)- (?=[a-zäöüß])", "", joined)  # undo a hyphenated line break
    # two lower-case letters first ("them."): running text, not a title ("eGovernment" is)
    if joined[:2].isalpha() and joined[:2].islower():
        return ""
    return plausible_title(unicodedata.normalize("NFKC", joined))


def first_page_heading(path: Path, data: bytes | None = None) -> str:
    """The heading of page 1 of the PDF at ``path`` (or of ``data``), ``""`` when there is
    none or the page cannot be read."""
    noise: list[str] = []
    try:
        with capture_library_noise(noise):
            raw = data if data is not None else path.read_bytes()
            reader = PdfReader(BytesIO(raw), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            if not reader.pages:
                return ""
            lines = _lines(reader)
    except Exception:  # a damaged first page costs only this title
        return ""
    return heading_of_lines([(line.text, line.size) for line in lines])
