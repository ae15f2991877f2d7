"""NRW's administrative geography (``corpus/regions.yaml``) for proximity.

Municipality → Kreis (or kreisfreie Stadt) → Regierungsbezirk (with its region, e.g. OWL)
→ Land. ``distance`` counts the levels two municipalities do not share: 0 same
municipality, 1 same Kreis, 2 same Regierungsbezirk, 3 same Land, 4 otherwise.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.errors import ConfigurationError, NotFoundError


@dataclass(frozen=True)
class Place:
    """A municipality with everything above it."""

    name: str
    kreis_id: str
    kreis: str
    regierungsbezirk_id: str
    regierungsbezirk: str
    region: str
    land: str
    size_class: str = ""


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class Regions:
    """Lookup of municipalities and their administrative levels."""

    def __init__(self, places: list[Place]) -> None:
        self.places = {_key(p.name): p for p in places}

    def place_words(self) -> frozenset[str]:
        """Every lower-case word of a municipality, Kreis, Regierungsbezirk or region name
        (the answer engine does not take them for what a question is about)."""
        out: set[str] = set()
        for p in self.places.values():
            for name in (p.name, p.kreis, p.regierungsbezirk, p.region, p.land):
                out.update(w for w in re.findall(r"\w+", name.casefold()) if len(w) >= 3)
        return frozenset(out)

    def find(self, name: str) -> Place:
        """The municipality called ``name`` (case-insensitive); unknown → ``NotFoundError``
        listing close matches."""
        place = self.places.get(_key(name))
        if place is not None:
            return place
        close = self.suggest(name)
        hint_de = f" Meinten Sie: {', '.join(close)}?" if close else ""
        hint_en = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(
            f"Kommune {name!r} ist nicht bekannt.{hint_de}",
            message_en=f"Unknown municipality {name!r}.{hint_en}",
        )

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Names close to ``name``."""
        keys = difflib.get_close_matches(_key(name), list(self.places), n=n, cutoff=0.6)
        prefix = [k for k in self.places if k.startswith(_key(name)[:4])] if len(name) >= 4 else []
        ordered = list(dict.fromkeys(keys + prefix))[:n]
        return [self.places[k].name for k in ordered]

    @staticmethod
    def distance(a: Place, b: Place) -> int:
        """Number of administrative levels the two places do not share (0-4)."""
        if a.name == b.name:
            return 0
        if a.kreis_id == b.kreis_id:
            return 1
        if a.regierungsbezirk_id == b.regierungsbezirk_id:
            return 2
        if a.land == b.land:
            return 3
        return 4


def load_regions(path: Path) -> Regions:
    """Read ``regions.yaml``; inconsistent references are a configuration error."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        land = raw["land"]["name"]
        bezirke = {b["id"]: b for b in raw["regierungsbezirke"]}
        kreise = {k["id"]: k for k in raw["kreise"]}
        places = []
        for m in raw["municipalities"]:
            kreis = kreise[m["kreis"]]
            bezirk = bezirke[kreis["regierungsbezirk"]]
            places.append(
                Place(
                    name=m["name"],
                    kreis_id=kreis["id"],
                    kreis=kreis["name"],
                    regierungsbezirk_id=bezirk["id"],
                    regierungsbezirk=bezirk["name"],
                    region=bezirk.get("region", ""),
                    land=land,
                    size_class=m.get("size_class", "") or "",
                )
            )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigurationError(
            f"Regionendatei {path} fehlerhaft: {exc!r}",
            message_en=f"Regions file {path} is invalid: {exc!r}",
        ) from exc
    return Regions(places)
