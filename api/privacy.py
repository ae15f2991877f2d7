"""Data protection helpers: questions reach the log only when the settings allow it."""

from __future__ import annotations

from assistant.settings import Settings


def question_for_log(settings: Settings, question: str) -> str:
    """The question as it may appear in the log: verbatim only with ``log_questions``."""
    if settings.log_questions:
        return repr(question)
    return f"<Frage, {len(question)} Zeichen>"
