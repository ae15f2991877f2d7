"""Admin corrections of metadata: validation, the file in the data dir, the pipeline using it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InvalidRequestError
from assistant.index import SearchIndex
from assistant.settings import Settings
from ingest.corrections import CORRECTIONS_FILE, MetadataCorrections, validate_correction
from ingest.manifest import Manifest
from ingest.pipeline import IngestPipeline, document_id


def test_values_are_normalised() -> None:
    assert validate_correction(
        {
            "title": "  Neue   Richtlinie ",
            "deadline": "31.3.2027",
            "valid_until": "",
            "published": None,
            "topics": "Breitband,  Open Data ,,Breitband",
            "doc_type": "law",
            "language": "",
        }
    ) == {
        "title": "Neue Richtlinie",
        "deadline": "2027-03-31",
        "valid_until": "",
        "published": None,
        "topics": ["Breitband", "Open Data"],
        "doc_type": "law",
        "language": "",
    }


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"doc_type": "Förderrichtlinie"}, ["'doc_type'", "programme_guideline"]),
        ({"valid_until": "2024-13-01"}, ["'valid_until'", "2024-13-01"]),
        ({"region": 5}, ["'region'", "Text"]),
        ({"topics": ["x" * 81]}, ["'topics'"]),
        ({"source": "x"}, ["Unbekanntes Feld 'source'"]),
        ({"title": None, "doc_id": "x"}, ["'doc_id'"]),
    ],
)
def test_invalid_values_name_the_field(body: object, words: list[str]) -> None:
    with pytest.raises(InvalidRequestError) as info:
        validate_correction(body)
    for word in words:
        assert word in info.value.message


def test_file_in_the_data_dir(tmp_path: Path) -> None:
    store = MetadataCorrections(tmp_path)
    assert store.get("a") == {}
    assert store.update("a", {"title": "T", "region": ""}) == {"title": "T", "region": ""}
    assert store.update("a", {"title": None}) == {"region": ""}
    store.update("b", {"doc_type": "law"})
    assert MetadataCorrections(tmp_path).get("b") == {"doc_type": "law"}  # read from disk
    store.remove("a")
    assert store.get("a") == {} and store.get("b") == {"doc_type": "law"}
    (tmp_path / CORRECTIONS_FILE).write_text("{kaputt", encoding="utf-8")
    assert store.get("b") == {}  # a damaged file never stops an ingest


def test_pipeline_applies_the_correction_on_every_index_run(
    settings: Settings, index: SearchIndex, tmp_path: Path
) -> None:
    doc = tmp_path / "docs" / "notiz.md"
    doc.parent.mkdir()
    doc.write_text("---\ntitle: Aus dem Kopf\n---\n# Notiz\n\nDer Rat tagt digital.\n", "utf-8")
    pipeline = IngestPipeline(settings, index, Manifest(settings.manifest_path))
    doc_id = document_id(doc)
    MetadataCorrections(settings.data_dir).update(doc_id, {"title": "Vom Admin", "region": "OWL"})
    pipeline.run([doc])
    doc.write_text(doc.read_text("utf-8") + "\nNeuer Absatz.\n", "utf-8")  # changed: parsed again
    assert pipeline.run([doc]).files[0].status == "indexed"
    stored = [m for _, _, m in index.store.iter_all() if m["doc_id"] == doc_id]
    assert stored and all(m["title"] == "Vom Admin" for m in stored)
    assert all((m["title_source"], m["region"]) == ("admin", "OWL") for m in stored)
    row = pipeline.manifest.get_doc(doc_id)
    assert row is not None and row.title == "Vom Admin"
