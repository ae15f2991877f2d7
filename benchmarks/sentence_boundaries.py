"""Sentence boundaries on the real documents: the legacy splitter against the current one.

Loads the real documents of ``shared/realdocs/`` with the project's own loaders and chunks
them as the ingest pipeline does (``load_document`` -> ``pack_sentences`` per block, with the
settings' chunk size and overlap; no index is written). Every chunk is split into sentences
by the legacy splitter (the pre-issue-19 ``split_sentences``, copied below as
``legacy_split``) and by ``assistant.sentences.split_sentences``. A sentence is an *error*
when it starts or ends strictly inside

* a date: a day ordinal before a month (``22. August 2023``, ``1. Okt. 2024``) or before a
  numeric month and year (``1. 1. 2024``), or
* a reference: a chain of paragraph and list markers with their numbers (``§ 5 Abs. 2 Nr. 3``,
  ``Ziff. 4.2``, ``Art. 107``, ``Nummer 4.1``, ``Anlage 2``, ``Kap. 3``, ``S. 12``) or a gazette
  citation (``BGBl. I S. 1284``, ``ABl. L 231``, ``SächsGVBl. S. 153``).

Dates and references are found in the text of the whole block (page or section), so a chunk
edge that the chunker cut inside one is an error as well; those are printed separately as
``edges`` because both splitters share the chunks. Also printed: the speed of both splitters
in microseconds per chunk of 550-650 characters of the same documents (best of 5).
Target: 0 errors for the current splitter.

    .venv/bin/python -m benchmarks.sentence_boundaries [--realdocs DIR] [--examples 3]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.sentences import split_sentences
from assistant.settings import Settings
from ingest.chunking import pack_sentences
from ingest.loaders import SUPPORTED_SUFFIXES, load_document

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REALDOCS = REPO.parent / "shared" / "realdocs"

Splitter = Callable[[str], list[str]]

# --- legacy splitter: assistant/sentences.py as it was before issue 19, kept to compare ------
_LEGACY_ABBREVIATIONS = frozenset(
    {
        "abs", "art", "bzw", "ca", "d", "dr", "etc", "evtl", "ggf", "gem", "inkl", "max", "min",
        "mio", "mrd", "nr", "prof", "s", "sog", "st", "str", "tel", "u", "usw", "vgl", "z",
        "zzgl", "bspw", "i", "e", "v", "jh", "jhd", "mr", "mrs", "vs", "no", "fig", "e.v",
        "kap", "lt", "ff", "hrsg", "rd", "tsd",
    }
)  # fmt: skip
_LEGACY_BOUNDARY = re.compile(r"([.!?…]+[\"'»«“”)\]]*)(\s+)(?=[\"'„“»(\[]?[A-ZÄÖÜ0-9])")
_LEGACY_LAST_WORD = re.compile(r"([\w.]+)$")
_LEGACY_TAIL = 48


def legacy_split(text: str) -> list[str]:
    """LEGACY (pre-issue-19) ``split_sentences``, unchanged: the baseline of this benchmark."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        start = 0
        for match in _LEGACY_BOUNDARY.finditer(paragraph):
            end = match.end(1)
            candidate = paragraph[start:end]
            if match.group(1).startswith(".") and _legacy_is_abbreviation(candidate[:-1]):
                continue
            if candidate.strip():
                sentences.append(candidate.strip())
            start = match.end(2)
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


def _legacy_is_abbreviation(before_dot: str) -> bool:
    tail = before_dot[-_LEGACY_TAIL:]
    match = _LEGACY_LAST_WORD.search(tail)
    if match is not None and match.start() == 0 and len(before_dot) > _LEGACY_TAIL:
        match = _LEGACY_LAST_WORD.search(before_dot)
    if match is None:
        return False
    word = match.group(1).lower().rstrip(".")
    if "." in word:
        return True
    return word in _LEGACY_ABBREVIATIONS or (len(word) == 1 and word.isalpha())


# --- what counts as an error -------------------------------------------------------------------
_MONTH = (
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\b\.?"
)
DATE = re.compile(
    rf"\b\d{{1,2}}\.\s*{_MONTH}(?:\s*\d{{4}}\b)?|\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}\b"
)
_MARKER = (
    r"(?:§§?|Art\.|Artikel|Abs\.|Absatz|Absatzes|Nr\.|Nrn\.|Nummer|Ziff\.|Ziffer|Kap\.|Kapitel"
    r"|Anlage|Anhang|S\.|Satz|lit\.|Buchst\.)"
)
_MARKED_NUMBER = rf"{_MARKER}\s*\d+[a-z]?(?:\.\d+)*"
REFERENCE = re.compile(
    rf"{_MARKED_NUMBER}(?:\s+{_MARKED_NUMBER})*"
    r"|\b[A-ZÄÖÜ]\w*Bl\.\s+(?:\d{4}\s+)?(?:I{1,3}\s+|[LC]\s+|SDr\.\s+)?(?:(?:Nr\.|S\.)\s*)?"
    r"[S\s]*\d+"
)


@dataclass
class Tally:
    """Sentences and boundary errors of one splitter on some text."""

    sentences: int = 0
    date: int = 0
    reference: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Sentences that start or end inside a date or a reference."""
        return self.date + self.reference

    def add(self, other: Tally) -> None:
        """Add ``other``'s counts (and examples) to this tally."""
        self.sentences += other.sentences
        self.date += other.date
        self.reference += other.reference
        self.examples.extend(other.examples)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of every match of ``pattern`` in ``text``."""
    return [m.span() for m in pattern.finditer(text)]


def _inside(position: int, found: Sequence[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in found)


def locate(pieces: Sequence[str], text: str) -> list[int]:
    """Start offsets of consecutive (possibly overlapping) verbatim ``pieces`` of ``text``."""
    offsets: list[int] = []
    cursor = 0
    for piece in pieces:
        at = text.find(piece, cursor)
        if at < 0:
            at = text.index(piece)
        offsets.append(at)
        cursor = at + 1
    return offsets


def tally(
    text: str, split: Splitter, pieces: Sequence[str] | None = None, *, keep_examples: int = 0
) -> Tally:
    """Split each of ``pieces`` (verbatim parts of ``text``; default ``[text]``) with ``split``
    and count the sentences that start or end strictly inside a date or a reference of
    ``text``."""
    dates = spans(DATE, text)
    references = spans(REFERENCE, text)
    out = Tally()
    parts = [text] if pieces is None else list(pieces)
    for base, piece in zip(locate(parts, text), parts, strict=True):
        sentences = split(piece)
        out.sentences += len(sentences)
        for offset, sentence in zip(locate(sentences, piece), sentences, strict=True):
            start = base + offset
            end = start + len(sentence)
            in_date = _inside(start, dates) or _inside(end, dates)
            in_reference = not in_date and (_inside(start, references) or _inside(end, references))
            out.date += in_date
            out.reference += in_reference
            if (in_date or in_reference) and len(out.examples) < keep_examples:
                out.examples.append(_example(text, start, end))
    return out


def chunk_edges_inside(text: str, pieces: Sequence[str]) -> int:
    """Chunk edges (start or end) that fall inside a date or reference of ``text``."""
    found = spans(DATE, text) + spans(REFERENCE, text)
    count = 0
    for base, piece in zip(locate(pieces, text), pieces, strict=True):
        count += _inside(base, found) + _inside(base + len(piece), found)
    return count


def _example(text: str, start: int, end: int) -> str:
    head = text[start : start + 50]
    tail = text[max(start, end - 50) : end]
    return f"«{head}» … «{tail}» | next: «{text[end : end + 30]}»"


# --- the run ----------------------------------------------------------------------------------
@dataclass
class DocumentResult:
    """Both splitters on one document."""

    name: str
    chunks: int
    legacy: Tally
    current: Tally
    edges: int


def document_blocks(path: Path) -> list[str]:
    """The block texts of one document, as the project's loaders produce them."""
    loaded = load_document(path, max_bytes=Settings().max_file_bytes)
    return [block.text for block in loaded.blocks]


def measure_document(path: Path, chunk_size: int, overlap: int, examples: int) -> DocumentResult:
    """Chunk ``path`` like the pipeline and tally both splitters on every chunk."""
    legacy, current = Tally(), Tally()
    chunks = edges = 0
    for text in document_blocks(path):
        pieces = [p for p in pack_sentences(text, chunk_size, overlap) if p.strip()]
        chunks += len(pieces)
        edges += chunk_edges_inside(text, pieces)
        room = max(0, examples - len(legacy.examples))
        legacy.add(tally(text, legacy_split, pieces, keep_examples=room))
        room = max(0, examples - len(current.examples))
        current.add(tally(text, split_sentences, pieces, keep_examples=room))
    return DocumentResult(path.name, chunks, legacy, current, edges)


def microseconds_per_chunk(split: Splitter, chunks: Sequence[str], repeats: int = 5) -> float:
    """Best-of-``repeats`` time of ``split`` per chunk, in microseconds."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for chunk in chunks:
            split(chunk)
        best = min(best, time.perf_counter() - t0)
    return best / len(chunks) * 1e6


def documents(folder: Path) -> list[Path]:
    """The supported files of ``folder`` except ``SOURCES.md``, sorted."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "SOURCES.md"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdocs", type=Path, default=DEFAULT_REALDOCS)
    parser.add_argument("--examples", type=int, default=3, help="examples per document")
    args = parser.parse_args(argv)
    settings = Settings()
    results = [
        measure_document(p, settings.chunk_size, settings.chunk_overlap, args.examples)
        for p in documents(args.realdocs)
    ]
    print(
        f"chunk size {settings.chunk_size}, overlap {settings.chunk_overlap}; errors = sentences "
        "that start or end inside a date / a reference"
    )
    header = f"{'document':58} {'chunks':>6} | {'legacy: sent':>12} {'date':>5} {'ref':>4}"
    print(header + f" | {'new: sent':>9} {'date':>5} {'ref':>4} | {'edges':>5}")
    total_legacy, total_current = Tally(), Tally()
    for r in results:
        total_legacy.add(r.legacy)
        total_current.add(r.current)
        print(
            f"{r.name[:58]:58} {r.chunks:6} | {r.legacy.sentences:12} {r.legacy.date:5} "
            f"{r.legacy.reference:4} | {r.current.sentences:9} {r.current.date:5} "
            f"{r.current.reference:4} | {r.edges:5}"
        )
    print(
        f"{'total':58} {sum(r.chunks for r in results):6} | {total_legacy.sentences:12} "
        f"{total_legacy.date:5} {total_legacy.reference:4} | {total_current.sentences:9} "
        f"{total_current.date:5} {total_current.reference:4} | {sum(r.edges for r in results):5}"
    )
    for label, legacy in (("legacy", True), ("new", False)):
        shown = [(r.name, e) for r in results for e in (r.legacy if legacy else r.current).examples]
        print(f"\nexamples, {label} splitter ({len(shown)}):")
        for name, example in shown:
            print(f"  {name[:30]}: {example}")
    sample = [
        p
        for path in documents(args.realdocs)
        for text in document_blocks(path)
        for p in pack_sentences(text, 650, 0)
        if len(p) >= 550
    ]
    average = sum(len(p) for p in sample) / len(sample)
    old_us = microseconds_per_chunk(legacy_split, sample)
    new_us = microseconds_per_chunk(split_sentences, sample)
    print(
        f"\nspeed on {len(sample)} chunks of {average:.0f} chars: legacy {old_us:.1f} µs/chunk, "
        f"new {new_us:.1f} µs/chunk"
    )


if __name__ == "__main__":
    main()
