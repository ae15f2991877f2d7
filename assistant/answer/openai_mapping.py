"""Mapping between OpenAI-style chat messages and the assistant's questions and answers.

Used by the OpenAI-compatible HTTP route (``/v1/chat/completions``); plain data in, plain
data out, no web framework.

Messages → question and history:

* the **last** ``user`` message is the question; ``user`` and ``assistant`` messages before it
  are the history (oldest first), which follow-up questions and the LLM composer use;
* ``system`` and ``developer`` messages are ignored: the assistant's own rules and sources
  decide what it answers, a client cannot change them (documented in the OpenAPI text);
* ``tool``/``function`` messages and messages without text are ignored; messages after the
  last user message (e.g. a trailing assistant message) are ignored too.

Answer → assistant message: the answer text, an optional notice, then the numbered references
(``Quellen:`` / ``Sources:``) and the suggested regional contacts (``Ansprechstellen:`` /
``Contacts:``), each block separated by an empty line. The references use the numbers of the
``[n]`` markers in the text. The same citations go into the extra ``sources`` field.

Token counts are rough: words (runs of non-space characters), not model tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from assistant.answer.conversation import Turn
from assistant.answer.result import Answer, Citation, ContactSuggestion
from assistant.errors import InvalidRequestError

#: the model id the assistant reports on ``/v1/models`` and in every completion
MODEL_ID = "smartcity-assistant"
#: a fixed creation time for the model card (2026-01-01 UTC); it is not a file date
MODEL_CREATED = 1767225600
IGNORED_ROLES = frozenset({"system", "developer", "tool", "function"})

_LABELS = {
    "de": {"sources": "Quellen", "page": "S.", "contacts": "Ansprechstellen", "note": "Hinweis"},
    "en": {"sources": "Sources", "page": "p.", "contacts": "Contacts", "note": "Note"},
}
_PIECE = re.compile(r"\S+\s*|\s+")


def split_conversation(messages: Sequence[tuple[str, str]]) -> tuple[str, list[Turn]]:
    """The question (last user message) and the history before it from ``(role, text)``.

    Raises ``InvalidRequestError`` when there is no user message with text.
    """
    last_user = max(
        (i for i, (role, text) in enumerate(messages) if role == "user" and text.strip()),
        default=None,
    )
    if last_user is None:
        raise InvalidRequestError(
            "Keine Frage gefunden: die Nachrichten brauchen mindestens eine Nachricht mit der "
            "Rolle 'user' und Text.",
            message_en="No question found: the messages need at least one message with the "
            "role 'user' and text.",
        )
    history: list[Turn] = [
        (role, text)
        for role, text in messages[:last_user]
        if role in ("user", "assistant") and text.strip()
    ]
    return messages[last_user][1].strip(), history


def content_text(content: object) -> str:
    """The text of a message ``content``: a string, or a list of parts (``type: text``)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text":
                text = part.get("text")
                if isinstance(text, str):
                    texts.append(text)
        return "\n".join(texts)
    return ""


def _labels(language: str) -> dict[str, str]:
    return _LABELS["en" if language == "en" else "de"]


def reference_line(citation: Citation, language: str) -> str:
    """``[1] Titel, S. 3 – Abschnitt`` (page and section only when known)."""
    title = " ".join((citation.title or citation.source or citation.doc_id).split())
    line = f"[{citation.n}] {title}"
    if citation.page:
        line += f", {_labels(language)['page']} {citation.page}"
    section = " ".join(citation.section.split())
    if section:
        line += f" – {section}"
    return line


def references_block(citations: Sequence[Citation], language: str) -> str:
    """The numbered references, or ``""`` without citations."""
    if not citations:
        return ""
    lines = [f"{_labels(language)['sources']}:"]
    lines.extend(reference_line(c, language) for c in citations)
    return "\n".join(lines)


def contacts_block(contacts: Sequence[ContactSuggestion], language: str) -> str:
    """The suggested contacts (name and channel), or ``""`` without any."""
    if not contacts:
        return ""
    lines = [f"{_labels(language)['contacts']}:"]
    for contact in contacts:
        line = f"- {' '.join((contact.name or contact.organisation).split())}"
        if contact.channel:
            line += f" – {contact.channel}"
        lines.append(line)
    return "\n".join(lines)


def message_tail(answer: Answer) -> str:
    """What follows the answer text: notice, references and contacts (``""`` if none).

    Starts with an empty line when not empty, so ``answer.answer + message_tail(answer)`` is
    the whole assistant message.
    """
    blocks = []
    if answer.notice:
        blocks.append(f"{_labels(answer.language)['note']}: {answer.notice}")
    blocks.append(references_block(answer.citations, answer.language))
    blocks.append(contacts_block(answer.contacts, answer.language))
    text = "\n\n".join(b for b in blocks if b)
    return f"\n\n{text}" if text else ""


def message_content(answer: Answer) -> str:
    """The whole assistant message: answer text, notice, references, contacts."""
    return answer.answer + message_tail(answer)


def sources(answer: Answer) -> list[dict[str, Any]]:
    """The citations for the extra ``sources`` field (the ``Citation`` contract)."""
    return [asdict(c) for c in answer.citations]


def contacts(answer: Answer) -> list[dict[str, Any]]:
    """The contact suggestions for the extra ``contacts`` field."""
    return [asdict(c) for c in answer.contacts]


def count_tokens(text: str) -> int:
    """A rough token count: the number of words (runs of non-space characters)."""
    return len(text.split())


def text_pieces(text: str) -> list[str]:
    """``text`` cut into word pieces (each word with the spaces after it); they join to it."""
    return _PIECE.findall(text)
