"""Tables, title blocks and abbreviation definitions of the real documents, before and after.

Loads and chunks every document of ``../shared/realdocs/`` (``SOURCES.md`` excepted) with the
project's own loaders and chunker (no index, no model) and prints per document: chunks, table
blocks and their data rows, how many chunks hold a table row without its header, and how many
chunks still hold a Pandoc title-block line (``% ...``) or an abbreviation definition
(``[ABK]: ...``).

"Before" is the ``ingest`` package of a git revision (``--baseline``, default ``HEAD``),
unpacked into a temporary folder and run in a subprocess against the current ``assistant``
package. Table rows are the rows the current loader finds; a chunk "holds a row" when the row's
text is a substring of it, and "has its header" when the header row's text is in it or in its
``table_header`` metadata.

    python -m benchmarks.realdocs_ingest [--realdocs DIR] [--baseline REV | --no-baseline]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REALDOCS = REPO.parent / "shared" / "realdocs"
_MAX_BYTES = 100 * 1024 * 1024
#: what an abbreviation definition looks like once a loader has made text of it
_DEFINITION_LEFT = re.compile(r"\[[^\]\n]{1,40}\]:")


@dataclass(frozen=True)
class ChunkText:
    text: str
    table_header: str = ""


@dataclass(frozen=True)
class Table:
    header: str
    rows: tuple[str, ...]


@dataclass
class Figures:
    chunks: int
    without_header: int
    title_lines_left: int
    definitions_left: int


@dataclass
class DocumentReport:
    name: str
    tables: tuple[Table, ...]
    after: Figures
    before: Figures | None

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def documents(folder: Path) -> list[Path]:
    """The supported files of ``folder`` except ``SOURCES.md``, sorted."""
    from ingest.loaders import SUPPORTED_SUFFIXES

    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "SOURCES.md"
    )


def chunk_texts(path: Path, chunk_size: int, overlap: int) -> list[ChunkText]:
    """The chunks of ``path`` as the importable ``ingest`` package makes them."""
    from ingest.chunking import chunk_document
    from ingest.loaders import load_document
    from ingest.metadata import build_metadata

    doc = load_document(path, max_bytes=_MAX_BYTES)
    meta = build_metadata(doc, {})
    chunks = chunk_document(
        doc, meta, doc_id="d", source=path.name, chunk_size=chunk_size, overlap=overlap
    )
    return [ChunkText(c.text, str(c.metadata.get("table_header") or "")) for c in chunks]


def tables_of(path: Path) -> tuple[Table, ...]:
    """The tables the current loader finds in ``path``: header row and data rows."""
    from ingest.loaders import load_document

    doc = load_document(path, max_bytes=_MAX_BYTES)
    out = []
    for block in doc.blocks:
        if block.table_header:
            header, *rows = block.text.split("\n\n")
            out.append(Table(header, tuple(rows)))
    return tuple(out)


def title_block_lines(path: Path) -> list[str]:
    """The ``% ...`` lines at the start of a Markdown file, white space collapsed."""
    if path.suffix.lower() not in {".md", ".markdown"}:
        return []
    lines = []
    for line in path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff").splitlines():
        if not line.startswith("%"):
            break
        if text := " ".join(line[1:].split()):
            lines.append(text)
    return lines


def figures(chunks: Sequence[ChunkText], tables: Sequence[Table], titles: list[str]) -> Figures:
    """Count chunks holding a row without its header, and leftovers, in ``chunks``."""
    without = 0
    for chunk in chunks:
        for table in tables:
            rows_in = any(row and row != table.header and row in chunk.text for row in table.rows)
            if rows_in and table.header not in chunk.text and chunk.table_header != table.header:
                without += 1
                break
    return Figures(
        chunks=len(chunks),
        without_header=without,
        title_lines_left=sum(1 for c in chunks if any(t in c.text for t in titles)),
        definitions_left=sum(1 for c in chunks if _DEFINITION_LEFT.search(c.text)),
    )


def baseline_chunks(
    paths: Sequence[Path], revision: str, chunk_size: int, overlap: int
) -> tuple[str, dict[str, list[ChunkText]]]:
    """``(commit, {file name: chunks})`` made by the ``ingest`` package of ``revision``."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "ingest"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        code = (
            "import json, sys\n"
            f"sys.path[:0] = [{tmp!r}, {str(REPO)!r}]\n"
            "from pathlib import Path\n"
            "from benchmarks.realdocs_ingest import chunk_texts\n"
            f"paths = {[str(p.resolve()) for p in paths]!r}\n"
            "print(json.dumps({Path(p).name: [[c.text, c.table_header] for c in "
            f"chunk_texts(Path(p), {chunk_size}, {overlap})] for p in paths}}))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp, check=True, capture_output=True, text=True
        )
    data = json.loads(done.stdout)
    return commit, {name: [ChunkText(t, h) for t, h in items] for name, items in data.items()}


def measure(
    paths: Sequence[Path],
    chunk_size: int,
    overlap: int,
    before: dict[str, list[ChunkText]] | None = None,
) -> list[DocumentReport]:
    """One report per document; ``before`` holds the baseline's chunks by file name."""
    reports = []
    for path in paths:
        tables = tables_of(path)
        titles = title_block_lines(path)
        after = figures(chunk_texts(path, chunk_size, overlap), tables, titles)
        old = before.get(path.name) if before is not None else None
        reports.append(
            DocumentReport(
                path.name, tables, after, figures(old, tables, titles) if old is not None else None
            )
        )
    return reports


def render(reports: Sequence[DocumentReport], baseline: str) -> str:
    """The figures as a text table."""
    lines = [
        f"before = ingest/ of {baseline}; without header = chunks holding a table row but not "
        "its header; left = chunks holding a '% ...' title-block line / an '[ABK]:' definition",
        f"{'document':60} {'tables':>6} {'rows':>5} | {'chunks':>6} {'w/o hdr':>7} "
        f"{'left %/[]':>9} | {'chunks':>6} {'w/o hdr':>7} {'left %/[]':>9}",
        f"{'':60} {'':>6} {'':>5} | {'before':^25} | {'after':^25}",
    ]

    def cols(f: Figures | None) -> str:
        if f is None:
            return f"{'n/a':>6} {'n/a':>7} {'n/a':>9}"
        left = f"{f.title_lines_left}/{f.definitions_left}"
        return f"{f.chunks:>6} {f.without_header:>7} {left:>9}"

    for r in reports:
        lines.append(
            f"{r.name[:60]:60} {len(r.tables):>6} {r.rows:>5} | {cols(r.before)} | {cols(r.after)}"
        )
    total_after = Figures(
        sum(r.after.chunks for r in reports),
        sum(r.after.without_header for r in reports),
        sum(r.after.title_lines_left for r in reports),
        sum(r.after.definitions_left for r in reports),
    )
    befores = [r.before for r in reports if r.before is not None]
    total_before = (
        Figures(
            sum(f.chunks for f in befores),
            sum(f.without_header for f in befores),
            sum(f.title_lines_left for f in befores),
            sum(f.definitions_left for f in befores),
        )
        if len(befores) == len(reports)
        else None
    )
    tables = sum(len(r.tables) for r in reports)
    rows = sum(r.rows for r in reports)
    lines.append(f"{'total':60} {tables:>6} {rows:>5} | {cols(total_before)} | {cols(total_after)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdocs", type=Path, default=DEFAULT_REALDOCS)
    parser.add_argument("--baseline", default="HEAD", help="git revision of the 'before' ingest")
    parser.add_argument("--no-baseline", action="store_true", help="only the current figures")
    args = parser.parse_args(argv)
    settings = Settings()
    paths = documents(args.realdocs)
    before = None
    label = "n/a"
    if not args.no_baseline:
        commit, before = baseline_chunks(
            paths, args.baseline, settings.chunk_size, settings.chunk_overlap
        )
        label = f"{args.baseline} ({commit})"
    print(f"chunk size {settings.chunk_size}, overlap {settings.chunk_overlap}")
    print(render(measure(paths, settings.chunk_size, settings.chunk_overlap, before), label))


if __name__ == "__main__":
    main()
