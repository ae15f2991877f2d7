"""Small German test chunks with the metadata the pipeline would give them."""
# ruff: noqa: E501

from __future__ import annotations

from assistant.models import Chunk

TEXTS = {
    "lora": (
        "Die Stadt Delbrück überwacht mit LoRaWAN-Sensoren den Wasserverbrauch und offene Fenster in Schulgebäuden.",
        "project_report",
        "OWL",
        "Delbrück",
        0,
    ),
    "dmr": (
        "Das Programm Digitale Modellregionen NRW fördert Kommunen bei Verwaltung, Mobilität und Bildung.",
        "programme_guideline",
        "NRW",
        "",
        20231231,
    ),
    "gig": (
        "Der Bund fördert den Ausbau von Gigabitnetzen in unterversorgten Gebieten.",
        "programme_guideline",
        "Bund",
        "",
        20281231,
    ),
    "park": (
        "Paderborn zeigt freie Parkplätze in der Innenstadt über Bodensensoren an.",
        "project_report",
        "OWL",
        "Paderborn",
        0,
    ),
    "kuchen": (
        "Für einen Marmorkuchen braucht man Mehl, Zucker, Eier und Kakao.",
        "other",
        "",
        "",
        0,
    ),
}


def make_chunks(doc_id: str = "doc") -> list[Chunk]:
    out = []
    for n, (name, (text, doc_type, region, municipality, until)) in enumerate(TEXTS.items()):
        meta: dict[str, str | int | bool] = {
            "doc_id": f"{doc_id}-{name}",
            "title": name.title(),
            "doc_type": doc_type,
            "region": region,
            "municipality": municipality,
            "key_region": region.casefold(),
            "key_municipality": municipality.casefold(),
            "key_programme": "",
            "valid_until_n": until,
            "page": n + 1,
            "section": "Ergebnisse",
            "source": f"corpus/{name}.md",
        }
        out.append(Chunk(f"{doc_id}-{name}:0", f"{doc_id}-{name}", text, meta))
    return out
