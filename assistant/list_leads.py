"""The lead-in of a list: the sentence ending in ":" that says what its items are.

Funding guidelines put their rules in lists: "Antragsberechtigt sind ohne Einschränkungen:"
followed by "- Kommunen ...", "- gemeinnützige Vereine für die von ihnen betriebenen
Einrichtungen,". An item alone does not say that it names an applicant; its lead-in does.
``lead_of`` finds the lead-in of the item at an offset of a text (the loaders' rendering:
paragraphs or lines, list items starting with a marker, ``assistant.quotable.LIST_MARKER``).

A list longer than a chunk is cut by the chunker; a chunk that starts inside a list carries
the list's lead-in in its metadata (``list_lead``, ``ingest.chunking``), so the items of the
second chunk still know what they list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.quotable import LIST_MARKER
from assistant.sentences import split_sentences

#: the longest lead-in kept (a "lead-in" longer than this is a paragraph, not a lead)
MAX_LEAD_CHARS = 300


@dataclass(frozen=True)
class Lead:
    """The lead-in found for an offset: its text, or that the list reaches the text's start."""

    text: str = ""
    #: the item is part of a list that began before the text (the caller knows its lead)
    open_at_start: bool = False


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _is_list_item(text: str, offset: int) -> bool:
    """Whether the line at ``offset`` of ``text`` is a list item (its marker may lie before
    ``offset``: the quotable unit starts after it)."""
    start = _line_start(text, offset)
    return bool(LIST_MARKER.match(text[start:].lstrip(" ")))


def lead_of(text: str, offset: int) -> Lead:
    """The lead-in of the list item at ``offset``; ``Lead()`` when it is no list item or
    its list has no lead-in. Walks back over the list's other items (blank lines between
    them allowed) to the first line that is not an item: a lead-in when it ends in ":"."""
    if not _is_list_item(text, offset):
        return Lead()
    end = _line_start(text, offset) - 1  # the newline before the item's line
    while end > 0:
        start = _line_start(text, end)
        line = text[start:end].strip()
        end = start - 1
        if not line or LIST_MARKER.match(line):
            continue
        if line.endswith(":"):
            sentences = split_sentences(line)
            lead = sentences[-1] if sentences else line
            return Lead(lead if len(lead) <= MAX_LEAD_CHARS else "")
        return Lead()
    return Lead(open_at_start=True)


_TRAILING = re.compile(r"[\s,;]+$")


def with_lead(lead: str, item: str) -> str:
    """An item shown under its lead-in: "Antragsberechtigt sind: gemeinnützige Vereine ..."
    (a comma or semicolon that joined it to the next item left off); ``lead`` ``""``: the
    item alone (its list's lead-in was shown before it)."""
    core = _TRAILING.sub("", item)
    return f"{lead} {core}" if lead else core
