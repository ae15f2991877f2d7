"""Normalising single metadata values from YAML or the store: text, lists, dates, flags,
language codes. Unusable values become empty (``""``, ``()``, ``None``), never an error."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

__all__ = ["flag", "items", "language", "parse_date", "scalar", "text"]


def text(raw: object) -> str:
    if raw is None or isinstance(raw, (dict, list, tuple, set)):
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return " ".join(str(raw).split())


def scalar(raw: object) -> str:
    """A front-matter value as a store string: scalars as text, lists joined with ", "."""
    if isinstance(raw, (list, tuple)):
        return ", ".join(t for t in (text(v) for v in raw) if t)
    return text(raw)


def items(raw: object) -> tuple[str, ...]:
    """A list or a comma-separated string as a tuple of unique, non-empty strings."""
    values: Iterable[object]
    if raw is None:
        return ()
    values = raw if isinstance(raw, (list, tuple, set)) else [raw]
    out: list[str] = []
    for value in values:
        for part in text(value).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return tuple(out)


_GERMAN_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")


def parse_date(raw: object) -> date | None:
    """A date from YAML (``date``/``datetime``) or text (``YYYY-MM-DD``, ``DD.MM.YYYY``)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    value = raw.strip()
    try:
        if m := _GERMAN_DATE.fullmatch(value):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", value):
            return datetime.fromisoformat(value).date()
    except ValueError:
        return None
    return None


def flag(raw: object) -> bool:
    """``true``/``ja``/``1`` ... as ``True``; anything else ``False``."""
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


def language(raw: object) -> str:
    """``"de"``, ``"en"`` or ``""``; accepts ``de-DE``, ``Deutsch``, ``english`` ..."""
    if not isinstance(raw, str):
        return ""
    code = raw.strip().lower().replace("_", "-").split("-")[0]
    return _LANGUAGES.get(code, "")
