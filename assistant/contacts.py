"""Regional contacts (``corpus/contacts.yaml``): organisations and roles, never persons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigurationError

#: things that must never appear in contact data: e-mail addresses and phone numbers
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"(?:\+49|\(0\d+\)|\b0\d{2,5})[\s/-]*\d{3,}")


@dataclass(frozen=True)
class Contact:
    """One contact point (organisation + role)."""

    id: str
    name: str
    organisation: str
    role: str
    region: str
    municipality: str
    topics: tuple[str, ...]
    programmes: tuple[str, ...]
    projects: tuple[str, ...]
    channel: str
    last_verified: str | None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v) for v in value)


def load_contacts(path: Path) -> list[Contact]:
    """Read and check the contacts file; a bad entry is a clear configuration error."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(
            f"Kontaktdatei {path} nicht lesbar: {exc}",
            message_en=f"Contacts file {path} unreadable: {exc}",
        ) from exc
    if not isinstance(raw, list):
        raise ConfigurationError(
            f"{path}: eine Liste von Kontakten erwartet.",
            message_en=f"{path}: expected a list of contacts.",
        )
    contacts: list[Contact] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise ConfigurationError(
                f"{path}: Eintrag {n} braucht mindestens id und name.",
                message_en=f"{path}: entry {n} needs at least id and name.",
            )
        contact = Contact(
            id=str(entry["id"]),
            name=str(entry["name"]),
            organisation=str(entry.get("organisation") or ""),
            role=str(entry.get("role") or ""),
            region=str(entry.get("region") or ""),
            municipality=str(entry.get("municipality") or ""),
            topics=_strings(entry.get("topics")),
            programmes=_strings(entry.get("programmes")),
            projects=_strings(entry.get("projects")),
            channel=str(entry.get("channel") or ""),
            last_verified=str(entry["last_verified"]) if entry.get("last_verified") else None,
        )
        if contact.id in seen:
            raise ConfigurationError(
                f"{path}: id {contact.id!r} doppelt.", message_en=f"{path}: duplicate id."
            )
        text = " ".join(str(v) for v in entry.values())
        if _EMAIL.search(text) or _PHONE.search(text):
            raise ConfigurationError(
                f"{path}: Eintrag {contact.id!r} enthält eine E-Mail-Adresse oder Telefonnummer; "
                "Kontakte sind Organisationen und Rollen mit öffentlichem Kanal.",
                message_en=f"{path}: entry {contact.id!r} contains an e-mail address or phone "
                "number; contacts are organisations and roles with a public channel.",
            )
        seen.add(contact.id)
        contacts.append(contact)
    return contacts
