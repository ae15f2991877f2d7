"""Document metadata: sidecar files, merging, normalisation into a typed ``DocumentMetadata``.

Precedence for every field: sidecar (``NAME.ext.meta.yaml``) > metadata found in the file
(front matter, PDF info, HTML ``<title>``/``lang``) > inference. Inference only derives what
the file says about itself: the title falls back to the file name, ``doc_type`` to the folder
the file sits in, ``language`` to a stopword count. Nothing is invented; unknown stays empty.

Values that cannot be used (an impossible date, an unknown ``doc_type``, a ``url`` that is not
http(s)) are dropped and noted in ``LoadedDocument.warnings``; they never stop the ingest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from assistant.errors import DocumentError
from assistant.language import guess_language
from ingest.document import LoadedDocument
from ingest.frontmatter import load_yaml_mapping

__all__ = [
    "DOC_TYPES",
    "DocType",
    "DocumentMetadata",
    "build_metadata",
    "read_sidecar",
    "sidecar_path",
]

DocType = Literal["programme_guideline", "project_report", "transfer_note", "other"]
DOC_TYPES: tuple[DocType, ...] = get_args(DocType)

_DOC_TYPE_ALIASES: dict[str, DocType] = {
    "foerderrichtlinie": "programme_guideline",
    "förderrichtlinie": "programme_guideline",
    "projektbericht": "project_report",
    "transfersteckbrief": "transfer_note",
}
_DATE_FIELDS = ("published", "valid_until", "deadline")
_LIST_FIELDS = ("topics", "contacts")
_TEXT_FIELDS = ("region", "municipality", "programme", "based_on")
_KNOWN = frozenset(
    {"title", "doc_type", "url", "language", "sample_content"}
    | set(_DATE_FIELDS)
    | set(_LIST_FIELDS)
    | set(_TEXT_FIELDS)
)
#: other spellings accepted in front matter and sidecars
_KEY_ALIASES = {"type": "doc_type", "lang": "language"}
#: prefix of ``extra`` keys in the flat store metadata
EXTRA_PREFIX = "extra_"
_SIDECAR_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class DocumentMetadata:
    """Normalised metadata of one document.

    ``extra`` holds the other scalar front-matter/sidecar keys (e.g. ``applicants``,
    ``region_scope``, ``funding_rate``) as strings; lists are joined with ``", "``. Keys are
    lower case with ``_`` for anything but letters and digits.
    """

    title: str
    doc_type: DocType
    region: str = ""
    municipality: str = ""
    programme: str = ""
    published: date | None = None
    valid_until: date | None = None
    deadline: date | None = None
    topics: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    url: str = ""
    language: str = ""
    sample_content: bool = False
    based_on: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def to_store(self) -> dict[str, str | int | bool]:
        """Flat metadata for the vector store: str, int and bool values only, never ``None``.

        Dates are ISO strings (``""`` when absent) plus ``<name>_n`` ints ``YYYYMMDD`` (0 when
        absent) for range filters; lists are joined with ``", "``; ``extra`` keys get the
        prefix ``extra_``.
        """
        out: dict[str, str | int | bool] = {
            "title": self.title,
            "doc_type": self.doc_type,
            "region": self.region,
            "municipality": self.municipality,
            "programme": self.programme,
            "topics": ", ".join(self.topics),
            "contacts": ", ".join(self.contacts),
            "url": self.url,
            "language": self.language,
            "sample_content": self.sample_content,
            "based_on": self.based_on,
        }
        for name in _DATE_FIELDS:
            value: date | None = getattr(self, name)
            out[name] = value.isoformat() if value else ""
            out[f"{name}_n"] = value.year * 10000 + value.month * 100 + value.day if value else 0
        for key, text in self.extra.items():
            out[EXTRA_PREFIX + key] = text
        return out

    @classmethod
    def from_store(cls, m: Mapping[str, object]) -> DocumentMetadata:
        """Inverse of ``to_store``; keys it does not know (``page``, ``doc_id``, ...) are
        ignored."""
        return cls(
            title=_text(m.get("title")),
            doc_type=_doc_type(m.get("doc_type")) or "other",
            region=_text(m.get("region")),
            municipality=_text(m.get("municipality")),
            programme=_text(m.get("programme")),
            published=_date(m.get("published")),
            valid_until=_date(m.get("valid_until")),
            deadline=_date(m.get("deadline")),
            topics=_items(m.get("topics")),
            contacts=_items(m.get("contacts")),
            url=_text(m.get("url")),
            language=_language(m.get("language")),
            sample_content=_flag(m.get("sample_content")),
            based_on=_text(m.get("based_on")),
            extra={
                k[len(EXTRA_PREFIX) :]: _text(v)
                for k, v in m.items()
                if k.startswith(EXTRA_PREFIX) and len(k) > len(EXTRA_PREFIX)
            },
        )


def sidecar_path(path: Path) -> Path:
    """``NAME.ext.meta.yaml`` next to ``path``."""
    return path.with_name(f"{path.name}.meta.yaml")


def read_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar of ``path`` as a mapping; ``{}`` when there is none.

    Raises ``DocumentError("broken")`` when the sidecar cannot be read or is not a YAML mapping.
    """
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    try:
        if side.stat().st_size > _SIDECAR_MAX_BYTES:
            raise DocumentError(
                "broken",
                f"Metadatendatei {side.name} ist größer als 1 MB.",
                message_en=f"Metadata file {side.name} is larger than 1 MB.",
            )
        text = side.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "broken",
            f"Metadatendatei {side.name} ist nicht UTF-8-kodiert.",
            message_en=f"Metadata file {side.name} is not UTF-8 encoded.",
        ) from exc
    except OSError as exc:
        raise DocumentError(
            "broken",
            f"Metadatendatei {side.name} kann nicht gelesen werden ({exc.strerror}).",
            message_en=f"Metadata file {side.name} cannot be read ({exc.strerror}).",
        ) from exc
    return load_yaml_mapping(text, what=f"Metadatendatei {side.name}")


def build_metadata(doc: LoadedDocument, sidecar: Mapping[str, Any]) -> DocumentMetadata:
    """Merge ``sidecar`` over ``doc.metadata`` and infer what is missing.

    Problems with single values are appended to ``doc.warnings``.
    """
    layers = [_canonical_keys(sidecar), _canonical_keys(doc.metadata)]

    def pick(name: str) -> Any:
        for layer in layers:
            value = layer.get(name)
            if value is not None and value != "" and value != []:
                return value
        return None

    def warn(message: str) -> None:
        doc.warnings.append(message)

    doc_type = _pick_doc_type(pick("doc_type"), warn) or _doc_type_from_folders(doc.path)
    dates: dict[str, date | None] = {}
    for name in _DATE_FIELDS:
        raw = pick(name)
        dates[name] = _date(raw)
        if raw is not None and dates[name] is None:
            warn(f"Metadaten: '{name}' ist kein gültiges Datum ({raw!r}) und wird ignoriert.")
    url = _text(pick("url"))
    if url and not re.match(r"https?://\S+$", url, re.IGNORECASE):
        warn(f"Metadaten: 'url' ist keine http(s)-Adresse ({url!r}) und wird ignoriert.")
        url = ""
    language = _language(pick("language")) or guess_language(b.text for b in doc.blocks)
    extra: dict[str, str] = {}
    for layer in reversed(layers):
        for key, value in layer.items():
            name = re.sub(r"\W+", "_", key).strip("_")
            if name and key not in _KNOWN and (text := _scalar(value)):
                extra[name] = text
    return DocumentMetadata(
        title=_text(pick("title")) or readable_file_name(doc.path),
        doc_type=doc_type,
        region=_text(pick("region")),
        municipality=_text(pick("municipality")),
        programme=_text(pick("programme")),
        published=dates["published"],
        valid_until=dates["valid_until"],
        deadline=dates["deadline"],
        topics=_items(pick("topics")),
        contacts=_items(pick("contacts")),
        url=url,
        language=language,
        sample_content=_flag(pick("sample_content")),
        based_on=_text(pick("based_on")),
        extra=extra,
    )


def readable_file_name(path: Path) -> str:
    """``foerderaufruf_smart-city_2024.pdf`` -> ``foerderaufruf smart-city 2024``.

    Underscores become spaces; hyphens too when the name has no underscores or spaces.
    """
    stem = path.stem
    stem = stem.replace("_", " ") if ("_" in stem or " " in stem) else stem.replace("-", " ")
    return " ".join(stem.split()) or path.name


def _canonical_keys(mapping: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        name = str(key).strip().lower()
        name = _KEY_ALIASES.get(name, name)
        if name not in out or out[name] in (None, ""):
            out[name] = value
    return out


def _pick_doc_type(raw: object, warn: Callable[[str], None]) -> DocType | None:
    if raw is None:
        return None
    found = _doc_type(raw)
    if found is None:
        warn(f"Metadaten: unbekannter doc_type {raw!r}; erlaubt: {', '.join(DOC_TYPES)}.")
    return found


def _doc_type(raw: object) -> DocType | None:
    if not isinstance(raw, str):
        return None
    name = re.sub(r"[\s-]+", "_", raw.strip().lower())
    if name in DOC_TYPES:
        return name
    return _DOC_TYPE_ALIASES.get(name)


def _doc_type_from_folders(path: Path) -> DocType:
    """Look at the nearest three folders, not past a folder named ``corpus``."""
    for folder in list(path.parents)[:3]:
        name = folder.name.lower()
        if name == "corpus":
            break
        if name in {"programmes", "programme", "programs", "program"} or name.startswith(
            ("foerder", "förder")
        ):
            return "programme_guideline"
        if name in {"projects", "project"} or name.startswith("projekt"):
            return "project_report"
        if name.startswith("transfer"):
            return "transfer_note"
    return "other"


def _text(raw: object) -> str:
    if raw is None or isinstance(raw, (dict, list, tuple, set)):
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return " ".join(str(raw).split())


def _scalar(raw: object) -> str:
    """A front-matter value as a store string: scalars as text, lists joined with ", "."""
    if isinstance(raw, (list, tuple)):
        return ", ".join(t for t in (_text(v) for v in raw) if t)
    return _text(raw)


def _items(raw: object) -> tuple[str, ...]:
    """A list or a comma-separated string as a tuple of unique, non-empty strings."""
    values: Iterable[object]
    if raw is None:
        return ()
    values = raw if isinstance(raw, (list, tuple, set)) else [raw]
    out: list[str] = []
    for value in values:
        for part in _text(value).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return tuple(out)


_GERMAN_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")


def _date(raw: object) -> date | None:
    """A date from YAML (``date``/``datetime``) or text (``YYYY-MM-DD``, ``DD.MM.YYYY``)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    try:
        if m := _GERMAN_DATE.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
            return datetime.fromisoformat(text).date()
    except ValueError:
        return None
    return None


def _flag(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return raw != 0
    return isinstance(raw, str) and raw.strip().lower() in {"true", "yes", "ja", "1", "wahr"}


_LANGUAGES = {
    "de": "de",
    "deu": "de",
    "ger": "de",
    "deutsch": "de",
    "german": "de",
    "en": "en",
    "eng": "en",
    "englisch": "en",
    "english": "en",
}


def _language(raw: object) -> str:
    """``"de"``, ``"en"`` or ``""``; accepts ``de-DE``, ``Deutsch``, ``english`` ..."""
    if not isinstance(raw, str):
        return ""
    code = raw.strip().lower().replace("_", "-").split("-")[0]
    return _LANGUAGES.get(code, "")
