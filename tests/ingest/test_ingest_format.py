"""Re-ingest triggered by the ingest format number (ingest/format_version.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ingest.chunking
from api.cli import app
from assistant.embeddings import IdentifiedEmbeddings
from assistant.index import SearchIndex
from assistant.settings import Settings
from benchmarks.sentence_boundaries import legacy_split
from ingest.chunking import chunk_document
from ingest.format_version import FIRST_FORMAT, INGEST_FORMAT
from ingest.loaders import load_document
from ingest.manifest import Manifest
from ingest.metadata import build_metadata, read_sidecar
from ingest.pipeline import IngestPipeline, IngestReport, document_id

GUIDELINE = "\n\n".join(
    f"{n}. Diese Richtlinie tritt mit Wirkung vom {n + 1}. August 2023 in Kraft und gilt nach "
    f"§ {n} Abs. 2 Nr. 3 bis zum 30. Juni 2026. Anträge sind bis zum {n}. Oktober eines "
    "Jahres bei der Bewilligungsbehörde einzureichen, z. B. elektronisch. Gefördert werden "
    "Kommunen und Landkreise."
    for n in range(1, 6)
)


def write_docs(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "richtlinie.md").write_text("# Richtlinie\n\n" + GUIDELINE + "\n", encoding="utf-8")
    (root / "park.txt").write_text("Paderborn zeigt freie Parkplätze an.\n", encoding="utf-8")
    (root / "lora.md").write_text("# LoRaWAN\n\nDelbrück misst den Wasserverbrauch.\n", "utf-8")
    return root


def expected_chunk_ids(path: Path, settings: Settings) -> set[str]:
    """The chunk ids a fresh ingest with the current code gives ``path``."""
    loaded = load_document(path, max_bytes=settings.max_file_bytes)
    chunks = chunk_document(
        loaded,
        build_metadata(loaded, read_sidecar(path)),
        doc_id=document_id(path),
        source="",
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
    )
    return {c.chunk_id for c in chunks}


def set_stored_format(settings: Settings, value: int, name: str | None = None) -> None:
    with sqlite3.connect(settings.manifest_path) as db:
        if name is None:
            db.execute("UPDATE documents SET ingest_format = ?", (value,))
        else:
            db.execute(
                "UPDATE documents SET ingest_format = ? WHERE path LIKE ?", (value, f"%/{name}")
            )


def stored_formats(settings: Settings) -> dict[str, int]:
    with sqlite3.connect(settings.manifest_path) as db:
        rows = db.execute("SELECT path, ingest_format FROM documents").fetchall()
    return {Path(path).name: value for path, value in rows}


def statuses(report: IngestReport) -> dict[str, str]:
    return {Path(f.path).name: f.status for f in report.files}


def json_statuses(files: list[dict[str, str]]) -> dict[str, str]:
    return {Path(f["path"]).name: f["status"] for f in files}


@pytest.mark.slow
def test_an_older_format_rebuilds_chunks_as_a_fresh_ingest_would(
    settings: Settings, index: SearchIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = write_docs(tmp_path / "docs")
    guideline = (docs / "richtlinie.md").resolve()
    pipeline = IngestPipeline(settings, index, Manifest(settings.manifest_path))

    # an index made by the old code: the legacy splitter cut the guideline at its dates
    monkeypatch.setattr(ingest.chunking, "split_sentences", legacy_split)
    pipeline.run([docs])
    set_stored_format(settings, FIRST_FORMAT)
    monkeypatch.undo()
    old_ids = {i for i, _, _ in index.store.iter_all() if i.startswith(document_id(guideline))}
    fresh_ids = expected_chunk_ids(guideline, settings)
    assert old_ids and old_ids != fresh_ids  # the format change really changes the chunks

    generation = index.state.read()
    report = pipeline.run([docs])
    assert statuses(report) == dict.fromkeys(["lora.md", "park.txt", "richtlinie.md"], "indexed")
    assert index.state.read() > generation
    ids = [i for i, _, _ in index.store.iter_all()]
    assert {i for i in ids if i.startswith(document_id(guideline))} == fresh_ids
    assert len(ids) == len(set(ids)) == sum(f.chunks for f in report.files)
    assert set(index.lexical.ids) == set(ids)
    assert stored_formats(settings) == dict.fromkeys(statuses(report), INGEST_FORMAT)

    again = pipeline.run([docs])
    assert set(statuses(again).values()) == {"unchanged"}
    assert [i for i, _, _ in index.store.iter_all()] == ids


@pytest.mark.slow
def test_a_run_that_stopped_half_way_redoes_only_the_rest(
    tmp_path: Path, e5: IdentifiedEmbeddings
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    index = SearchIndex(settings, e5)
    docs = write_docs(tmp_path / "docs")
    pipeline = IngestPipeline(settings, index, Manifest(settings.manifest_path))
    pipeline.run([docs])
    set_stored_format(settings, FIRST_FORMAT)
    # a run of the new code that got as far as one file (the others still at format 1)
    assert statuses(pipeline.run([docs / "lora.md"])) == {"lora.md": "indexed"}
    assert stored_formats(settings) == {
        "lora.md": INGEST_FORMAT,
        "park.txt": FIRST_FORMAT,
        "richtlinie.md": FIRST_FORMAT,
    }
    assert statuses(pipeline.run([docs])) == {
        "lora.md": "unchanged",
        "park.txt": "indexed",
        "richtlinie.md": "indexed",
    }


def test_a_manifest_from_before_the_format_number_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "manifest.sqlite3"
    with sqlite3.connect(path) as db:  # the schema as the code before the number wrote it
        db.execute(
            """CREATE TABLE documents (doc_id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL,
            content_hash TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('indexing',
            'indexed', 'failed')), chunks INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL
            DEFAULT '', message TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
            doc_type TEXT NOT NULL DEFAULT '', format TEXT NOT NULL DEFAULT '', pages INTEGER,
            warnings TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)"""
        )
        db.execute(
            "INSERT INTO documents (doc_id, path, content_hash, status, chunks, updated_at) "
            "VALUES ('a-1', '/x/a.md', 'h', 'indexed', 3, '2024-01-01T00:00:00+00:00')"
        )
    manifest = Manifest(path)
    row = manifest.get("/x/a.md")
    assert row is not None and row.ingest_format == FIRST_FORMAT and row.chunks == 3
    Manifest(path).close()  # a second opening finds the column and leaves it
    manifest.finish(
        "a-1", chunks=4, title="A", doc_type="other", format="markdown", pages=None,
        warnings=[], ingest_format=INGEST_FORMAT,
    )  # fmt: skip
    row = manifest.get_doc("a-1")
    assert row is not None and (row.ingest_format, row.chunks, row.title) == (INGEST_FORMAT, 4, "A")
    manifest.close()


@pytest.mark.slow
def test_smartcity_ingest_reindexes_a_data_dir_of_an_older_format(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    settings = Settings()  # the data dir the CLI uses (SMARTCITY_DATA_DIR, set per test)
    runner = CliRunner()

    def ingest() -> dict[str, str]:
        result = runner.invoke(app, ["ingest", "--json", str(docs)])
        assert result.exit_code == 0, result.stdout
        return json_statuses(json.loads(result.stdout)["files"])

    assert set(ingest().values()) == {"indexed"}
    assert set(ingest().values()) == {"unchanged"}  # same number: nothing to do
    set_stored_format(settings, INGEST_FORMAT - 1, "park.txt")
    assert ingest() == {"lora.md": "unchanged", "park.txt": "indexed", "richtlinie.md": "unchanged"}
    with sqlite3.connect(settings.manifest_path) as db:  # an old manifest: no number at all
        db.execute("ALTER TABLE documents DROP COLUMN ingest_format")
    assert set(ingest().values()) == {"indexed"}
    assert set(ingest().values()) == {"unchanged"}
    assert set(stored_formats(settings).values()) == {INGEST_FORMAT}
