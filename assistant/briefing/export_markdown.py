"""Briefing → Markdown: headings per section, one bullet per statement with its ``[n]``,
numbered references with verbatim quotes at the end."""

from __future__ import annotations

from assistant.briefing.model import Briefing, quote_excerpt, reference_line
from assistant.german_dates import spoken_date


def _escape(text: str) -> str:
    """Keep user text from turning into Markdown structure (headings, HTML)."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def meta_line(briefing: Briefing) -> str:
    """``Kommune: … · Themen: … · Stand: … · erstellt …``."""
    return briefing.labels["meta"].format(
        municipality=briefing.municipality,
        topics=", ".join(briefing.topics),
        on=spoken_date(briefing.on, briefing.language),
        created=spoken_date(briefing.created, briefing.language),
    )


def to_markdown(briefing: Briefing) -> str:
    """The briefing as a Markdown document (UTF-8 text)."""
    lines = [f"# {briefing.title}", "", f"_{meta_line(briefing)}_", ""]
    for number, section in enumerate(briefing.sections, start=1):
        lines += [f"## {number}. {section.title}", ""]
        if not section.blocks:
            lines += [section.empty_note, ""]
        for block in section.blocks:
            if block.heading:
                lines += [f"### {block.heading}", ""]
            lines += [f"- {_escape(s.render())}" for s in block.statements]
            lines.append("")
        if section.key == "summary" and briefing.notes:
            lines += [f"**{briefing.labels['notes']}:** {_escape(briefing.notes)}", ""]
    lines += [f"## {briefing.labels['references']}", ""]
    for c in briefing.references:
        line = reference_line(c, briefing.language)
        lines.append(f"- [{c.n}] {line}  ")
        lines.append(f"  „{_escape(quote_excerpt(c.quote))}“")
    lines.append("")
    return "\n".join(lines)
