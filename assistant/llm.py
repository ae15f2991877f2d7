"""The LLM client: one LangChain chat model built from the settings.

``build_chat_model`` is called once, in the app's lifespan or the CLI command, never at import
time. The provider packages (langchain-openai, langchain-ollama) are imported lazily, so the
extractive mode needs neither.

The token limit is asked for twice for OpenAI-compatible servers: langchain-openai sends it as
``max_completion_tokens``, which llama.cpp and other local servers may ignore, so the classic
``max_tokens`` goes along in the request body as well. ``LlmComposer`` enforces a hard cap on top
while streaming, whatever the server does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import SecretStr

from assistant.errors import ConfigurationError

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from assistant.settings import Settings

#: model name sent when none is configured (llama.cpp and most local servers ignore it)
DEFAULT_OPENAI_MODEL = "local-model"


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model the settings name, or ``None`` for ``llm_provider == "none"``."""
    if settings.llm_provider == "none":
        return None
    if settings.llm_provider == "openai":
        return _openai(settings)
    if settings.llm_provider == "ollama":
        return _ollama(settings)
    raise ConfigurationError(  # pragma: no cover - the settings type rules this out
        f"Unbekannter LLM-Anbieter: {settings.llm_provider!r}",
        message_en=f"Unknown LLM provider: {settings.llm_provider!r}",
    )


def _openai(settings: Settings) -> BaseChatModel:
    if not settings.llm_base_url:
        raise ConfigurationError(
            "SMARTCITY_LLM_BASE_URL fehlt: Für den Anbieter `openai` muss die Adresse eines "
            "OpenAI-kompatiblen Servers angegeben werden (z. B. http://127.0.0.1:8080/v1).",
            message_en="SMARTCITY_LLM_BASE_URL is missing: provider `openai` needs the address "
            "of an OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1).",
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        api_key=SecretStr(settings.llm_api_key or "not-needed"),
        model=settings.llm_model or DEFAULT_OPENAI_MODEL,
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        # langchain-openai renames max_tokens to max_completion_tokens; servers that only know
        # the classic name (llama.cpp) read this one
        extra_body={"max_tokens": settings.llm_max_tokens},
        streaming=True,
    )


def _ollama(settings: Settings) -> BaseChatModel:
    if not settings.llm_model:
        raise ConfigurationError(
            "SMARTCITY_LLM_MODEL fehlt: Für den Anbieter `ollama` muss ein Modellname angegeben "
            "werden (z. B. gemma3:1b).",
            message_en="SMARTCITY_LLM_MODEL is missing: provider `ollama` needs a model name "
            "(e.g. gemma3:1b).",
        )
    from langchain_ollama import ChatOllama

    return ChatOllama(
        base_url=settings.llm_base_url or None,
        model=settings.llm_model,
        temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout_s},
        validate_model_on_init=False,
    )
