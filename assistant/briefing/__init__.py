"""Consultation briefings: model, builder and the Markdown, DOCX and PDF exporters."""
