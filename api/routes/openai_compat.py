"""OpenAI-compatible routes: ``POST /v1/chat/completions`` and ``GET /v1/models``.

Intranet chat front ends that speak the OpenAI API can use the assistant as a "model". The
mapping (messages → question and history, answer → message with numbered references) lives
in ``assistant.answer.openai_mapping``; streaming in ``assistant.answer.stream``.

Errors keep the project's one shape ``{"ok": false, "error": {"code", "message"}}``: OpenAI
clients read ``error.message`` and ``error.code`` from it. Invalid requests are answered with
400 here (as the OpenAI API does), not 422. In a stream that already started, an error is
one ``data:`` event with that shape, which the OpenAI client raises as ``APIError``.

Keys: when ``SMARTCITY_API_KEYS`` is set, a key from it (or an admin key) is required, sent as
``Authorization: Bearer <key>`` (what OpenAI clients send) or as ``X-API-Key``
(``api.security``; missing: 401 ``unauthorized``, wrong: 403 ``forbidden``).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.dependencies import AnswersDep, MetricsDep, SettingsDep
from api.errors import BODY_PARSE_DETAIL, BODY_PARSE_MESSAGE, ApiError, error_response
from api.metrics import Metrics
from api.openai_schemas import (
    ChatCompletion,
    ChatCompletionRequest,
    ModelCard,
    ModelList,
    chunk_payload,
)
from api.schemas import ErrorBody, error_responses
from api.security import api_key_header, valid_key
from assistant.answer.openai_mapping import (
    MODEL_CREATED,
    MODEL_ID,
    contacts,
    content_text,
    count_tokens,
    message_content,
    message_tail,
    sources,
    split_conversation,
)
from assistant.answer.result import Answer
from assistant.answer.service import AnswerService, Prepared
from assistant.answer.stream import AnswerStream
from assistant.errors import InvalidRequestError, NotFoundError, SmartCityError

log = logging.getLogger("smartcity.api.openai")


class OpenAIRoute(APIRoute):
    """Request validation errors, an undecodable body included, as 400 (as the OpenAI API
    answers) in the one error shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return error_response(400, "invalid_request", validation_message(exc))
            except StarletteHTTPException as exc:
                if exc.status_code == 400 and exc.detail == BODY_PARSE_DETAIL:
                    return error_response(400, "invalid_request", BODY_PARSE_MESSAGE)
                raise

        return route


def validation_message(exc: RequestValidationError) -> str:
    """``Ungültige Anfrage: messages: ...`` from pydantic's errors (as api/errors.py words it)."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{where}: {err.get('msg', 'ungültig')}")
    return "Ungültige Anfrage: " + "; ".join(parts)


bearer = HTTPBearer(
    auto_error=False,
    scheme_name="Bearer",
    description="Der API-Schlüssel als Bearer-Token (so senden ihn OpenAI-Clients); "
    "nur nötig, wenn SMARTCITY_API_KEYS gesetzt ist. X-API-Key geht ebenso.",
)


def require_openai_reader(
    settings: SettingsDep,
    key: Annotated[str | None, Security(api_key_header)] = None,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None,
) -> None:
    """A valid key (``X-API-Key`` or ``Authorization: Bearer``) when read keys are set."""
    if not settings.api_keys:
        return
    given = key or (credentials.credentials if credentials else "")
    if not given:
        raise ApiError(
            401,
            message="API-Schlüssel fehlt: Header 'Authorization: Bearer …' oder X-API-Key.",
        )
    if not valid_key(settings, given):
        raise ApiError(403, message="Der API-Schlüssel ist nicht gültig.")


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Ungültige Anfrage (z. B. keine Nutzerfrage)."},
    **error_responses(401, 403, 413, 429),
}

router = APIRouter(
    prefix="/v1",
    tags=["OpenAI-kompatibel"],
    route_class=OpenAIRoute,
    dependencies=[Depends(require_openai_reader)],
)


def document_bad_requests(app: FastAPI) -> None:
    """Drop FastAPI's default 422 from the OpenAPI schema of these routes: they answer
    invalid requests with 400 (``OpenAIRoute``), which ``_ERRORS`` documents."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        for path, item in schema.get("paths", {}).items():
            if path.startswith(router.prefix + "/"):
                for operation in item.values():
                    operation.get("responses", {}).pop("422", None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


@router.get("/models", response_model=ModelList, responses=_ERRORS)
def list_models() -> Any:
    """Die verfügbaren „Modelle“: der Assistent selbst (`smartcity-assistant`)."""
    return ModelList(data=[_model_card()])


@router.get(
    "/models/{model_id}",
    response_model=ModelCard,
    responses={**_ERRORS, 404: {"model": ErrorBody, "description": "Unbekanntes Modell."}},
)
def get_model(model_id: Annotated[str, Path(max_length=200, examples=[MODEL_ID])]) -> Any:
    """Ein Modell nach seiner ID."""
    if model_id != MODEL_ID:
        return error_response(404, "not_found", f"Unbekanntes Modell: {model_id[:200]}")
    return _model_card()


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        **_ERRORS,
        200: {
            "description": "`chat.completion`; mit `stream: true` ein Ereignisstrom "
            "(`text/event-stream`) aus `chat.completion.chunk`-Objekten und `[DONE]`.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
    },
)
def chat_completions(body: ChatCompletionRequest, answers: AnswersDep, metrics: MetricsDep) -> Any:
    """Beantwortet die letzte Nutzernachricht aus den indexierten Dokumenten.

    Frühere Nutzer- und Assistentennachrichten sind der Gesprächsverlauf (für Rückfragen);
    Systemnachrichten werden ignoriert. Die Antwort endet mit nummerierten Quellen
    („Quellen:“, „[1] Titel, S. 3 – Abschnitt“) und den vorgeschlagenen Ansprechstellen; die
    Quellen stehen zusätzlich im Feld `sources`. Mit `stream: true` kommt die Antwort als
    Ereignisstrom; Quellen und `sources` im letzten Teil vor `[DONE]`. `usage` zählt Wörter,
    nicht Modell-Tokens.
    """
    messages = [(m.role, content_text(m.model_dump()["content"])) for m in body.messages]
    try:
        question, history = split_conversation(messages)
        prepared = answers.prepare(question, municipality=body.municipality, history=history)
    except (InvalidRequestError, NotFoundError) as exc:  # also an unknown municipality
        return error_response(400, exc.code, exc.message)
    prompt_tokens = count_tokens(question) + sum(count_tokens(t) for _, t in history)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        events = _events(
            answers, prepared, metrics, completion_id, created, prompt_tokens, include_usage
        )
        return StreamingResponse(
            events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer = answers.finish(prepared)
    metrics.record_answer(answer)
    content = message_content(answer)
    completion_tokens = count_tokens(content)
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": _usage(prompt_tokens, completion_tokens),
        **_extras(answer),
    }


def _model_card() -> ModelCard:
    return ModelCard(id=MODEL_ID, created=MODEL_CREATED, owned_by="smartcity")


def _usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def _extras(answer: Answer) -> dict[str, Any]:
    """The fields beyond the OpenAI format: sources, contacts, confidence, mode."""
    return {
        "sources": sources(answer),
        "contacts": contacts(answer),
        "confidence": answer.confidence,
        "kind": answer.kind,
        "mode": answer.mode,
    }


def _sse(payload: dict[str, Any] | str) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return f"data: {data}\n\n"


def _events(
    service: AnswerService,
    prepared: Prepared,
    metrics: Metrics,
    completion_id: str,
    created: int,
    prompt_tokens: int,
    include_usage: bool,
) -> Iterator[str]:
    """The event stream (runs in the thread pool: retrieval and the LLM block)."""
    yield _sse(chunk_payload(completion_id, created, {"role": "assistant", "content": ""}))
    stream = AnswerStream(service, prepared)
    completion_tokens = 0
    try:
        for piece in stream:
            completion_tokens += count_tokens(piece)
            yield _sse(chunk_payload(completion_id, created, {"content": piece}))
        answer = stream.answer
        metrics.record_answer(answer)
    except SmartCityError as exc:
        yield _sse({"ok": False, "error": {"code": exc.code, "message": exc.message}})
        return
    except Exception as exc:  # the stream has started: report in-band, never a stack trace
        log.exception("streamed completion failed", exc_info=exc)
        message = "Interner Fehler. Bitte später erneut versuchen."
        yield _sse({"ok": False, "error": {"code": "internal", "message": message}})
        return
    finally:
        stream.close()
    tail = message_tail(answer)
    completion_tokens += count_tokens(tail)
    yield _sse(
        chunk_payload(
            completion_id,
            created,
            {"content": tail} if tail else {},
            finish_reason="stop",
            extra=_extras(answer),
        )
    )
    if include_usage:
        usage = _usage(prompt_tokens, completion_tokens)
        yield _sse(
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_ID,
                "choices": [],
                "usage": usage,
            }
        )
    yield _sse("[DONE]")
