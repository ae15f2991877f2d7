"""Document metadata: sidecar files, merging, normalisation into a typed ``DocumentMetadata``.

Precedence for every field: the admin's correction (``ingest/corrections.py``) > sidecar
(``NAME.ext.meta.yaml``) > metadata found in the file (front matter, Pandoc title block, PDF
info, HTML ``<title>``/``lang``) > inference. Inference only derives what the file says about
itself: the title from the first Markdown/HTML heading or the first prominent line of a PDF's
first page (``title_inference``), else the file name; ``doc_type`` from the folder the file
sits in, else from its title and text (``doc_type_inference``); ``language`` from a stopword
count. Nothing is invented; unknown stays empty. Where title and type came from is stored with
them: ``title_source`` (``admin``, ``sidecar``, ``front-matter``, ``pdf-metadata``,
``pdf-first-heading``, ``markdown-heading``, ``html-title``, ``file-name``) and
``doc_type_source`` (``admin``, ``sidecar``, ``front-matter``, ``folder``, ``text``).

Values that cannot be used (an impossible date, an unknown ``doc_type``, a ``url`` that is not
http(s)) are dropped and noted in ``LoadedDocument.warnings``; they never stop the ingest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from assistant.errors import DocumentError
from assistant.language import guess_language
from assistant.models import DOC_TYPES, DocType
from ingest.doc_type_inference import infer_doc_type
from ingest.document import LoadedDocument
from ingest.frontmatter import load_yaml_mapping
from ingest.metadata_values import flag as _flag
from ingest.metadata_values import items as _items
from ingest.metadata_values import language as _language
from ingest.metadata_values import parse_date as _date
from ingest.metadata_values import scalar as _scalar
from ingest.metadata_values import text as _text
from ingest.title_inference import TitleSource, file_title

__all__ = [
    "CORRECTABLE_FIELDS",
    "DOC_TYPES",
    "DOC_TYPE_SOURCES",
    "DocType",
    "DocTypeSource",
    "DocumentMetadata",
    "build_metadata",
    "read_sidecar",
    "sidecar_path",
]

DocTypeSource = Literal["admin", "sidecar", "front-matter", "folder", "text"]
DOC_TYPE_SOURCES: tuple[DocTypeSource, ...] = get_args(DocTypeSource)
#: the fields an admin may correct (``PATCH /api/documents/{doc_id}``)
CORRECTABLE_FIELDS = (
    "title",
    "doc_type",
    "region",
    "municipality",
    "programme",
    "published",
    "valid_until",
    "deadline",
    "topics",
    "url",
    "language",
)

_DOC_TYPE_ALIASES: dict[str, DocType] = {
    "foerderrichtlinie": "programme_guideline",
    "förderrichtlinie": "programme_guideline",
    "projektbericht": "project_report",
    "transfersteckbrief": "transfer_note",
}
_DATE_FIELDS = ("published", "valid_until", "deadline")
_LIST_FIELDS = ("topics", "contacts")
_TEXT_FIELDS = ("region", "municipality", "programme", "based_on", "sample_note")
_KNOWN = frozenset(
    {"title", "doc_type", "url", "language", "sample_content", "title_source", "doc_type_source"}
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
    #: the sample corpus's notice ("Beispielinhalt: ..."); metadata, never body text
    sample_note: str = ""
    #: where ``title`` came from (see the module docstring; "" when not recorded)
    title_source: str = ""
    #: where ``doc_type`` came from (see the module docstring; "" when not recorded)
    doc_type_source: str = ""
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
            "sample_note": self.sample_note,
            "title_source": self.title_source,
            "doc_type_source": self.doc_type_source,
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
            sample_note=_text(m.get("sample_note")),
            title_source=_text(m.get("title_source")),
            doc_type_source=_text(m.get("doc_type_source")),
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


def build_metadata(
    doc: LoadedDocument,
    sidecar: Mapping[str, Any],
    admin: Mapping[str, Any] | None = None,
) -> DocumentMetadata:
    """Merge ``admin`` over ``sidecar`` over ``doc.metadata`` and infer what is missing.

    ``admin`` holds only the fields an admin corrected; there an empty value means "empty",
    not "not corrected". Problems with single values are appended to ``doc.warnings``.
    """
    corrected = _canonical_keys(admin or {})
    side = _canonical_keys(sidecar)
    own = _canonical_keys(doc.metadata)
    layers = [side, own]

    def pick(name: str) -> Any:
        if name in corrected:
            return corrected[name]
        for layer in layers:
            value = layer.get(name)
            if _given(value):
                return value
        return None

    def warn(message: str) -> None:
        doc.warnings.append(message)

    title, title_source = _title(doc, corrected, side)
    doc_type, doc_type_source = _doc_type_and_source(doc, corrected, side, own, title, warn)
    dates: dict[str, date | None] = {}
    for name in _DATE_FIELDS:
        raw = pick(name)
        dates[name] = _date(raw)
        if _given(raw) and dates[name] is None:
            warn(f"Metadaten: '{name}' ist kein gültiges Datum ({raw!r}) und wird ignoriert.")
    url = _text(pick("url"))
    if url and not re.match(r"https?://\S+$", url, re.IGNORECASE):
        warn(f"Metadaten: 'url' ist keine http(s)-Adresse ({url!r}) und wird ignoriert.")
        url = ""
    language = _language(pick("language"))
    if not language and not ("language" in corrected and not _given(corrected["language"])):
        language = guess_language(b.text for b in doc.blocks)
    extra: dict[str, str] = {}
    for layer in reversed(layers):
        for key, value in layer.items():
            name = re.sub(r"\W+", "_", key).strip("_")
            if name and key not in _KNOWN and (text := _scalar(value)):
                extra[name] = text
    return DocumentMetadata(
        title=title,
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
        sample_note=_text(pick("sample_note")),
        title_source=title_source,
        doc_type_source=doc_type_source,
        extra=extra,
    )


def _given(value: object) -> bool:
    return value is not None and value != "" and value != []


def _title(
    doc: LoadedDocument, corrected: Mapping[str, Any], side: Mapping[str, Any]
) -> tuple[str, TitleSource]:
    if title := _text(corrected.get("title")):
        return title, "admin"
    if title := _text(side.get("title")):
        return title, "sidecar"
    if found := file_title(doc):
        return found
    return readable_file_name(doc.path), "file-name"


def _doc_type_and_source(
    doc: LoadedDocument,
    corrected: Mapping[str, Any],
    side: Mapping[str, Any],
    own: Mapping[str, Any],
    title: str,
    warn: Callable[[str], None],
) -> tuple[DocType, DocTypeSource]:
    for layer, source in ((corrected, "admin"), (side, "sidecar"), (own, "front-matter")):
        raw = layer.get("doc_type")
        if _given(raw) and (found := _pick_doc_type(raw, warn)):
            return found, source  # type: ignore[return-value]
    folder = _doc_type_from_folders(doc.path)
    if folder != "other":
        return folder, "folder"
    first_heading = doc.blocks[0].section.split(" \u203a ")[0] if doc.blocks else ""
    titles = [title, _text(own.get("title")), first_heading]
    return infer_doc_type(titles, doc.blocks), "text"


def readable_file_name(path: Path) -> str:
    """``foerderaufruf_smart-city_2024.pdf`` -> ``foerderaufruf smart-city 2024``.

    Underscores become spaces; hyphens too when the name has no underscores or spaces.
    Words written in camel case are split where a capital follows two small letters
    (``SmartCityStrategie`` -> ``Smart City Strategie``; ``eGovernment`` stays).
    """
    stem = path.stem
    stem = stem.replace("_", " ") if ("_" in stem or " " in stem) else stem.replace("-", " ")
    words = [_CAMEL.sub(" ", w) if w.isalpha() else w for w in stem.split()]
    return " ".join(words) or path.name


_CAMEL = re.compile(r"(?<=[^\W\d_A-ZÄÖÜ]{2})(?=[A-ZÄÖÜ][^\W\d_A-ZÄÖÜ])")


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
