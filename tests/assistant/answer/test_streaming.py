"""The typed event sequence of a streamed answer (real index; fake chat models for the LLM)."""

from __future__ import annotations

import itertools
import re
from typing import Any

from assistant.answer.events import (
    CitationsEvent,
    ContactsEvent,
    DoneEvent,
    ErrorEvent,
    StreamEvent,
    TokenEvent,
    answer_events,
    prepare_question,
)
from assistant.answer.service import LLM_FALLBACK_NOTICE, REFUSAL, AnswerService
from tests.assistant.fake_llm import ScriptedChatModel, generic, with_llm

QUESTION = "Wie kann man den Wasserverbrauch in Schulen überwachen?"
LLM_TEXT = "Delbrück hat LoRaWAN-Funkzähler für den Wasserverbrauch in Schulen eingebaut [1]."


def kinds(events: list[StreamEvent]) -> list[str]:
    """Event names with runs of tokens collapsed."""
    return [name for name, _ in itertools.groupby(e.name for e in events)]


def run(answers: AnswerService, question: str = QUESTION, **kwargs: Any) -> list[StreamEvent]:
    return list(answer_events(answers, prepare_question(answers, question, **kwargs)))


def test_extractive_answer_streams_words_then_sources(service: AnswerService) -> None:
    events = run(service, municipality="Delbrück")
    assert kinds(events) == ["token", "citations", "contacts", "done"]
    tokens = [e for e in events if isinstance(e, TokenEvent)]
    done = events[-1]
    assert isinstance(done, DoneEvent)
    assert len(tokens) > 3 and "".join(t.text for t in tokens) == done.answer.answer
    assert done.answer.mode == "extractive" and done.answer.confidence != "none"
    citations = events[-3]
    assert isinstance(citations, CitationsEvent) and citations.citations
    assert citations.citations == done.answer.citations
    assert set(citations.data()[0]) >= {"n", "chunk_id", "quote", "url"}
    contacts = events[-2]
    assert isinstance(contacts, ContactsEvent) and contacts.contacts[0].id == "delbrueck-digital"
    assert set(done.data()) == {"answer", "mode", "kind", "language", "confidence", "notice"}


def test_refusal_streams_the_refusal(service: AnswerService) -> None:
    events = run(service, "Wie hoch ist die Hundesteuer für Dackel in Castrop-Rauxel?")
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.answer.confidence == "none"
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == REFUSAL["de"]
    assert isinstance(events[-3], CitationsEvent) and events[-3].citations == []


def test_llm_pieces_are_streamed_and_citations_match(service: AnswerService) -> None:
    model = generic(LLM_TEXT)
    events = run(with_llm(service, model))
    assert kinds(events) == ["token", "citations", "contacts", "done"]
    streamed = "".join(e.text for e in events if isinstance(e, TokenEvent))
    assert streamed == LLM_TEXT
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.answer.mode == "llm"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", done.answer.answer)}
    assert markers == {c.n for c in done.answer.citations} == {1}


def test_unreachable_llm_falls_back_with_notice(service: AnswerService) -> None:
    events = run(with_llm(service, ScriptedChatModel(pieces=0, failure="connect")))
    done = events[-1]
    assert isinstance(done, DoneEvent)
    assert done.answer.mode == "extractive" and done.answer.notice == LLM_FALLBACK_NOTICE["de"]
    assert done.data()["notice"] == LLM_FALLBACK_NOTICE["de"]
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == done.answer.answer


def test_other_failures_end_with_an_error_event(service: AnswerService) -> None:
    events = run(with_llm(service, ScriptedChatModel(pieces=0, failure="config")))
    assert kinds(events) == ["error"]
    error = events[-1]
    assert isinstance(error, ErrorEvent) and error.code == "configuration"
    assert error.data() == {"code": "configuration", "message": "Modell falsch konfiguriert."}


def test_closing_early_closes_the_model_stream(service: AnswerService) -> None:
    model = ScriptedChatModel()
    events = answer_events(with_llm(service, model), prepare_question(service, QUESTION))
    assert [next(events).name for _ in range(3)] == ["token"] * 3
    assert not model.closed
    events.close()
    assert model.closed


def test_requested_language_overrides_detection(service: AnswerService) -> None:
    assert prepare_question(service, QUESTION).language == "de"
    english = prepare_question(service, QUESTION, language="en")
    assert english.language == "en"
    done = list(answer_events(service, english))[-1]
    assert isinstance(done, DoneEvent) and done.answer.language == "en"
    assert done.answer.answer.startswith("From the (German) documents")
