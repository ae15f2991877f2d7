"""Topic slugs in plain words: ``interkommunale-zusammenarbeit`` → "interkommunale Zusammenarbeit".

Metadata and ``contacts.yaml`` name topics as slugs; what a user reads (contact reasons,
listings, briefings) names them in words. Unknown slugs are spelled out as words with their
umlauts restored where the slug wrote them as ``ae``/``oe``/``ue``.
"""

from __future__ import annotations

import re

_LABELS: dict[str, tuple[str, str]] = {
    "bildung": ("Bildung", "education"),
    "breitband": ("Breitband", "broadband"),
    "datenplattform": ("Datenplattformen", "data platforms"),
    "e-government": ("E-Government", "e-government"),
    "efre": ("EFRE-Förderung", "ERDF funding"),
    "energiemanagement": ("Energiemanagement", "energy management"),
    "foerderberatung": ("Förderberatung", "funding advice"),
    "forschung": ("Forschung", "research"),
    "gebaeudemanagement": ("Gebäudemanagement", "building management"),
    "glasfaser": ("Glasfaser", "fibre"),
    "hochwasser": ("Hochwasser", "flooding"),
    "interkommunale-zusammenarbeit": (
        "interkommunale Zusammenarbeit",
        "inter-municipal cooperation",
    ),
    "iot": ("Internet der Dinge", "Internet of Things"),
    "it-sicherheit": ("IT-Sicherheit", "IT security"),
    "klimaanpassung": ("Klimaanpassung", "climate adaptation"),
    "klimaschutz": ("Klimaschutz", "climate protection"),
    "laendlicher-raum": ("ländlicher Raum", "rural areas"),
    "lorawan": ("LoRaWAN", "LoRaWAN"),
    "mobilitaet": ("Mobilität", "mobility"),
    "open-data": ("Open Data", "open data"),
    "ozg": ("Onlinezugangsgesetz (OZG)", "the Online Access Act (OZG)"),
    "rechenzentrum": ("kommunale Rechenzentren", "municipal data centres"),
    "regionalentwicklung": ("Regionalentwicklung", "regional development"),
    "schule": ("Schulen", "schools"),
    "sensorik": ("Sensorik", "sensors"),
    "shared-services": ("gemeinsame Dienste (Shared Services)", "shared services"),
    "smart-city": ("Smart City", "smart city"),
    "smart-region": ("Smart Region", "smart region"),
    "stadtentwicklung": ("Stadtentwicklung", "urban development"),
    "starkregen": ("Starkregen", "heavy rain"),
    "strassenbeleuchtung": ("Straßenbeleuchtung", "street lighting"),
    "verstetigung": ("Verstetigung nach Förderende", "continuing after the funding ends"),
    "wissenstransfer": ("Wissenstransfer", "knowledge transfer"),
}
_UMLAUT = re.compile(r"(?<=[^aeiouq])(ae|oe|ue)(?=[^aeiou]|$)")
_RESTORE = {"ae": "ä", "oe": "ö", "ue": "ü"}


def topic_label(slug: str, language: str = "de") -> str:
    """The topic in words (see the module docstring)."""
    known = _LABELS.get(slug)
    if known is not None:
        return known[1] if language == "en" else known[0]
    words = slug.replace("_", "-").split("-")
    if language != "en":
        words = [_UMLAUT.sub(lambda m: _RESTORE[m.group()], w) for w in words]
    return " ".join(w for w in words if w)


def topic_list(slugs: list[str] | tuple[str, ...], language: str = "de") -> str:
    """Several topics in words, joined with commas and a final "und"/"and"."""
    labels = [topic_label(s, language) for s in slugs]
    if len(labels) <= 1:
        return "".join(labels)
    joiner = " and " if language == "en" else " und "
    return ", ".join(labels[:-1]) + joiner + labels[-1]
