"""The answer as a sequence of typed events, for streaming front doors (server-sent events).

Order: many ``TokenEvent`` (the answer text as it is written), one ``CitationsEvent``, one
``ContactsEvent``, one ``DoneEvent`` with the finished ``Answer``. A failure while the answer
is written ends the sequence with an ``ErrorEvent`` instead.

The text pieces come from ``assistant.answer.stream.AnswerStream``: in extractive mode the
finished answer cut into words; with an LLM the model's pieces, falling back to the extractive
answer (with a notice) when the model fails. ``DoneEvent.answer.answer`` is the authoritative
text: LLM citation checking may drop a sentence that was already streamed, so a client
replaces the streamed text with it.

``prepare_question`` is the one entry for both the plain and the streaming route: the
service's ``prepare`` plus an explicitly requested answer language.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer.result import Answer, Citation, ContactSuggestion
from assistant.answer.service import AnswerService, Prepared
from assistant.answer.stream import AnswerStream
from assistant.errors import SmartCityError
from assistant.filters import SearchFilters

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class TokenEvent:
    """A piece of the answer text."""

    text: str

    name = "token"

    def data(self) -> dict[str, Any]:
        """JSON payload."""
        return {"text": self.text}


@dataclass(frozen=True)
class CitationsEvent:
    """The sources of the answer."""

    citations: list[Citation]

    name = "citations"

    def data(self) -> list[dict[str, Any]]:
        """JSON payload."""
        return [dataclasses.asdict(c) for c in self.citations]


@dataclass(frozen=True)
class ContactsEvent:
    """The suggested regional contacts."""

    contacts: list[ContactSuggestion]

    name = "contacts"

    def data(self) -> list[dict[str, Any]]:
        """JSON payload."""
        return [dataclasses.asdict(c) for c in self.contacts]


@dataclass(frozen=True)
class DoneEvent:
    """The end of a successful answer."""

    answer: Answer

    name = "done"

    def data(self) -> dict[str, Any]:
        """JSON payload: full text, mode, kind, language, confidence and notice."""
        a = self.answer
        return {
            "answer": a.answer,
            "mode": a.mode,
            "kind": a.kind,
            "language": a.language,
            "confidence": a.confidence,
            "notice": a.notice,
        }


@dataclass(frozen=True)
class ErrorEvent:
    """The answer failed; nothing follows."""

    code: str
    message: str

    name = "error"

    def data(self) -> dict[str, Any]:
        """JSON payload."""
        return {"code": self.code, "message": self.message}


StreamEvent = TokenEvent | CitationsEvent | ContactsEvent | DoneEvent | ErrorEvent


def prepare_question(
    service: AnswerService,
    question: str,
    *,
    municipality: str | None = None,
    filters: SearchFilters | None = None,
    history: Sequence[object] = (),
    language: str | None = None,
) -> Prepared:
    """Validate, retrieve and extract; ``language`` (``de``/``en``) overrides the language
    detected from the question (refusal text, LLM prompt, English lead-in)."""
    prepared = service.prepare(
        question, municipality=municipality, filters=filters, history=history
    )
    if language in LANGUAGES and language != prepared.language:
        prepared = dataclasses.replace(prepared, language=language)
    return prepared


def answer_events(service: AnswerService, prepared: Prepared) -> Generator[StreamEvent, None, None]:
    """The events of one answer (see the module docstring).

    Closing the iterator early (client gone) closes the connection to the model.
    """
    stream = AnswerStream(service, prepared)
    try:
        for piece in stream:
            if piece:
                yield TokenEvent(piece)
        answer = stream.answer
    except SmartCityError as exc:
        log.warning("answer stream failed: %s", exc.code)
        yield ErrorEvent(exc.code, exc.message)
        return
    finally:
        stream.close()
    yield CitationsEvent(answer.citations)
    yield ContactsEvent(answer.contacts)
    yield DoneEvent(answer)
