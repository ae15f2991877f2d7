"""Render the sample-corpus PDFs from Markdown sources.

Each ``corpus/tools/pdf_sources/NAME.md`` (YAML front matter + Markdown body) becomes
``corpus/projects/NAME.pdf`` (``doc_type: project_report``) or ``corpus/transfer/NAME.pdf``
(``doc_type: transfer_note``) plus a sidecar ``NAME.pdf.meta.yaml`` with the front matter.

Every ``##`` heading is rendered bold and added to the PDF outline, so a reader (and the
ingest pipeline) can map pages to sections. The built-in Helvetica font only covers latin-1,
so typographic characters are replaced by ASCII equivalents; anything else outside latin-1
is an error rather than a silent ``?``.

The sample notice is metadata: the source's ``sample_note`` goes into the sidecar only, and
the PDF's text carries no "Beispielinhalt" note (``--verify`` fails if a page does).

Only a tool dependency: ``fpdf2`` (``.venv/bin/pip install fpdf2``). ``--verify`` re-reads
the written PDFs with pypdf and prints page counts, outlines and a text check per page.

Usage::

    .venv/bin/python corpus/tools/make_pdfs.py            # build all
    .venv/bin/python corpus/tools/make_pdfs.py --verify   # build, then check with pypdf
    .venv/bin/python corpus/tools/make_pdfs.py --verify-only
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

TOOLS_DIR = Path(__file__).resolve().parent
CORPUS_DIR = TOOLS_DIR.parent
SOURCE_DIR = TOOLS_DIR / "pdf_sources"
OUTPUT_DIRS = {
    "project_report": CORPUS_DIR / "projects",
    "transfer_note": CORPUS_DIR / "transfer",
}
META_KEYS = (
    "title",
    "doc_type",
    "region",
    "municipality",
    "programme",
    "published",
    "valid_until",
    "topics",
    "contacts",
    "url",
    "language",
    "sample_content",
    "sample_note",
    "based_on",
)

# Characters outside latin-1 that appear in German typography, mapped to plain equivalents.
REPLACEMENTS = {
    "\u201e": '"',  # low double quote
    "\u201c": '"',  # left double quote
    "\u201d": '"',  # right double quote
    "\u201a": "'",  # low single quote
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2026": "...",  # ellipsis
    "\u2022": "-",  # bullet
    "\u20ac": "EUR",  # euro sign
    "\u2192": "->",  # right arrow
    "\u2082": "2",  # subscript two (CO₂)
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u00ad": "",  # soft hyphen
}

FONT = "Helvetica"
BODY_SIZE = 11
LINE_H = 5.6
MARGIN = 20


def to_latin1(text: str, where: str) -> str:
    """Replace typographic characters and fail on anything Helvetica cannot show."""
    for src, dst in REPLACEMENTS.items():
        text = text.replace(src, dst)
    bad = sorted({ch for ch in text if ord(ch) > 0xFF})
    if bad:
        names = ", ".join(f"U+{ord(ch):04X} {ch!r}" for ch in bad)
        raise ValueError(f"{where}: characters outside latin-1: {names}")
    return text


def split_front_matter(raw: str, where: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", raw, flags=re.S)
    if not match:
        raise ValueError(f"{where}: missing YAML front matter")
    meta = yaml.safe_load(match.group(1))
    if not isinstance(meta, dict):
        raise ValueError(f"{where}: front matter is not a mapping")
    missing = [key for key in META_KEYS if key not in meta]
    if missing:
        raise ValueError(f"{where}: front matter lacks {missing}")
    if meta["doc_type"] not in OUTPUT_DIRS:
        raise ValueError(f"{where}: doc_type {meta['doc_type']!r} has no output folder")
    return meta, match.group(2)


def parse_blocks(body: str) -> list[tuple[str, str]]:
    """Split the Markdown body into (kind, text) blocks.

    kinds: h1, h2, h3, quote, bullet, number, para. Consecutive non-empty lines of a
    paragraph are joined with spaces.
    """
    blocks: list[tuple[str, str]] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(("para", " ".join(para)))
            para.clear()

    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith("### "):
            flush()
            blocks.append(("h3", stripped[4:].strip()))
        elif stripped.startswith("## "):
            flush()
            blocks.append(("h2", stripped[3:].strip()))
        elif stripped.startswith("# "):
            flush()
            blocks.append(("h1", stripped[2:].strip()))
        elif stripped.startswith("> "):
            flush()
            blocks.append(("quote", stripped[2:].strip()))
        elif stripped.startswith(("- ", "* ")):
            flush()
            blocks.append(("bullet", stripped[2:].strip()))
        elif re.match(r"^\d+\.\s", stripped):
            flush()
            blocks.append(("number", stripped))
        elif blocks and blocks[-1][0] in {"bullet", "number", "quote"} and not para:
            # continuation line of a list item or quote
            kind, text = blocks[-1]
            blocks[-1] = (kind, f"{text} {stripped}")
        else:
            para.append(stripped)
    flush()
    return blocks


def _markdown_safe(text: str) -> bool:
    """fpdf2's inline markdown also reads ``--`` (underline), ``__`` (italic), ``~~``."""
    return not any(marker in text for marker in ("--", "__", "~~"))


def build_pdf(source: Path) -> Path:
    from fpdf import FPDF  # tool dependency, imported late so --help works without it

    where = str(source.relative_to(CORPUS_DIR.parent))
    meta, body = split_front_matter(source.read_text(encoding="utf-8"), where)
    title = to_latin1(str(meta["title"]), where)
    out_dir = OUTPUT_DIRS[meta["doc_type"]]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.pdf"
    twin = out_dir / f"{source.stem}.md"
    if twin.exists():
        raise ValueError(f"{where}: {twin} also exists; keep the source only in pdf_sources/")

    published = meta.get("published")
    created = (
        dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)
        if isinstance(published, dt.date)
        else dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )
    # the running header repeats the title only: the sample notice lives in the sidecar's
    # ``sample_note``, never in the PDF's text
    header_text = title

    class Doc(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(FONT, "I", 8)
            self.set_text_color(110, 110, 110)
            text = header_text
            while self.get_string_width(text) > self.w - 2 * MARGIN and len(text) > 10:
                text = text[:-4].rstrip() + "..."
            self.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT", align="L")
            self.ln(3)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FONT, "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 6, f"Seite {self.page_no()} von {{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = Doc(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.alias_nb_pages()
    pdf.set_title(title)
    pdf.set_author("Beispielkorpus Smart-City-Assistent (sample content)")
    pdf.set_subject(to_latin1(f"{meta['doc_type']} - {meta.get('municipality', '')}", where))
    pdf.set_keywords(", ".join(str(t) for t in meta.get("topics") or []))
    pdf.set_creator("corpus/tools/make_pdfs.py")
    pdf.set_lang(str(meta.get("language") or "de"))
    pdf.set_creation_date(created)
    pdf.page_mode = "USE_OUTLINES"
    pdf.add_page()

    width = pdf.w - 2 * MARGIN

    def paragraph(text: str, style: str = "", size: float = BODY_SIZE, indent: float = 0) -> None:
        text = to_latin1(text, where)
        pdf.set_font(FONT, style, size)
        pdf.set_x(MARGIN + indent)
        if "**" in text and _markdown_safe(text):
            pdf.multi_cell(
                width - indent, LINE_H, text, markdown=True, new_x="LMARGIN", new_y="NEXT"
            )
        else:
            pdf.multi_cell(
                width - indent, LINE_H, text.replace("**", ""), new_x="LMARGIN", new_y="NEXT"
            )

    def reserve_notice_space() -> None:
        # The notice used to be printed here as a grey box; it is metadata now. Leaving its
        # height free keeps every page break, and so the outline's pages and the page numbers
        # that evaluation questions and citations name, as they were.
        note = str(meta.get("sample_note") or "").strip()
        if not note:
            return
        pdf.set_font(FONT, "I", 9.5)
        height = pdf.multi_cell(
            width,
            5,
            to_latin1(f"Beispielinhalt: {note}", where),
            padding=2,
            dry_run=True,
            output="HEIGHT",
        )
        assert isinstance(height, float | int), height
        pdf.ln(height + 3)

    def keep_line_on_page() -> None:
        # a list marker is placed by coordinates; without this, a marker at the foot of a
        # page lands on one page and its text on the next
        if pdf.get_y() + LINE_H > pdf.page_break_trigger:
            pdf.add_page()

    first_h1 = True
    for kind, text in parse_blocks(body):
        if kind == "h1":
            heading = to_latin1(text, where) if not first_h1 else title
            first_h1 = False
            pdf.set_font(FONT, "B", 17)
            pdf.multi_cell(width, 8, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            pdf.set_font(FONT, "", 9)
            pdf.set_text_color(90, 90, 90)
            info = (
                f"{meta.get('municipality') or ''} | Region {meta.get('region') or ''} | "
                f"Programm: {meta.get('programme') or 'ohne'} | Stand: {meta.get('published')}"
            )
            pdf.multi_cell(width, 4.5, to_latin1(info, where), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            pdf.ln(4)
            reserve_notice_space()
        elif kind == "h2":
            heading = to_latin1(text, where)
            # keep a heading together with at least three lines of its section
            if pdf.get_y() + 8 + 3 * LINE_H > pdf.h - MARGIN:
                pdf.add_page()
            pdf.ln(3)
            pdf.start_section(heading, level=0)
            pdf.set_font(FONT, "B", 13.5)
            pdf.multi_cell(width, 7, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif kind == "h3":
            pdf.ln(1)
            paragraph(text, "B", BODY_SIZE)
        elif kind == "quote":
            pdf.set_fill_color(238, 238, 238)
            pdf.set_font(FONT, "I", 9.5)
            pdf.multi_cell(
                width,
                5,
                to_latin1(text, where),
                fill=True,
                padding=2,
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(3)
        elif kind == "bullet":
            keep_line_on_page()
            y = pdf.get_y()
            pdf.set_font(FONT, "", BODY_SIZE)
            pdf.set_xy(MARGIN + 2, y)
            pdf.cell(4, LINE_H, "-")
            pdf.set_xy(MARGIN + 6, y)
            paragraph(text, indent=6)
            pdf.ln(1)
        elif kind == "number":
            number, rest = text.split(" ", 1)
            keep_line_on_page()
            y = pdf.get_y()
            pdf.set_font(FONT, "", BODY_SIZE)
            pdf.set_xy(MARGIN + 1, y)
            pdf.cell(6, LINE_H, number)
            paragraph(rest, indent=7)
            pdf.ln(1)
        else:
            paragraph(text)
            pdf.ln(2.5)

    pdf.output(str(target))
    sidecar = out_dir / f"{source.stem}.pdf.meta.yaml"
    sidecar_meta = {key: meta[key] for key in META_KEYS}
    sidecar.write_text(
        "# Sidecar metadata for the PDF of the same name; generated by corpus/tools/make_pdfs.py\n"
        + yaml.safe_dump(sidecar_meta, sort_keys=False, allow_unicode=True, width=1000),
        encoding="utf-8",
    )
    return target


def verify(pdf_path: Path) -> bool:
    """Print page count, outline and a per-page text check; return True when all is fine."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    ok = True
    pages = len(reader.pages)
    print(f"\n{pdf_path.relative_to(CORPUS_DIR.parent)}: {pages} pages")
    if not 3 <= pages <= 5:
        print("  ! expected 3-5 pages")
        ok = False
    outline = reader.outline
    if not outline:
        print("  ! no outline")
        ok = False
    for item in outline:
        if isinstance(item, list):
            continue
        index = reader.get_destination_page_number(item)
        target = "?" if index is None else str(index + 1)
        print(f"  outline: p.{target}  {item.title}")
    for number, pdf_page in enumerate(reader.pages, start=1):
        text = pdf_page.extract_text() or ""
        if "Beispielinhalt" in text:
            print(f"  ! page {number} carries a 'Beispielinhalt' note (belongs in sample_note)")
            ok = False
        words = len(text.split())
        german = any(ch in text for ch in "äöüÄÖÜß")
        footer = f"Seite {number} von {pages}" in text
        enough = words > (30 if number == pages else 80)
        flag = "" if enough and german and footer else "  ! check"
        ok = ok and not flag
        print(f"  page {number}: {words} words, umlauts={german}, footer={footer}{flag}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="default: all pdf_sources/*.md")
    parser.add_argument("--verify", action="store_true", help="check the PDFs with pypdf")
    parser.add_argument("--verify-only", action="store_true", help="only check, do not build")
    args = parser.parse_args(argv)

    sources = args.sources or sorted(SOURCE_DIR.glob("*.md"))
    if not sources:
        print(f"no sources in {SOURCE_DIR}", file=sys.stderr)
        return 2
    targets: list[Path] = []
    for source in sources:
        if args.verify_only:
            meta, _ = split_front_matter(source.read_text(encoding="utf-8"), str(source))
            targets.append(OUTPUT_DIRS[meta["doc_type"]] / f"{source.stem}.pdf")
        else:
            target = build_pdf(source)
            print(f"wrote {target.relative_to(CORPUS_DIR.parent)} (+ .meta.yaml)")
            targets.append(target)
    if args.verify or args.verify_only:
        results = [verify(target) for target in targets]
        return 0 if all(results) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
