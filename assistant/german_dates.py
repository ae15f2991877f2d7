"""Calendar dates written in German text, with their position.

Forms read: a day with a month name (``1. Januar 2022``, ``30. Juni 2024``, ``1. Okt. 2024``,
``3.März 2025``), numeric dates (``31.12.2027``, ``1.1.2024``, ``1. 1. 2024``) and ISO dates
(``2024-06-30``). A month without a day (``Juni 2024``) is not a date here: no day is invented.
Impossible dates (``31. Februar 2025``) are skipped. Two-digit years are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

__all__ = ["MONTHS", "FoundDate", "english_date", "find_dates", "german_date", "spoken_date"]

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
_MONTH_NUMBER = {
    **{name.casefold(): i for i, name in enumerate(MONTHS, start=1)},
    "jänner": 1, "jan": 1, "feb": 2, "febr": 2, "mrz": 3, "märz": 3, "maerz": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}  # fmt: skip
_MONTH_WORD = "|".join(sorted((re.escape(k) for k in _MONTH_NUMBER), key=len, reverse=True))
_DATE = re.compile(
    rf"(?<![\d.])(?P<d1>\d{{1,2}})\.\s?(?P<mname>{_MONTH_WORD})\.?\s+(?P<y1>\d{{4}})(?!\d)"
    r"|(?<![\d.])(?P<d2>\d{1,2})\.\s?(?P<m2>\d{1,2})\.\s?(?P<y2>\d{4})(?!\d)"
    r"|(?<!\d)(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    """A date and where it stands in the text (``text[start:end]`` is how it is written)."""

    value: date
    start: int
    end: int


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every date in ``text``, in reading order (see the module docstring)."""
    for m in _DATE.finditer(text):
        try:
            if m["d1"]:
                value = date(int(m["y1"]), _MONTH_NUMBER[m["mname"].casefold()], int(m["d1"]))
            elif m["d2"]:
                value = date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
            else:
                value = date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
        except (ValueError, KeyError):
            continue
        yield FoundDate(value, m.start(), m.end())


def german_date(value: date) -> str:
    """``30. April 2027``."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def english_date(value: date) -> str:
    """``30 April 2027`` (for English answers)."""
    return f"{value.day} {_ENGLISH_MONTHS[value.month - 1]} {value.year}"


def spoken_date(value: date, language: str = "de") -> str:
    """A date as a reader writes it: ``30. April 2027`` in German, ``30 April 2027`` in English
    (ISO dates stay in the JSON fields, not in sentences)."""
    return english_date(value) if language == "en" else german_date(value)
