"""Who is asking: a municipality with its Kreis, kind and size class from ``regions.yaml``.

Programme matching needs more than proximity: whether the asker is a Stadt or Gemeinde, a
kreisfreie Stadt (which also carries the tasks of a Kreis), and its size class where the
regions file states one. Nothing is guessed: a size class missing from ``regions.yaml``
stays empty and ``used()`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import ConfigurationError
from assistant.regions import Place, Regions

_SIZE_LABELS = {
    "de": {
        "kleinstadt": "Kleinstadt (unter 20.000 Einwohner)",
        "mittelstadt": "Mittelstadt (20.000 bis 100.000 Einwohner)",
        "grossstadt": "Großstadt (über 100.000 Einwohner)",
    },
    "en": {
        "kleinstadt": "small town (under 20,000 inhabitants)",
        "mittelstadt": "medium-sized town (20,000 to 100,000 inhabitants)",
        "grossstadt": "city (over 100,000 inhabitants)",
    },
}


@dataclass(frozen=True)
class AskerProfile:
    """The asking municipality as programme matching sees it."""

    place: Place
    #: ``stadt`` or ``gemeinde`` as ``regions.yaml`` states it ("" when absent)
    kind: str
    #: the Kreis entry is a kreisfreie Stadt (the municipality is its own Kreis)
    kreisfrei: bool

    @property
    def name(self) -> str:
        """The municipality's name."""
        return self.place.name

    @property
    def size_class(self) -> str:
        """``kleinstadt`` / ``mittelstadt`` / ``grossstadt`` or "" when not stated."""
        return self.place.size_class

    @property
    def applicant_types(self) -> frozenset[str]:
        """Applicant keys of programme metadata this municipality itself fulfils."""
        own = {"gemeinde", "stadt", "kommune", "kommunen"}
        if self.kreisfrei:
            own |= {"kreisfreie-stadt", "kreis"}
        return frozenset(own)

    def size_label(self, language: str = "de") -> str:
        """Human label of the size class ("" when unknown)."""
        labels = _SIZE_LABELS["en" if language == "en" else "de"]
        return labels.get(self.size_class, self.size_class)

    def kind_label(self, language: str = "de") -> str:
        """``Stadt``/``Gemeinde``/``kreisfreie Stadt`` (English: town/municipality/city)."""
        en = language == "en"
        if self.kreisfrei:
            return "independent city" if en else "kreisfreie Stadt"
        if self.kind == "gemeinde":
            return "municipality" if en else "Gemeinde"
        if self.kind == "stadt":
            return "town" if en else "Stadt"
        return "municipality" if en else "Kommune"

    def used(self, language: str = "de") -> list[str]:
        """What the matching used about the asker, and what it did not know."""
        p = self.place
        if language == "en":
            out = [
                f"{p.name}: {self.kind_label('en')}, {p.kreis}, Regierungsbezirk "
                f"{p.regierungsbezirk} ({p.region}), {p.land} (source: regions.yaml)."
            ]
            out.append(
                f"Size class: {self.size_label('en')} (regions.yaml)."
                if self.size_class
                else "Size class: not stated in regions.yaml, not used; population not known."
            )
            return out
        out = [
            f"{p.name}: {self.kind_label()}, {p.kreis}, Regierungsbezirk {p.regierungsbezirk} "
            f"({p.region}), {p.land} (Quelle: regions.yaml)."
        ]
        out.append(
            f"Größenklasse: {self.size_label()} (regions.yaml)."
            if self.size_class
            else "Größenklasse: in regions.yaml nicht angegeben, daher nicht berücksichtigt; "
            "Einwohnerzahl unbekannt."
        )
        return out

    def to_dict(self, language: str = "de") -> dict[str, object]:
        """JSON form."""
        p = self.place
        return {
            "municipality": p.name,
            "kind": self.kind,
            "kreisfrei": self.kreisfrei,
            "kreis": p.kreis,
            "regierungsbezirk": p.regierungsbezirk,
            "region": p.region,
            "land": p.land,
            "size_class": self.size_class or None,
            "used": self.used(language),
        }


@lru_cache(maxsize=8)
def _kinds(path: Path, mtime: float) -> tuple[dict[str, str], frozenset[str]]:
    """Municipality kinds (name key → kind) and the ids of kreisfreie Städte."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = {
            " ".join(str(m["name"]).casefold().split()): str(m.get("kind") or "")
            for m in raw["municipalities"]
        }
        kreisfrei = frozenset(
            str(k["id"]) for k in raw["kreise"] if k.get("kind") == "kreisfreie_stadt"
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigurationError(
            f"Regionendatei {path} fehlerhaft: {exc!r}",
            message_en=f"Regions file {path} is invalid: {exc!r}",
        ) from exc
    return kinds, kreisfrei


def asker_profile(regions: Regions, regions_path: Path | None, municipality: str) -> AskerProfile:
    """The profile of ``municipality``; unknown names raise ``NotFoundError`` with
    suggestions. Without a readable ``regions_path`` the kind stays unknown."""
    place = regions.find(municipality)
    kind = ""
    kreisfrei = False
    if regions_path is not None and regions_path.is_file():
        kinds, kreisfreie = _kinds(regions_path, regions_path.stat().st_mtime)
        kind = kinds.get(" ".join(place.name.casefold().split()), "")
        kreisfrei = place.kreis_id in kreisfreie
    return AskerProfile(place=place, kind=kind, kreisfrei=kreisfrei)
