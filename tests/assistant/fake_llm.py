"""Fake LangChain chat models for the LLM tests (no server), and an answer service using one.

* ``generic(text)``: LangChain's ``GenericFakeChatModel`` streaming ``text`` in pieces.
* ``ScriptedChatModel``: streams ``piece`` up to ``pieces`` times, then raises the named
  ``failure`` (if set); counts what was pulled and notes when its stream was closed (what
  closes the HTTP response of a real client).
* ``with_llm(service, model)``: the same answer service with an ``LlmComposer`` over ``model``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult

from assistant.answer.llm_composer import LlmComposer
from assistant.answer.service import AnswerService
from assistant.errors import ConfigurationError


def model_error(name: str) -> Exception:
    """A fresh exception of a failing model: ``connect``, ``timeout``, ``config``, ``other``."""
    if name == "connect":
        return ConnectionError("connection refused")
    if name == "timeout":
        return TimeoutError("read timed out")
    if name == "config":
        return ConfigurationError("Modell falsch konfiguriert.")
    return ValueError("server said 500")


def generic(text: str) -> GenericFakeChatModel:
    """A model that streams ``text`` (split at spaces) once."""
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


class ScriptedChatModel(BaseChatModel):
    """Streams ``piece`` ``pieces`` times, then raises ``model_error(failure)`` if set."""

    piece: str = "Wort "
    pieces: int = 100_000
    failure: str = ""
    pulled: int = 0
    closed: bool = False

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        raise NotImplementedError

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        try:
            for _ in range(self.pieces):
                self.pulled += 1
                yield ChatGenerationChunk(message=AIMessageChunk(content=self.piece))
        finally:
            self.closed = True
        if self.failure:
            raise model_error(self.failure)


def with_llm(service: AnswerService, model: BaseChatModel) -> AnswerService:
    """``service`` (same index, contacts, regions and k) answering with ``model``."""
    return AnswerService(
        service.searcher, service.contacts, service.regions, llm=LlmComposer(model), k=service.k
    )


class BrokenChatModel(FakeListChatModel):
    """A chat model whose server is down: every call raises ``ConnectionError``."""

    def _call(self, *args: object, **kwargs: object) -> str:
        raise ConnectionError("server down")
