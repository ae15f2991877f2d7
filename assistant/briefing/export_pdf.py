"""Briefing → PDF (fpdf2) with a Unicode TrueType font (umlauts, „quotes“, ₂, …).

fpdf2 bundles no TTF font. The font is looked up in ``font_path`` (argument), then in the
usual system locations of DejaVu Sans (Debian/Ubuntu package ``fonts-dejavu-core``, which
``scripts/setup_browser.sh`` installs) and in a matplotlib installation, if any. Without
one, export fails with a ``ConfigurationError`` saying what to install.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from assistant.briefing.export_markdown import meta_line
from assistant.briefing.model import Briefing, quote_excerpt, reference_line
from assistant.errors import ConfigurationError

FONT_FAMILY = "DejaVu"
_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path(sys.prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    / "site-packages" / "matplotlib" / "mpl-data" / "fonts" / "ttf",
)  # fmt: skip
_LINE = 5.0


def find_font(font_path: Path | None = None) -> tuple[Path, Path | None]:
    """Regular (and, if present, bold) DejaVu Sans TTF files."""
    folders = [font_path] if font_path and font_path.is_dir() else []
    if font_path and font_path.is_file():
        bold = font_path.with_name(font_path.stem + "-Bold" + font_path.suffix)
        return font_path, bold if bold.is_file() else None
    for folder in [*folders, *_CANDIDATES]:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    raise ConfigurationError(
        "Für den PDF-Export fehlt die Schrift DejaVu Sans (Debian/Ubuntu: Paket "
        "fonts-dejavu-core installieren).",
        message_en="PDF export needs the DejaVu Sans font (Debian/Ubuntu: install the package "
        "fonts-dejavu-core).",
    )


class _Pdf(FPDF):
    """A4 pages with a page number in the footer."""

    page_label = "Seite"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 8)
        self.cell(0, 5, f"{self.page_label} {self.page_no()}", align="C")


def wrap(text: str, available: float, width: Callable[[str], float]) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``available``; words wider than
    a line are cut."""
    lines: list[str] = []
    space = width(" ")
    for paragraph in text.split("\n"):
        line = ""
        used = 0.0
        for word in paragraph.split():
            w = width(word)
            while w > available and word:
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                cut = len(word)
                while cut > 1 and width(word[:cut]) > available:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                w = width(word) if word else 0.0
            if not word:
                continue
            if line and used + space + w > available:
                lines.append(line)
                line, used = "", 0.0
            line = f"{line} {word}" if line else word
            used = used + space + w if used else w
        lines.append(line)
    return lines


def to_pdf(briefing: Briefing, font_path: Path | None = None) -> bytes:
    """The briefing as a PDF file."""
    regular, bold = find_font(font_path)
    pdf = _Pdf(format="A4")
    pdf.page_label = "Page" if briefing.language == "en" else "Seite"
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT_FAMILY, "", str(regular))
    pdf.add_font(FONT_FAMILY, "B", str(bold or regular))
    pdf.set_title(briefing.title)
    pdf.set_subject(", ".join(briefing.topics))
    pdf.set_lang(briefing.language)
    pdf.set_creator("Smart-City-Beratungsassistent")
    pdf.add_page()

    widths: dict[tuple[str, float, str], float] = {}

    def width(word: str, style: str, size: float) -> float:
        key = (style, size, word)
        if key not in widths:
            widths[key] = pdf.get_string_width(word)
        return widths[key]

    def write(text: str, size: float = 10, style: str = "", indent: float = 0.0) -> None:
        # own greedy wrapping: fpdf2's multi_cell re-measures whole lines per character
        pdf.set_font(FONT_FAMILY, style, size)
        available = pdf.epw - indent - 1
        for line in wrap(text, available, lambda w: width(w, style, size)):
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(pdf.epw - indent, size * 0.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    write(briefing.title, 16, "B")
    pdf.ln(1)
    write(meta_line(briefing), 9)
    for number, section in enumerate(briefing.sections, start=1):
        pdf.ln(3)
        write(f"{number}. {section.title}", 13, "B")
        pdf.ln(1)
        if not section.blocks:
            write(section.empty_note)
        for block in section.blocks:
            if block.heading:
                pdf.ln(1)
                write(block.heading, 11, "B")
            for statement in block.statements:
                write(f"• {statement.render()}", indent=3)
                pdf.ln(0.8)
        if section.key == "summary" and briefing.notes:
            write(f"{briefing.labels['notes']}: {briefing.notes}", 10)
    pdf.ln(3)
    write(briefing.labels["references"], 13, "B")
    for c in briefing.references:
        pdf.ln(1)
        write(f"[{c.n}] {reference_line(c, briefing.language)}", 9)
        write(f"„{quote_excerpt(c.quote)}“", 8, indent=6)
    return bytes(pdf.output())
