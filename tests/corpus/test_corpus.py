"""The sample corpus: formats, honesty rules and that every document ingests."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


def body(path: Path) -> str:
    """The text that gets indexed: a Markdown body without front matter, a PDF's page text."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1]


def contact_ids() -> set[str]:
    return {c.id for c in load_contacts(CORPUS / "contacts.yaml")}


def unclean_spots(text: str, ids: set[str]) -> list[str]:
    """Sample notices and parenthesised contact ids ("(kreis-lippe-digital)") in a text."""
    spots = [line.strip() for line in text.splitlines() if "Beispielinhalt" in line]
    for match in re.finditer(r"\(([^()]*)\)", text):
        if any(part.strip() in ids for part in re.split(r"[,;]", match.group(1))):
            spots.append(match.group(0))
    return spots


def check_samples_tool(root: Path = REPO) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_samples", root / "corpus" / "tools" / "check_samples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    note = meta.get("sample_note")
    assert isinstance(note, str) and note.strip(), "the sample notice is front matter"
    assert not note.startswith("Beispielinhalt") and "**" not in note
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
        named = front_matter(path).get("contacts") or []
        assert isinstance(named, list), path.name
        for cid in named:
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


def pdf_sources() -> list[Path]:
    return sorted((CORPUS / "tools" / "pdf_sources").glob("*.md"))


@pytest.mark.parametrize("path", documents() + pdf_sources(), ids=lambda p: p.name)
def test_bodies_carry_no_sample_notice_and_no_contact_id(path: Path) -> None:
    assert unclean_spots(body(path), contact_ids()) == []


def test_the_body_check_finds_notices_and_ids_and_spares_other_parentheses() -> None:
    ids = contact_ids()
    dirty = (
        "# Titel\n\n> Beispielinhalt: Fiktive Projektgeschichte. Zahlen sind Beispielwerte.\n\n"
        "Für Netzzugang: Digitalisierungsstelle des Kreises Paderborn (kreis-paderborn-digital).\n"
        "- GKD Paderborn (gkd-paderborn, krz-lemgo): Anbindung. SICP (sicp) begleitet.\n"
    )
    assert unclean_spots(dirty, ids) == [
        "> Beispielinhalt: Fiktive Projektgeschichte. Zahlen sind Beispielwerte.",
        "(kreis-paderborn-digital)",
        "(gkd-paderborn, krz-lemgo)",
        "(sicp)",
    ]
    clean = "Daten und Datenschutz (DSGVO) nach dem Prinzip (EfA) im Kreis Paderborn (OWL)."
    assert unclean_spots(clean, ids) == []


def test_sidecars_and_pdf_sources_carry_the_same_sample_note() -> None:
    for source in pdf_sources():
        matches = [p for p in documents() if p.name == f"{source.stem}.pdf"]
        assert len(matches) == 1, source.name
        source_meta = dict(
            yaml.safe_load(source.read_text(encoding="utf-8").split("\n---", 1)[0][4:])
        )
        assert front_matter(matches[0])["sample_note"] == source_meta["sample_note"]


@pytest.mark.slow
def test_check_samples_passes_with_both_question_files(capsys: pytest.CaptureFixture[str]) -> None:
    tool = check_samples_tool()
    eval_dir = CORPUS / "eval"
    code = tool.main(
        [
            "--questions",
            str(eval_dir / "questions.yaml"),
            "--questions",
            str(eval_dir / "holdout.yaml"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "questions.yaml: " in out and "holdout.yaml: " in out


@pytest.mark.slow
def test_check_samples_fails_on_a_notice_in_the_body_or_an_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in ("contacts.yaml", "regions.yaml"):
        corpus.mkdir(exist_ok=True)
        shutil.copy(CORPUS / name, corpus / name)
    for folder in ("programmes", "projects", "transfer", "tools"):
        shutil.copytree(
            CORPUS / folder, corpus / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    script = corpus / "tools" / "check_samples.py"

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
        )

    assert run().returncode == 0
    report = corpus / "projects" / "bad-lippspringe-baumbewaesserung.md"
    text = report.read_text(encoding="utf-8")
    text = text.replace(
        "\n## Ausgangslage", "\n> Beispielinhalt: Fiktive Projektgeschichte.\n\n## Ausgangslage", 1
    )
    text = text.replace("Kreises Paderborn.", "Kreises Paderborn (kreis-paderborn-digital).", 1)
    text = re.sub(r"\nsample_note: .*\n", "\n", text, count=1)
    report.write_text(text, encoding="utf-8")
    result = run()
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if line.startswith("PROBLEM")]
    assert len(problems) == 4, result.stdout  # key order, missing note, the notice, the id
    assert any("sample_note is missing" in p for p in problems)
    assert any("'Beispielinhalt' note in the text" in p for p in problems)
    assert any("(kreis-paderborn-digital)" in p for p in problems)
