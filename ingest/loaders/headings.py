"""The heading trail shared by the Markdown and HTML loaders."""

from __future__ import annotations

import re

SECTION_SEPARATOR = " \u203a "

#: what may stand between a repeated title and the rest of a heading
_AFTER_TITLE = " \t:\u2013\u2014-,.|/"


def strip_title(heading: str, titles: tuple[str, ...]) -> str:
    """``heading`` without a leading restatement of one of ``titles``.

    ``"Richtlinie X 2023 II. Gegenstand"`` with the title ``"Richtlinie X 2023"`` gives
    ``"II. Gegenstand"``; a heading that is only the title gives ``""``. Case and white space
    do not matter; the title must end at a word boundary, and what follows it must not go on
    in lower case ("Einleitung und Ziele" stays as it is under "Einleitung"). Other headings
    are returned as they are.
    """
    for title in titles:
        words = title.split()
        if not words:
            continue
        pattern = r"\s*" + r"\s+".join(re.escape(w) for w in words) + r"(?![^\W_])"
        match = re.match(pattern, heading, re.IGNORECASE)
        if match is None:
            continue
        rest = heading[match.end() :].lstrip(_AFTER_TITLE).strip()
        # "Einleitung und Ziele" under the title "Einleitung" goes on: not a restatement
        if not rest[:1].islower():
            return rest
    return heading


class HeadingTrail:
    """Remembers the current heading of each level and names sections.

    A level-3 or deeper heading under a ``##`` heading is shown as "Parent › Child"; the first
    level-1 heading is kept as a title candidate. Headings that restate the document title
    (``title``, or else the first ``#`` heading) lose that part in section names; one that is
    only the title is left out of the path. The first ``#`` heading itself keeps its text.
    """

    def __init__(self, title: str = "") -> None:
        self.headings: dict[int, str] = {}
        self.first_h1 = ""
        self.title = " ".join(title.split())

    def _titles(self) -> tuple[str, ...]:
        found = [t for t in (self.title, self.first_h1) if t]
        # the longer title first, so "Richtlinie X 2023" wins over "Richtlinie X"
        return tuple(sorted(dict.fromkeys(found), key=len, reverse=True))

    def enter(self, level: int, text: str) -> str:
        """Record a heading and return the section name of the text below it."""
        if level == 1 and not self.first_h1:
            self.first_h1 = text
            shown = text
        else:
            shown = strip_title(text, self._titles())
        self.headings = {lvl: t for lvl, t in self.headings.items() if lvl < level}
        self.headings[level] = shown
        parent = self.headings.get(2)
        if level >= 3 and parent:
            return f"{parent}{SECTION_SEPARATOR}{shown}" if shown else parent
        return shown
