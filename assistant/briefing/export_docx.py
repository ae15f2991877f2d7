"""Briefing → DOCX (python-docx): Word headings, bullet paragraphs with ``[n]`` markers,
the numbered reference list with verbatim quotes at the end."""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document
from docx.shared import Pt

from assistant.briefing.export_markdown import meta_line
from assistant.briefing.model import Briefing, quote_excerpt, reference_line

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML (and so DOCX) cannot hold."""
    return _NOT_XML.sub("", text)


def to_docx(briefing: Briefing) -> bytes:
    """The briefing as a .docx file."""
    doc = Document()
    doc.core_properties.title = xml_safe(briefing.title)
    doc.core_properties.language = briefing.language
    doc.core_properties.subject = xml_safe(", ".join(briefing.topics))
    doc.add_heading(xml_safe(briefing.title), level=0)
    meta = doc.add_paragraph()
    meta.add_run(xml_safe(meta_line(briefing))).italic = True
    for number, section in enumerate(briefing.sections, start=1):
        doc.add_heading(f"{number}. {section.title}", level=1)
        if not section.blocks:
            doc.add_paragraph(section.empty_note)
        for block in section.blocks:
            if block.heading:
                doc.add_heading(xml_safe(block.heading), level=2)
            for statement in block.statements:
                doc.add_paragraph(xml_safe(statement.render()), style="List Bullet")
        if section.key == "summary" and briefing.notes:
            para = doc.add_paragraph()
            para.add_run(f"{briefing.labels['notes']}: ").bold = True
            para.add_run(xml_safe(briefing.notes))
    doc.add_heading(briefing.labels["references"], level=1)
    for c in briefing.references:
        para = doc.add_paragraph()
        para.add_run(f"[{c.n}] ").bold = True
        para.add_run(xml_safe(reference_line(c, briefing.language)))
        quote = para.add_run(xml_safe(f"\n„{quote_excerpt(c.quote)}“"))
        quote.italic = True
        quote.font.size = Pt(9)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
