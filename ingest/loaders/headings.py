"""The heading trail shared by the Markdown and HTML loaders."""

from __future__ import annotations

SECTION_SEPARATOR = " \u203a "


class HeadingTrail:
    """Remembers the current heading of each level and names sections.

    A level-3 or deeper heading under a ``##`` heading is shown as "Parent › Child"; the first
    level-1 heading is kept as a title candidate.
    """

    def __init__(self) -> None:
        self.headings: dict[int, str] = {}
        self.first_h1 = ""

    def enter(self, level: int, text: str) -> str:
        """Record a heading and return the section name of the text below it."""
        if level == 1 and not self.first_h1:
            self.first_h1 = text
        self.headings = {lvl: t for lvl, t in self.headings.items() if lvl < level}
        self.headings[level] = text
        parent = self.headings.get(2)
        return f"{parent}{SECTION_SEPARATOR}{text}" if level >= 3 and parent else text
