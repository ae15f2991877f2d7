"""Check the sample project reports, transfer notes and their evaluation questions.

Checks every ``corpus/projects`` and ``corpus/transfer`` document (Markdown front matter or PDF
sidecar): the front-matter keys, doc_type per folder, ``sample_content``/``based_on``, known
contact ids (``corpus/contacts.yaml``), known municipalities or Kreise (``corpus/regions.yaml``),
the fixed ``##`` headings, word counts, and that no e-mail address or phone number slipped in.
With ``--questions FILE`` it also checks an evaluation-question file: every ``answer_contains``
string must occur verbatim in the named document (for PDFs: in pypdf's text of the named page,
line breaks joined with spaces).

Usage::

    .venv/bin/python corpus/tools/check_samples.py
    .venv/bin/python corpus/tools/check_samples.py --questions ../tmp-questions-B.yaml
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
REPO_DIR = CORPUS_DIR.parent
SOURCE_DIR = TOOLS_DIR / "pdf_sources"

KEYS = [
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
    "based_on",
]
FOLDERS = {"projects": "project_report", "transfer": "transfer_note"}
HEADINGS = {
    "project_report": [
        "Ausgangslage",
        "Umsetzung",
        "Ergebnisse",
        "Aufwand und Kosten",
        "Erfahrungen und Stolpersteine",
        "Nachnutzung",
        "Ansprechstelle",
    ],
    "transfer_note": [
        "Lösung",
        "Wo sie läuft",
        "Voraussetzungen",
        "Aufwand und Personal",
        "Daten und Datenschutz (DSGVO)",
        "Beschaffung und Vergabe",
        "Stolpersteine",
        "Wer berät",
    ],
}
PROGRAMMES = {
    "",
    "Digitale Modellregionen NRW",
    "Modellprojekte Smart Cities",
    "Gigabitförderung des Bundes",
    "Kommunalrichtlinie",
    "DigitalPakt Schule",
    "OZG-Umsetzung Digitale Verwaltung NRW",
    "EFRE/JTF-Programm NRW 2021-2027 – Smart Regions",
    "Förderaufruf LoRaWAN-Pilotprojekte OWL 2024",
    "Anpassung urbaner Räume an den Klimawandel",
}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(\+49|\b0\d{2,5})[\s/-]?\d{3,}")


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    raw = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", raw, flags=re.S)
    if not match:
        raise ValueError("no front matter")
    return yaml.safe_load(match.group(1)), match.group(2)


def known_ids() -> tuple[set[str] | None, set[str] | None]:
    contacts = regions = None
    contacts_file = CORPUS_DIR / "contacts.yaml"
    if contacts_file.exists():
        contacts = {entry["id"] for entry in yaml.safe_load(contacts_file.read_text("utf-8"))}
    regions_file = CORPUS_DIR / "regions.yaml"
    if regions_file.exists():
        data = yaml.safe_load(regions_file.read_text("utf-8"))
        regions = {m["name"] for m in data.get("municipalities", [])}
        regions |= {k["name"] for k in data.get("kreise", [])}
    return contacts, regions


def check_meta(
    meta: dict[str, Any],
    folder: str,
    where: str,
    problems: list[str],
    contacts: set[str] | None,
    places: set[str] | None,
) -> None:
    def bad(msg: str) -> None:
        problems.append(f"{where}: {msg}")

    if list(meta) != KEYS:
        bad(f"keys {list(meta)} != {KEYS}")
    if meta.get("doc_type") != FOLDERS[folder]:
        bad(f"doc_type {meta.get('doc_type')!r} in {folder}/")
    if meta.get("sample_content") is not True:
        bad("sample_content must be true")
    if not str(meta.get("based_on") or "").strip():
        bad("based_on is empty")
    if meta.get("language") != "de" or meta.get("region") != "OWL":
        bad("language/region")
    if not isinstance(meta.get("published"), dt.date):
        bad("published is not a date")
    if meta.get("valid_until") is not None and not isinstance(meta.get("valid_until"), dt.date):
        bad("valid_until is neither empty nor a date")
    if meta.get("programme") not in PROGRAMMES:
        bad(f"unknown programme {meta.get('programme')!r}")
    topics = meta.get("topics") or []
    if not topics or not all(isinstance(t, str) and SLUG.match(t) for t in topics):
        bad(f"topics must be lowercase slugs: {topics}")
    ids = meta.get("contacts") or []
    if not ids:
        bad("no contacts")
    if contacts is not None:
        unknown = [c for c in ids if c not in contacts]
        if unknown:
            bad(f"unknown contact ids {unknown}")
    if places is not None and meta.get("municipality") not in places:
        bad(f"municipality {meta.get('municipality')!r} not in regions.yaml")


def check_body(body: str, doc_type: str, where: str, problems: list[str], pdf: bool) -> int:
    headings = re.findall(r"^## (.+?)\s*$", body, flags=re.M)
    if headings != HEADINGS[doc_type]:
        problems.append(f"{where}: headings {headings}")
    if "Beispielinhalt" not in body:
        problems.append(f"{where}: no 'Beispielinhalt' note in the text")
    if EMAIL.search(body) or PHONE.search(body):
        problems.append(f"{where}: looks like an e-mail address or phone number")
    words = len(body.split())
    if doc_type == "project_report" and not pdf and not 500 <= words <= 1000:
        problems.append(f"{where}: {words} words (want 500-1000)")
    return words


def check_documents(problems: list[str]) -> dict[str, int]:
    contacts, places = known_ids()
    counts: dict[str, int] = {}
    for folder, doc_type in FOLDERS.items():
        for path in sorted((CORPUS_DIR / folder).iterdir()):
            where = str(path.relative_to(REPO_DIR))
            if path.suffix == ".md":
                meta, body = front_matter(path)
                check_meta(meta, folder, where, problems, contacts, places)
                words = check_body(body, doc_type, where, problems, pdf=False)
                print(f"  {where}: {words} words")
                counts[doc_type] = counts.get(doc_type, 0) + 1
            elif path.suffix == ".pdf":
                sidecar = path.with_name(path.name + ".meta.yaml")
                source = SOURCE_DIR / f"{path.stem}.md"
                if not sidecar.exists() or not source.exists():
                    problems.append(f"{where}: sidecar or source missing")
                    continue
                meta = yaml.safe_load(sidecar.read_text("utf-8"))
                check_meta(
                    meta, folder, str(sidecar.relative_to(REPO_DIR)), problems, contacts, places
                )
                src_meta, body = front_matter(source)
                if src_meta != meta:
                    problems.append(f"{where}: sidecar differs from source front matter")
                words = check_body(body, doc_type, where, problems, pdf=True)
                print(f"  {where}: {words} words (PDF)")
                counts[doc_type] = counts.get(doc_type, 0) + 1
                if path.with_suffix(".md").exists():
                    problems.append(f"{where}: a Markdown twin exists")
            elif not path.name.endswith(".pdf.meta.yaml"):
                problems.append(f"{where}: unexpected file")
    return counts


def page_text(path: Path, page: int, cache: dict[tuple[Path, int], str]) -> str:
    from pypdf import PdfReader

    key = (path, page)
    if key not in cache:
        reader = PdfReader(str(path))
        for number, pdf_page in enumerate(reader.pages, start=1):
            text = pdf_page.extract_text() or ""
            cache[(path, number)] = re.sub(r"\s*\n\s*", " ", text)
    return cache.get(key, "")


def check_questions(file: Path, problems: list[str]) -> None:
    contacts, places = known_ids()
    questions = yaml.safe_load(file.read_text("utf-8"))
    cache: dict[tuple[Path, int], str] = {}
    ids = set()
    pdf_questions = languages_en = 0
    for q in questions:
        where = f"{file.name}:{q.get('id')}"
        if q["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(q["id"])
        required = {
            "id",
            "question",
            "language",
            "municipality",
            "documents",
            "contacts",
            "answer_contains",
        }
        if not required <= set(q):
            problems.append(f"{where}: missing {required - set(q)}")
            continue
        languages_en += q["language"] == "en"
        if q["municipality"] and places is not None and q["municipality"] not in places:
            problems.append(f"{where}: municipality {q['municipality']!r} not in regions.yaml")
        if contacts is not None and any(c not in contacts for c in q["contacts"]):
            problems.append(f"{where}: unknown contact in {q['contacts']}")
        pages = q.get("pages") or {}
        if any(d.endswith(".pdf") for d in q["documents"]):
            pdf_questions += 1
        for needle in q["answer_contains"]:
            found = False
            for doc in q["documents"]:
                path = REPO_DIR / doc
                if not path.exists():
                    problems.append(f"{where}: {doc} does not exist")
                    continue
                if doc.endswith(".pdf"):
                    if doc not in pages:
                        problems.append(f"{where}: no pages given for {doc}")
                        continue
                    found |= any(needle in page_text(path, p, cache) for p in pages[doc])
                else:
                    found |= needle in path.read_text("utf-8")
            if not found:
                problems.append(f"{where}: {needle!r} not found")
    print(f"  {len(questions)} questions, {pdf_questions} on PDFs, {languages_en} in English")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, help="evaluation question file to check")
    args = parser.parse_args(argv)
    problems: list[str] = []
    counts = check_documents(problems)
    print(f"documents: {counts}")
    if args.questions:
        check_questions(args.questions, problems)
    for problem in problems:
        print("PROBLEM", problem)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
