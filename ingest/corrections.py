"""An admin's corrections of document metadata, kept in the data directory.

``PATCH /api/documents/{doc_id}`` stores the corrected fields in
``<data_dir>/metadata_corrections.json`` (one JSON object per document id, written atomically),
so that every later index run applies them again: ``build_metadata`` puts them before the
sidecar, the file's own metadata and inference (source ``admin``).

Field values (``validate_correction``): a value sets the field; ``""`` (or ``[]`` for
``topics``) sets it explicitly empty; ``null`` removes the correction, so the field is again
what the document, its sidecar or inference says. ``title`` and ``doc_type`` cannot be empty.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from assistant.errors import InvalidRequestError
from assistant.index import SearchIndex
from assistant.models import DOC_TYPES
from ingest.metadata import CORRECTABLE_FIELDS, DocumentMetadata

__all__ = [
    "CORRECTIONS_FILE",
    "MetadataCorrections",
    "indexed_metadata",
    "public_metadata",
    "validate_correction",
]

CORRECTIONS_FILE = "metadata_corrections.json"
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 200
MAX_TOPICS = 30
MAX_TOPIC_CHARS = 80
MAX_URL_CHARS = 2000
_DATE_FIELDS = ("published", "valid_until", "deadline")
_TEXT_FIELDS = ("region", "municipality", "programme")
_LANGUAGES = ("de", "en")


def _invalid(de: str, en: str) -> InvalidRequestError:
    return InvalidRequestError(de, message_en=en)


def validate_correction(body: object) -> dict[str, Any]:
    """The corrected fields of a PATCH body, normalised (dates as ISO strings, topics as a
    list); ``InvalidRequestError`` naming the field and the rule for anything else."""
    if not isinstance(body, Mapping):
        raise _invalid(
            "Erwartet wird ein JSON-Objekt mit den zu korrigierenden Feldern.",
            "Expected a JSON object with the fields to correct.",
        )
    unknown = sorted(str(k) for k in body if k not in CORRECTABLE_FIELDS)
    if unknown:
        allowed = ", ".join(CORRECTABLE_FIELDS)
        raise _invalid(
            f"Unbekanntes Feld {', '.join(map(repr, unknown))}; korrigierbar sind: {allowed}.",
            f"Unknown field {', '.join(map(repr, unknown))}; correctable are: {allowed}.",
        )
    if not body:
        raise _invalid(
            "Keine Felder angegeben: mindestens ein Feld ist zu korrigieren.",
            "No fields given: name at least one field to correct.",
        )
    return {name: _field(name, value) for name, value in body.items()}


def _field(name: str, value: object) -> Any:
    if value is None:
        return None
    if name == "topics":
        return _topics(value)
    if not isinstance(value, str):
        raise _invalid(
            f"'{name}' muss ein Text sein (oder null, um die Korrektur zu entfernen).",
            f"'{name}' must be a string (or null to remove the correction).",
        )
    text = " ".join(value.split())
    if name == "title":
        if not text or len(text) > MAX_TITLE_CHARS:
            raise _invalid(
                f"'title' darf nicht leer sein und höchstens {MAX_TITLE_CHARS} Zeichen haben.",
                f"'title' must not be empty and have at most {MAX_TITLE_CHARS} characters.",
            )
        return text
    if name == "doc_type":
        if text not in DOC_TYPES:
            allowed = ", ".join(DOC_TYPES)
            raise _invalid(
                f"'doc_type' {text!r} ist unbekannt; erlaubt: {allowed}.",
                f"'doc_type' {text!r} is unknown; allowed: {allowed}.",
            )
        return text
    if name in _DATE_FIELDS:
        return _iso_date(name, text)
    if name == "url":
        if text and (len(text) > MAX_URL_CHARS or not re.fullmatch(r"https?://\S+", text, re.I)):
            raise _invalid(
                f"'url' muss eine http(s)-Adresse sein, nicht {text[:80]!r}.",
                f"'url' must be an http(s) address, not {text[:80]!r}.",
            )
        return text
    if name == "language":
        if text not in (*_LANGUAGES, ""):
            raise _invalid(
                f"'language' muss 'de', 'en' oder leer sein, nicht {text[:20]!r}.",
                f"'language' must be 'de', 'en' or empty, not {text[:20]!r}.",
            )
        return text
    if len(text) > MAX_TEXT_CHARS:  # region, municipality, programme
        raise _invalid(
            f"'{name}' hat mehr als {MAX_TEXT_CHARS} Zeichen.",
            f"'{name}' has more than {MAX_TEXT_CHARS} characters.",
        )
    return text


def _iso_date(name: str, text: str) -> str:
    if not text:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(
        r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text
    )
    try:
        if m is None:
            raise ValueError(text)
        parts = [int(x) for x in m.groups()]
        day = date(*parts) if len(m[1]) == 4 else date(parts[2], parts[1], parts[0])
    except ValueError:
        raise _invalid(
            f"'{name}' ist kein gültiges Datum: {text[:40]!r} (erwartet JJJJ-MM-TT, z. B. "
            "2025-06-30).",
            f"'{name}' is not a valid date: {text[:40]!r} (expected YYYY-MM-DD, e.g. 2025-06-30).",
        ) from None
    return day.isoformat()


def _topics(value: object) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        raise _invalid(
            "'topics' muss eine Liste von Texten sein (oder ein Text mit Kommas).",
            "'topics' must be a list of strings (or one comma-separated string).",
        )
    topics = list(dict.fromkeys(" ".join(t.split()) for t in items if t.strip()))
    if len(topics) > MAX_TOPICS or any(len(t) > MAX_TOPIC_CHARS for t in topics):
        raise _invalid(
            f"'topics': höchstens {MAX_TOPICS} Themen mit je höchstens {MAX_TOPIC_CHARS} Zeichen.",
            f"'topics': at most {MAX_TOPICS} topics of at most {MAX_TOPIC_CHARS} characters each.",
        )
    return topics


#: one lock for every instance: requests create their own ``MetadataCorrections``
_FILE_LOCK = threading.Lock()


class MetadataCorrections:
    """The corrections file of one data directory (thread-safe, atomic writes)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / CORRECTIONS_FILE
        self._lock = _FILE_LOCK

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):  # a damaged file must not stop the ingest
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(k): dict(v) for k, v in raw.items() if isinstance(v, dict)}

    def _write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)

    def get(self, doc_id: str) -> dict[str, Any]:
        """The corrected fields of one document (``{}`` when none)."""
        with self._lock:
            return dict(self._read().get(doc_id, {}))

    def update(self, doc_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """Apply validated ``values`` (``None`` removes a field's correction); the result."""
        with self._lock:
            data = self._read()
            current = dict(data.get(doc_id, {}))
            for name, value in values.items():
                if value is None:
                    current.pop(name, None)
                else:
                    current[name] = value
            if current:
                data[doc_id] = current
            else:
                data.pop(doc_id, None)
            self._write(data)
            return current

    def replace(self, doc_id: str, values: Mapping[str, Any]) -> None:
        """Make ``values`` the corrections of ``doc_id`` (``{}`` removes them)."""
        with self._lock:
            data = self._read()
            if values:
                data[doc_id] = dict(values)
            else:
                data.pop(doc_id, None)
            self._write(data)

    def remove(self, doc_id: str) -> None:
        """Forget the corrections of a deleted document."""
        self.replace(doc_id, {})


def public_metadata(meta: DocumentMetadata, corrected: Mapping[str, Any]) -> dict[str, Any]:
    """A document's metadata as the document routes show it, with where each value came from."""
    return {
        "title": meta.title,
        "title_source": meta.title_source,
        "doc_type": meta.doc_type,
        "doc_type_source": meta.doc_type_source,
        "region": meta.region,
        "municipality": meta.municipality,
        "programme": meta.programme,
        "published": meta.published.isoformat() if meta.published else None,
        "valid_until": meta.valid_until.isoformat() if meta.valid_until else None,
        "deadline": meta.deadline.isoformat() if meta.deadline else None,
        "topics": list(meta.topics),
        "url": meta.url,
        "language": meta.language,
        "corrected": sorted(corrected),
    }


def indexed_metadata(index: SearchIndex, doc_id: str) -> DocumentMetadata | None:
    """The metadata the index holds for a document (``None`` when it has no chunks)."""
    ids = index.store.ids_of_document(doc_id)
    if not ids:
        return None
    stored = index.store.get(ids[:1])
    _, meta = stored[ids[0]]
    return DocumentMetadata.from_store(meta)
