"""Check the sample documents and their evaluation questions.

Checks every ``corpus/projects`` and ``corpus/transfer`` document (Markdown front matter or PDF
sidecar): the front-matter keys, doc_type per folder, ``sample_content``/``sample_note``/
``based_on``, known contact ids (``corpus/contacts.yaml``), known municipalities or Kreise
(``corpus/regions.yaml``), the fixed ``##`` headings, word counts, and that no e-mail address or
phone number slipped in. For every sample document (also ``corpus/programmes``) the sample notice
must be metadata: a non-empty ``sample_note`` in the front matter or sidecar, and no
"Beispielinhalt" note and no contact id in parentheses ("... (kreis-lippe-digital)") in the body
(for PDFs: neither in the source body nor in pypdf's text of any page).

With ``--questions FILE`` (repeatable) it also checks evaluation-question files, in either of
the two shapes in ``corpus/eval/``: every ``answer_contains`` string must occur verbatim in the
body of a named document. ``questions.yaml`` (``documents``, ``pages``): in one of the listed
documents, for PDFs in pypdf's text of a named page, line breaks joined with spaces.
``holdout.yaml`` (``answerable``, ``answered_by``): in the first ``answered_by`` document, for
PDFs in its source in ``corpus/tools/pdf_sources/``. Front matter does not count as body.

Usage::

    .venv/bin/python corpus/tools/check_samples.py
    .venv/bin/python corpus/tools/check_samples.py --questions corpus/eval/questions.yaml \\
        --questions corpus/eval/holdout.yaml
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
    "sample_note",
    "based_on",
]
FOLDERS = {"projects": "project_report", "transfer": "transfer_note"}
PROGRAMME_FOLDER = "programmes"
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
NOTICE = "Beispielinhalt"
PARENTHESES = re.compile(r"\(([^()]*)\)")
#: a hyphenated lowercase slug in parentheses looks like an internal id even if unknown
SLUG_IN_PARENTHESES = re.compile(r"\([a-z0-9]+(?:-[a-z0-9]+)+\)")


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
    check_sample_note(meta, where, problems)
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


def check_sample_note(meta: dict[str, Any], where: str, problems: list[str]) -> None:
    """A sample document carries its notice as ``sample_note``: plain, non-empty text."""
    if meta.get("sample_content") is not True:
        return
    note = meta.get("sample_note")
    if not isinstance(note, str) or not note.strip():
        problems.append(f"{where}: sample_note is missing or empty")
    elif note.startswith(NOTICE) or "**" in note:
        problems.append(f"{where}: sample_note {note[:40]!r}... keeps a label or Markdown")


def contact_ids_in_parentheses(text: str, contacts: set[str] | None) -> list[str]:
    """Every "(id)" or "(id, id)" of a known contact, and every "(hyphen-slug)"."""
    found = [m.group(0) for m in SLUG_IN_PARENTHESES.finditer(text)]
    if contacts:
        for match in PARENTHESES.finditer(text):
            parts = [part.strip() for part in re.split(r"[,;]", match.group(1))]
            if any(part in contacts for part in parts) and match.group(0) not in found:
                found.append(match.group(0))
    return found


def check_clean_text(text: str, where: str, problems: list[str], contacts: set[str] | None) -> None:
    """No sample notice and no internal contact id in text that gets indexed."""
    for line in text.splitlines():
        if NOTICE in line:
            problems.append(f"{where}: a {NOTICE!r} note in the text: {line.strip()[:70]!r}")
    ids = contact_ids_in_parentheses(text, contacts)
    if ids:
        problems.append(f"{where}: contact ids in the text: {', '.join(ids)}")


def check_body(
    body: str,
    doc_type: str,
    where: str,
    problems: list[str],
    pdf: bool,
    contacts: set[str] | None,
) -> int:
    headings = re.findall(r"^## (.+?)\s*$", body, flags=re.M)
    if headings != HEADINGS[doc_type]:
        problems.append(f"{where}: headings {headings}")
    check_clean_text(body, where, problems, contacts)
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
                words = check_body(body, doc_type, where, problems, False, contacts)
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
                words = check_body(body, doc_type, where, problems, True, contacts)
                check_clean_text(pdf_text(path), f"{where} (PDF text)", problems, contacts)
                print(f"  {where}: {words} words (PDF)")
                counts[doc_type] = counts.get(doc_type, 0) + 1
                if path.with_suffix(".md").exists():
                    problems.append(f"{where}: a Markdown twin exists")
            elif not path.name.endswith(".pdf.meta.yaml"):
                problems.append(f"{where}: unexpected file")
    counts["programme_guideline"] = check_programmes(problems, contacts)
    return counts


def check_programmes(problems: list[str], contacts: set[str] | None) -> int:
    """Programme summaries: the notice in ``sample_note``, a clean body, known contacts."""
    count = 0
    for path in sorted((CORPUS_DIR / PROGRAMME_FOLDER).glob("*.md")):
        where = str(path.relative_to(REPO_DIR))
        meta, body = front_matter(path)
        count += 1
        if meta.get("doc_type") != "programme_guideline":
            problems.append(f"{where}: doc_type {meta.get('doc_type')!r}")
        if meta.get("sample_content") is not True:
            problems.append(f"{where}: sample_content must be true")
        check_sample_note(meta, where, problems)
        if contacts is not None:
            unknown = [c for c in meta.get("contacts") or [] if c not in contacts]
            if unknown:
                problems.append(f"{where}: unknown contact ids {unknown}")
        check_clean_text(body, where, problems, contacts)
        if EMAIL.search(body):
            problems.append(f"{where}: looks like an e-mail address")
    return count


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def page_text(path: Path, page: int, cache: dict[tuple[Path, int], str]) -> str:
    from pypdf import PdfReader

    key = (path, page)
    if key not in cache:
        reader = PdfReader(str(path))
        for number, pdf_page in enumerate(reader.pages, start=1):
            text = pdf_page.extract_text() or ""
            cache[(path, number)] = re.sub(r"\s*\n\s*", " ", text)
    return cache.get(key, "")


def body_text(doc: str) -> str:
    """The indexed body of a Markdown document (front matter excluded) or a PDF's source."""
    path = REPO_DIR / doc
    if doc.endswith(".pdf"):
        path = SOURCE_DIR / f"{path.stem}.md"
    return front_matter(path)[1]


def check_question_fields(
    q: dict[str, Any],
    where: str,
    problems: list[str],
    contacts: set[str] | None,
    places: set[str] | None,
) -> bool:
    """Fields of either shape; False when the question cannot be checked further."""
    base = {"id", "question", "language", "municipality", "answer_contains"}
    if "documents" in q:
        required = base | {"documents", "contacts"}
    else:
        required = base | {"answerable", "answered_by"}
    if not required <= set(q):
        problems.append(f"{where}: missing {sorted(required - set(q))}")
        return False
    if q["municipality"] and places is not None and q["municipality"] not in places:
        problems.append(f"{where}: municipality {q['municipality']!r} not in regions.yaml")
    if contacts is not None and any(c not in contacts for c in q.get("contacts") or []):
        problems.append(f"{where}: unknown contact in {q['contacts']}")
    for doc in list(q.get("documents") or []) + list(q.get("answered_by") or []):
        if not (REPO_DIR / doc).exists():
            problems.append(f"{where}: {doc} does not exist")
            return False
    if "answerable" in q:
        answerable = q["answerable"] is True
        if answerable != bool(q["answered_by"]) or answerable != bool(q["answer_contains"]):
            problems.append(f"{where}: answerable does not match answered_by/answer_contains")
            return False
    return True


def check_listed_documents(
    q: dict[str, Any], where: str, problems: list[str], cache: dict[tuple[Path, int], str]
) -> None:
    """questions.yaml: each string in one of ``documents`` (PDFs: on one of its ``pages``)."""
    pages = q.get("pages") or {}
    for needle in q["answer_contains"]:
        found = False
        for doc in q["documents"]:
            if doc.endswith(".pdf"):
                if doc not in pages:
                    problems.append(f"{where}: no pages given for {doc}")
                    continue
                found |= any(needle in page_text(REPO_DIR / doc, p, cache) for p in pages[doc])
            else:
                found |= needle in body_text(doc)
        if not found:
            problems.append(f"{where}: {needle!r} not found")


def check_questions(file: Path, problems: list[str]) -> None:
    contacts, places = known_ids()
    questions = yaml.safe_load(file.read_text("utf-8"))
    cache: dict[tuple[Path, int], str] = {}
    ids = set()
    pdf_questions = languages_en = needles = 0
    for q in questions:
        where = f"{file.name}:{q.get('id')}"
        if q.get("id") in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(q.get("id"))
        if not check_question_fields(q, where, problems, contacts, places):
            continue
        languages_en += q["language"] == "en"
        docs = q.get("documents") or q["answered_by"]
        pdf_questions += any(d.endswith(".pdf") for d in docs)
        needles += len(q["answer_contains"])
        for needle in q["answer_contains"]:
            if contact_ids_in_parentheses(needle, contacts):
                problems.append(f"{where}: {needle!r} contains a contact id")
        if "documents" in q:
            check_listed_documents(q, where, problems, cache)
        elif q["answered_by"]:
            body = body_text(q["answered_by"][0])
            for needle in q["answer_contains"]:
                if needle not in body:
                    problems.append(f"{where}: {needle!r} not in {q['answered_by'][0]}")
    print(
        f"  {file.name}: {len(questions)} questions, {needles} answer strings, "
        f"{pdf_questions} on PDFs, {languages_en} in English"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        default=[],
        help="evaluation question file to check (repeatable)",
    )
    args = parser.parse_args(argv)
    problems: list[str] = []
    counts = check_documents(problems)
    print(f"documents: {counts}")
    for file in args.questions:
        check_questions(file, problems)
    for problem in problems:
        print("PROBLEM", problem)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
