"""Page margins of a PDF's text: running headers, footers and page numbers out.

A report's pages repeat its title at the top and "Seite 3 von 5" at the bottom. pypdf gives
them as ordinary lines, so without care they land in the middle of the text: "Mit dem
ersten Leck war die Skepsis in der LoRaWAN-Gebäudemonitoring in Delbrück: Wasserzähler,
Kühlgeräte und Fensterkontakte Verwaltung weitgehend ausgeräumt."

``strip_margins`` works on the raw text of every page (lines as pypdf gives them):

* A *running line* is a line among the first or last ``ZONE`` non-empty lines of a page whose
  form (digits replaced, spaces collapsed, case folded) occurs in that zone on at least
  ``RUNNING_SHARE`` of the pages with text, and on at least two. It is removed there.
  Only lines of at least ``MIN_RUNNING_CHARS`` characters count (a lone number or a short
  word in the zone may be part of the text).
* A *page number line* ("Seite 3 von 5", "Page 3 of 5", "- 3 -") in a zone is removed on
  any page.
* A page that would lose all its lines keeps them.

Only lines at the top or the bottom of a page go, so what stays of a page is one contiguous
piece of its text, and every quote is still found on its page. A sentence cut by the page
break stays cut (moving it would put text of one page under another's number). A document
of one page is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["strip_margins"]

#: how many non-empty lines at the top and at the bottom of a page are its margin zone
ZONE = 2
#: a line is running when its form occurs in the zone of at least this share of the pages
RUNNING_SHARE = 0.5
#: the shortest line that can be a running header or footer
MIN_RUNNING_CHARS = 15

_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:seite|page)\s*\d{1,4}(?:\s*(?:von|of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—])\s*$",
    re.IGNORECASE,
)


def _form(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _zones(lines: list[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:ZONE], filled[-ZONE:] if len(filled) > ZONE else []


def _running_forms(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        top, bottom = _zones(lines)
        tops.update({_form(lines[i]) for i in top})
        bottoms.update({_form(lines[i]) for i in bottom})
    with_text = sum(1 for lines in pages if any(line.strip() for line in lines))
    need = max(2, RUNNING_SHARE * with_text)
    return (
        {f for f, n in tops.items() if n >= need and len(f) >= MIN_RUNNING_CHARS},
        {f for f, n in bottoms.items() if n >= need and len(f) >= MIN_RUNNING_CHARS},
    )


def _strip(lines: list[str], top_forms: set[str], bottom_forms: set[str]) -> list[str]:
    top, bottom = _zones(lines)
    drop = {
        i
        for zone, forms in ((top, top_forms), (bottom, bottom_forms))
        for i in zone
        if _form(lines[i]) in forms or _PAGE_NUMBER.match(lines[i])
    }
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return kept if any(line.strip() for line in kept) else lines


def strip_margins(texts: list[str]) -> list[str]:
    """The page texts without running headers, footers and page numbers (see the module
    docstring); ``""`` stays ``""``."""
    if sum(1 for t in texts if t.strip()) < 2:
        return texts
    pages = [t.split("\n") if t else [] for t in texts]
    top_forms, bottom_forms = _running_forms(pages)
    pages = [_strip(lines, top_forms, bottom_forms) for lines in pages]
    return ["\n".join(lines) if text else "" for lines, text in zip(pages, texts, strict=True)]
