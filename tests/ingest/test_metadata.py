"""Metadata: sidecars, precedence, inference, normalisation, the store round trip."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import DocumentError
from ingest.document import LoadedDocument, TextBlock
from ingest.metadata import (
    DocumentMetadata,
    build_metadata,
    read_sidecar,
    readable_file_name,
    sidecar_path,
)

GERMAN = (
    "Die Förderung wird für Projekte der Kommunen gewährt, die sich mit der Digitalisierung "
    "und dem Klimaschutz befassen. Anträge sind bei der Bewilligungsstelle einzureichen."
)
ENGLISH = (
    "The programme supports municipalities that are working on digital services and on the "
    "energy transition. Applications have to be sent to the funding agency by the deadline."
)


def doc(
    path: str = "/data/corpus/misc/datei.md",
    metadata: dict[str, Any] | None = None,
    text: str = GERMAN,
) -> LoadedDocument:
    return LoadedDocument(
        path=Path(path), format="markdown", blocks=[TextBlock(text)], metadata=metadata or {}
    )


def test_sidecar_path() -> None:
    assert sidecar_path(Path("/x/bericht.pdf")) == Path("/x/bericht.pdf.meta.yaml")


def test_read_sidecar(tmp_path: Path) -> None:
    pdf = tmp_path / "bericht.pdf"
    assert read_sidecar(pdf) == {}
    sidecar_path(pdf).write_text(
        "\ufefftitle: Abschlussbericht\nvalid_until: 2026-12-31\n", encoding="utf-8"
    )
    assert read_sidecar(pdf) == {"title": "Abschlussbericht", "valid_until": date(2026, 12, 31)}


@pytest.mark.parametrize(
    "content",
    [b"title: [unclosed\n", b"- a\n- b\n", b"title: \xe4\xf6\xfc\n"],
    ids=["yaml-error", "not-a-mapping", "not-utf8"],
)
def test_broken_sidecar(tmp_path: Path, content: bytes) -> None:
    pdf = tmp_path / "bericht.pdf"
    sidecar_path(pdf).write_bytes(content)
    with pytest.raises(DocumentError) as info:
        read_sidecar(pdf)
    assert info.value.reason == "broken"
    assert "bericht.pdf.meta.yaml" in info.value.message


def test_empty_sidecar(tmp_path: Path) -> None:
    pdf = tmp_path / "bericht.pdf"
    sidecar_path(pdf).write_text("# nur ein Kommentar\n", encoding="utf-8")
    assert read_sidecar(pdf) == {}


def test_precedence_sidecar_over_file_over_inference() -> None:
    loaded = doc(
        "/data/corpus/projekte/bericht.md",
        {"title": "Aus der Datei", "region": "Bodensee", "programme": "Smart Cities"},
    )
    meta = build_metadata(loaded, {"title": "Aus dem Sidecar", "region": "", "url": None})
    assert meta.title == "Aus dem Sidecar"
    assert meta.region == "Bodensee"  # empty sidecar values do not override
    assert meta.programme == "Smart Cities"
    assert meta.doc_type == "project_report"  # inferred from the folder
    assert meta.language == "de"  # inferred from the text


def test_explicit_doc_type_beats_the_folder() -> None:
    meta = build_metadata(doc("/c/projekte/a.md", {"doc_type": "transfer_note"}), {})
    assert meta.doc_type == "transfer_note"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("programme_guideline", "programme_guideline"),
        ("Programme-Guideline", "programme_guideline"),
        ("foerderrichtlinie", "programme_guideline"),
        ("Förderrichtlinie", "programme_guideline"),
        ("projektbericht", "project_report"),
        ("Transfersteckbrief", "transfer_note"),
        ("other", "other"),
    ],
)
def test_doc_type_values_and_aliases(value: str, expected: str) -> None:
    assert build_metadata(doc(metadata={"doc_type": value}), {}).doc_type == expected


def test_unknown_doc_type_falls_back_with_a_warning() -> None:
    loaded = doc("/c/programmes/a.md", {"doc_type": "flyer"})
    assert build_metadata(loaded, {}).doc_type == "programme_guideline"
    assert any("flyer" in w for w in loaded.warnings)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/c/programmes/a.md", "programme_guideline"),
        ("/c/programme/a.md", "programme_guideline"),
        ("/c/foerderprogramme/land/a.md", "programme_guideline"),
        ("/c/projects/a.md", "project_report"),
        ("/c/projekte/a.md", "project_report"),
        ("/c/projektberichte/2024/a.md", "project_report"),
        ("/c/transfer/a.md", "transfer_note"),
        ("/c/transfernotizen/a.md", "transfer_note"),
        ("/c/misc/a.md", "other"),
        # only the nearest folders count, and never past a folder named corpus
        ("/home/u/projects/corpus/a.md", "other"),
        ("/projects/a/b/c/a.md", "other"),
    ],
)
def test_doc_type_from_folder(path: str, expected: str) -> None:
    assert build_metadata(doc(path), {}).doc_type == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("foerderaufruf_smart-city_2024.pdf", "foerderaufruf smart-city 2024"),
        ("smart-city-leitfaden.md", "smart city leitfaden"),
        ("Bericht Quartier Süd.pdf", "Bericht Quartier Süd"),
        ("bericht.v2.pdf", "bericht.v2"),
    ],
)
def test_title_from_file_name(name: str, expected: str) -> None:
    assert readable_file_name(Path(name)) == expected
    assert build_metadata(doc(f"/c/{name}"), {}).title == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2025, 6, 30), date(2025, 6, 30)),
        (datetime(2025, 6, 30, 12, 0), date(2025, 6, 30)),
        ("2025-06-30", date(2025, 6, 30)),
        ("30.06.2025", date(2025, 6, 30)),
        ("2025-06-30T10:00:00", date(2025, 6, 30)),
        ("2025-02-30", None),
        ("2024-13-45", None),
        ("31.02.2025", None),
        ("bald", None),
        ("2025-06", None),  # no invented day
        (2025, None),
        (["2025-06-30"], None),
    ],
)
def test_dates(raw: object, expected: date | None) -> None:
    loaded = doc(metadata={"valid_until": raw})
    meta = build_metadata(loaded, {})
    assert meta.valid_until == expected
    if expected is None:
        assert any("valid_until" in w for w in loaded.warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Mobilität", "Energie"], ("Mobilität", "Energie")),
        ("Mobilität, Energie ,, Wasser", ("Mobilität", "Energie", "Wasser")),
        (["Mobilität, Energie", "Mobilität", " "], ("Mobilität", "Energie")),
        ("Mobilität", ("Mobilität",)),
        (None, ()),
        ([], ()),
    ],
)
def test_topics_and_contacts(raw: object, expected: tuple[str, ...]) -> None:
    meta = build_metadata(doc(metadata={"topics": raw, "contacts": raw}), {})
    assert meta.topics == expected
    assert meta.contacts == expected


@pytest.mark.parametrize(
    ("front", "text", "expected"),
    [
        ({"language": "de"}, ENGLISH, "de"),
        ({"lang": "en-GB"}, GERMAN, "en"),
        ({"language": "Deutsch"}, ENGLISH, "de"),
        ({}, GERMAN, "de"),
        ({}, ENGLISH, "en"),
        ({"language": "fr"}, ENGLISH, "en"),
        ({}, "Smart City 2030", ""),
        ({}, GERMAN + " " + ENGLISH, ""),
    ],
)
def test_language(front: dict[str, Any], text: str, expected: str) -> None:
    assert build_metadata(doc(metadata=front, text=text), {}).language == expected


def test_url_must_be_http() -> None:
    loaded = doc(metadata={"url": "javascript:alert(1)"})
    assert build_metadata(loaded, {}).url == ""
    assert any("url" in w for w in loaded.warnings)
    assert build_metadata(doc(metadata={"url": " https://x.de/a "}), {}).url == "https://x.de/a"


def test_extra_keys_and_flags() -> None:
    loaded = doc(
        metadata={
            "applicants": ["Gemeinden", "Landkreise"],
            "funding_rate": 0.5,
            "region_scope": "Land",
            "nested": {"a": 1},
            "empty": None,
            "Förder-Art (kurz)": "Zuschuss",
            "$$": "x",
            "sample_content": "ja",
            "based_on": "Förderaufruf 2023",
        }
    )
    meta = build_metadata(loaded, {"funding_rate": "60 %"})
    assert meta.extra == {
        "applicants": "Gemeinden, Landkreise",
        "funding_rate": "60 %",
        "region_scope": "Land",
        "förder_art_kurz": "Zuschuss",
    }
    assert meta.sample_content is True
    assert meta.based_on == "Förderaufruf 2023"


def test_to_store_is_flat_and_round_trips() -> None:
    meta = DocumentMetadata(
        title="Förderrichtlinie Smart City",
        doc_type="programme_guideline",
        region="Bodensee-Oberschwaben",
        municipality="Überlingen",
        programme="Modellprojekte Smart Cities",
        published=date(2024, 3, 1),
        valid_until=date(2026, 12, 31),
        deadline=None,
        topics=("Mobilität", "Energie"),
        contacts=("kea-bw", "ministerium-digital"),
        url="https://example.org/richtlinie",
        language="de",
        sample_content=True,
        based_on="Förderaufruf 2023",
        extra={"funding_rate": "60 %", "applicants": "Gemeinden, Landkreise"},
    )
    store = meta.to_store()
    for value in store.values():
        assert isinstance(value, (str, int, bool))
    assert store["published"] == "2024-03-01"
    assert store["published_n"] == 20240301
    assert store["valid_until_n"] == 20261231
    assert store["deadline"] == ""
    assert store["deadline_n"] == 0
    assert store["topics"] == "Mobilität, Energie"
    assert store["extra_funding_rate"] == "60 %"
    # the pipeline adds its own keys; they must not leak into the metadata
    stored = {**store, "doc_id": "abc", "page": 3, "section": "1 Ziel", "key_region": "x"}
    assert DocumentMetadata.from_store(stored) == meta


def test_round_trip_of_minimal_and_of_built_metadata() -> None:
    minimal = DocumentMetadata(title="x", doc_type="other")
    assert DocumentMetadata.from_store(minimal.to_store()) == minimal
    built = build_metadata(
        doc(metadata={"topics": "a, b", "published": "2024-01-31", "x": [1, 2]}), {}
    )
    assert DocumentMetadata.from_store(built.to_store()) == built


def test_from_store_tolerates_bad_values() -> None:
    meta = DocumentMetadata.from_store(
        {"title": 3, "doc_type": "flyer", "published": "nie", "sample_content": "no"}
    )
    assert meta == DocumentMetadata(title="3", doc_type="other")
