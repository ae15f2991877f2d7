"""The sample corpus: formats, honesty rules and that every document ingests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.contacts import load_contacts
from assistant.regions import load_regions
from tests.conftest import REPO

CORPUS = REPO / "corpus"
DOC_FOLDERS = {
    "programmes": "programme_guideline",
    "projects": "project_report",
    "transfer": "transfer_note",
}


def front_matter(path: Path) -> dict[str, object]:
    if path.suffix == ".pdf":
        return dict(yaml.safe_load(Path(f"{path}.meta.yaml").read_text(encoding="utf-8")))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return dict(yaml.safe_load(text.split("\n---", 2)[0][4:]))


def documents() -> list[Path]:
    return sorted(
        p for f in DOC_FOLDERS for p in (CORPUS / f).iterdir() if p.suffix in {".md", ".pdf"}
    )


def test_enough_documents_of_each_kind() -> None:
    counts = {f: sum(1 for p in documents() if p.parent.name == f) for f in DOC_FOLDERS}
    assert counts["programmes"] >= 10
    assert counts["projects"] >= 15
    assert counts["transfer"] >= 10
    assert sum(1 for p in documents() if p.suffix == ".pdf") >= 3


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_document_metadata_is_honest_and_complete(path: Path) -> None:
    meta = front_matter(path)
    assert meta["doc_type"] == DOC_FOLDERS[path.parent.name]
    assert meta["sample_content"] is True
    assert str(meta["based_on"]).strip()
    assert meta["title"]
    body = path.read_text(encoding="utf-8") if path.suffix == ".md" else ""
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", body), "no e-mail addresses"


def test_transfer_notes_follow_the_fixed_structure() -> None:
    headings = [
        "Lösung", "Wo sie läuft", "Voraussetzungen", "Aufwand und Personal",
        "Daten und Datenschutz (DSGVO)", "Beschaffung und Vergabe", "Stolpersteine", "Wer berät",
    ]  # fmt: skip
    for path in (CORPUS / "transfer").glob("*.md"):
        found = re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
        assert found == headings, path.name


def test_contacts_are_organisations_with_channels() -> None:
    contacts = load_contacts(CORPUS / "contacts.yaml")
    assert len(contacts) >= 20
    for c in contacts:
        assert c.organisation and c.role and c.region and c.channel, c.id
    ids = {c.id for c in contacts}
    for path in documents():
        for cid in front_matter(path).get("contacts") or []:  # type: ignore[union-attr]
            assert cid in ids, f"{path.name} names unknown contact {cid}"


def test_regions_cover_nrw_and_all_of_owl() -> None:
    raw = yaml.safe_load((CORPUS / "regions.yaml").read_text(encoding="utf-8"))
    assert len(raw["regierungsbezirke"]) == 5
    kinds = [k["kind"] for k in raw["kreise"]]
    assert kinds.count("kreisfreie_stadt") == 22
    assert len(kinds) - kinds.count("kreisfreie_stadt") == 31  # 30 Kreise + StädteRegion Aachen
    regions = load_regions(CORPUS / "regions.yaml")
    owl = [p for p in regions.places.values() if p.regierungsbezirk_id == "detmold"]
    assert len(owl) == 70
    delbrueck, paderborn, bielefeld = (
        regions.find(n) for n in ("Delbrück", "Paderborn", "Bielefeld")
    )
    assert delbrueck.kreis == "Kreis Paderborn" and delbrueck.region == "OWL"
    assert regions.distance(delbrueck, paderborn) == 1
    assert regions.distance(delbrueck, bielefeld) == 2
    assert regions.distance(delbrueck, regions.find("Köln")) == 3


def test_unknown_municipality_lists_close_matches() -> None:
    from assistant.errors import NotFoundError

    regions = load_regions(CORPUS / "regions.yaml")
    with pytest.raises(NotFoundError, match="Delbrück"):
        regions.find("Delbrük")


def test_evaluation_questions_point_to_real_documents() -> None:
    questions = yaml.safe_load((CORPUS / "eval" / "questions.yaml").read_text(encoding="utf-8"))
    assert len(questions) >= 40
    ids = {c.id for c in load_contacts(CORPUS / "contacts.yaml")}
    for q in questions:
        assert q["question"] and q["documents"], q["id"]
        for doc in q["documents"]:
            assert (REPO / doc).is_file(), f"{q['id']}: {doc}"
        assert set(q.get("contacts") or []) <= ids, q["id"]
    assert len({q["id"] for q in questions}) == len(questions)


@pytest.mark.slow
def test_whole_corpus_ingests_without_failures(corpus_services: object) -> None:
    from api.services import Services
    from assistant.retrieval import HybridSearcher

    assert isinstance(corpus_services, Services)
    report = corpus_services.corpus_report  # type: ignore[attr-defined]
    assert report.failed == []
    indexed = {Path(f.path).name for f in report.files}
    assert indexed == {p.name for p in documents()}, "tools/ and eval/ must not be indexed"
    hits = HybridSearcher(corpus_services.index).search("LoRaWAN Gebäude Wasserzähler", 10)
    pdf_pages = {h.page for h in hits if h.source.endswith(".pdf")}
    assert pdf_pages and None not in pdf_pages
