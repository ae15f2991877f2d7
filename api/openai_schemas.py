"""Request and response models of the OpenAI-compatible routes (``/v1``).

Only what the assistant uses is modelled; other request fields of the OpenAI API
(``temperature``, ``max_tokens``, ``tools``, ...) are accepted and ignored.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.openai_mapping import MODEL_ID
from assistant.answer.result import Citation, ContactSuggestion

Role = Literal["system", "developer", "user", "assistant", "tool", "function"]


class ContentPart(BaseModel):
    """One part of a message content; only ``text`` parts are read."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(max_length=64, examples=["text"])
    text: str | None = Field(None, examples=["Wer fördert LoRaWAN-Projekte?"])


class ChatMessage(BaseModel):
    """A chat message as the OpenAI API sends it."""

    model_config = ConfigDict(extra="allow")

    role: Role = Field(examples=["user"])
    content: str | list[ContentPart] | None = Field(
        None,
        examples=["Wie überwacht man den Wasserverbrauch von Schulen mit LoRaWAN?"],
    )


class StreamOptions(BaseModel):
    """``include_usage``: send a last chunk with the token counts before ``[DONE]``."""

    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    """``POST /v1/chat/completions``.

    The last user message is the question; earlier user and assistant messages are the
    history; system messages are ignored. ``municipality`` (an extension) names the asking
    municipality for the contact suggestions.
    """

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [
                        {"role": "system", "content": "Du bist ein hilfreicher Assistent."},
                        {
                            "role": "user",
                            "content": "Wie überwacht man den Wasserverbrauch von Schulen "
                            "mit LoRaWAN?",
                        },
                    ],
                    "stream": False,
                    "municipality": "Delbrück",
                }
            ]
        },
    )

    model: str = Field(MODEL_ID, max_length=200, description="Wird angenommen und ignoriert.")
    messages: list[ChatMessage] = Field(max_length=200)
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    municipality: str | None = Field(
        None, max_length=200, description="Erweiterung: die fragende Kommune (für Ansprechstellen)."
    )


class AssistantMessage(BaseModel):
    """The answer with references at its end."""

    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    """The one choice of a completion."""

    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    """Rough token counts: words, not model tokens."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    """A ``chat.completion`` plus the extra fields ``sources`` and ``contacts``."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    sources: list[Citation]
    contacts: list[ContactSuggestion]
    confidence: Literal["high", "medium", "low", "none"]
    mode: Literal["extractive", "llm"]
    kind: Literal["answer", "hedge", "refusal"]


class ModelCard(BaseModel):
    """One entry of ``/v1/models``."""

    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    """``GET /v1/models``."""

    object: Literal["list"] = "list"
    data: list[ModelCard]


def chunk_payload(
    completion_id: str,
    created: int,
    delta: dict[str, Any],
    *,
    finish_reason: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One ``chat.completion.chunk`` (as a dict: written as JSON into the event stream)."""
    payload: dict[str, Any] = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }
    if extra:
        payload.update(extra)
    return payload
