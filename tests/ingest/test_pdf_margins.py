"""Running headers, footers and page numbers out of PDF text."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_document
from ingest.loaders.pdf_margins import strip_margins

REPO = Path(__file__).resolve().parents[2]
HEADER = "Gebäudemonitoring in Delbrück: Wasserzähler und Kühlgeräte"


def page(n: int, body: list[str]) -> str:
    return "\n".join([HEADER, *body, f"Seite {n} von 3"])


def test_running_header_and_page_numbers_are_removed() -> None:
    texts = [
        page(1, ["Die Stadt betreut zwölf Gebäude.", "Sie misst den Wasserverbrauch."]),
        page(2, ["Die Sensoren funken stündlich.", "Die Daten liegen beim Kreis."]),
        page(3, ["Die Kosten trägt die Stadt.", "Ein Leck wurde früh erkannt."]),
    ]
    out = strip_margins(texts)
    joined = "\n".join(out)
    assert HEADER not in joined
    assert "Seite" not in joined
    assert out[1] == "Die Sensoren funken stündlich.\nDie Daten liegen beim Kreis."


def test_a_line_on_a_single_page_and_short_lines_are_kept() -> None:
    texts = ["Einleitung\nText der ersten Seite.\n7", "Ergebnisse\nText der zweiten Seite.\n7"]
    assert strip_margins(texts) == texts


def test_a_page_of_only_running_lines_keeps_them() -> None:
    texts = ["Ein Titel, der wiederkehrt", "Ein Titel, der wiederkehrt"]
    assert strip_margins(texts) == texts


def test_real_report_reads_without_its_running_header() -> None:
    path = REPO / "corpus/projects/delbrueck-lorawan-gebaeudemonitoring.pdf"
    doc = load_document(path, max_bytes=50_000_000)
    text = " ".join(b.text for b in doc.blocks)
    assert "Seite 3 von 5" not in text
    # the title stays once, on the first page, and is no longer glued into the body
    assert text.count("LoRaWAN-Gebäudemonitoring in Delbrück: Wasserzähler") == 1
    assert "Skepsis in der LoRaWAN" not in text
