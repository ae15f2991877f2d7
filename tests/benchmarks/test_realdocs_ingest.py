"""benchmarks/realdocs_ingest.py on one real document, and its counting on a small one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from benchmarks.realdocs_ingest import (
    REPO,
    ChunkText,
    Table,
    baseline_chunks,
    figures,
    measure,
    render,
    title_block_lines,
)
from tests.conftest import shared_dir


def test_figures_count_rows_without_header_and_leftovers() -> None:
    table = Table("Land | Quote", ("BW | 60 %", "NRW | 50 %"))
    chunks = [
        ChunkText("Land | Quote\n\nBW | 60 %"),  # header in the text
        ChunkText("NRW | 50 %", table_header="Land | Quote"),  # header in the metadata
        ChunkText("Text davor. NRW | 50 % und mehr"),  # a row without its header
        ChunkText("% Titel des Gesetzes steht hier"),
        ChunkText("- [ AGVO ]: Allgemeine Gruppenfreistellungsverordnung"),
    ]
    got = figures(chunks, [table], ["Titel des Gesetzes"])
    assert (got.chunks, got.without_header, got.title_lines_left, got.definitions_left) == (
        5,
        1,
        1,
        1,
    )


def test_title_block_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("% Ein  Titel\n%\n% 14.08.2017\n\n% kein Titel mehr\n", encoding="utf-8")
    assert title_block_lines(path) == ["Ein Titel", "14.08.2017"]


def test_the_kommunalrichtlinie_after_and_before() -> None:
    path = shared_dir() / "realdocs" / "foerderdatenbank_Kommunalrichtlinie.md"
    if not path.is_file():
        pytest.skip(f"the real documents are not here ({path.parent})")
    settings = Settings()
    before = None
    if shutil.which("git") and (REPO / ".git").exists():
        _, before = baseline_chunks([path], "HEAD", settings.chunk_size, settings.chunk_overlap)
    [report] = measure([path], settings.chunk_size, settings.chunk_overlap, before)
    assert len(report.tables) == 1 and report.rows > 30
    assert report.after.chunks > 100
    assert report.after.without_header == 0
    assert (report.after.title_lines_left, report.after.definitions_left) == (0, 0)
    if report.before is not None:
        assert report.before.chunks > 100
    printed = render([report], "HEAD")
    assert "foerderdatenbank_Kommunalrichtlinie.md" in printed and "total" in printed
