"""Metadata filters shared by dense and lexical search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.errors import InvalidRequestError
from assistant.models import DOC_TYPES

#: metadata fields that filters compare case-insensitively; stored as ``key_<field>``
KEYED_FIELDS: tuple[str, ...] = ("region", "municipality", "programme")


def key(value: str) -> str:
    """The comparison form of a filter value."""
    return " ".join(value.casefold().split())


def date_number(value: date | None) -> int:
    """``YYYYMMDD`` as an int (0 for none): Chroma compares numbers, not dates."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search. Every set field must match; ``valid_on`` keeps documents without
    a ``valid_until`` and those valid on that day."""

    doc_type: str | None = None
    region: str | None = None
    municipality: str | None = None
    programme: str | None = None
    valid_on: date | None = None

    def __post_init__(self) -> None:
        if self.doc_type is not None and self.doc_type not in DOC_TYPES:
            raise InvalidRequestError(
                f"Unbekannter Dokumenttyp {self.doc_type!r}; erlaubt: {', '.join(DOC_TYPES)}.",
                message_en=f"Unknown doc_type {self.doc_type!r}; allowed: {', '.join(DOC_TYPES)}.",
            )

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not any(
            (self.doc_type, self.region, self.municipality, self.programme, self.valid_on)
        )

    def _equalities(self) -> dict[str, str]:
        pairs: dict[str, str] = {}
        if self.doc_type:
            pairs["doc_type"] = self.doc_type
        for name in KEYED_FIELDS:
            value = getattr(self, name)
            if value:
                pairs[f"key_{name}"] = key(value)
        return pairs

    def to_chroma(self) -> dict[str, Any] | None:
        """A Chroma ``where`` clause, or ``None``."""
        clauses: list[dict[str, Any]] = [{k: v} for k, v in self._equalities().items()]
        if self.valid_on:
            clauses.append(
                {
                    "$or": [
                        {"valid_until_n": 0},
                        {"valid_until_n": {"$gte": date_number(self.valid_on)}},
                    ]
                }
            )
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: Mapping[str, Any]) -> bool:
        """The same test in Python (for the lexical index)."""
        for field_name, wanted in self._equalities().items():
            if metadata.get(field_name) != wanted:
                return False
        if self.valid_on:
            until = int(metadata.get("valid_until_n") or 0)
            if until and until < date_number(self.valid_on):
                return False
        return True
