"""Streamed answers as server-sent events."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator

import anyio
from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from api.dependencies import AnswersDep, MetricsDep, SettingsDep
from api.metrics import Metrics
from api.privacy import question_for_log
from api.routes.ask import prepare
from api.schemas import AskRequest, error_responses
from assistant.answer.events import DoneEvent, ErrorEvent, StreamEvent, answer_events
from assistant.answer.service import AnswerService, Prepared
from assistant.settings import Settings

log = logging.getLogger("smartcity.api.chat")

router = APIRouter(prefix="/api", tags=["Fragen"])

INTERNAL_MESSAGE = "Interner Fehler. Bitte später erneut versuchen."


def _sse(event: StreamEvent) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(event.data(), ensure_ascii=False), event=event.name)


async def _events(
    answers: AnswerService,
    prepared: Prepared,
    metrics: Metrics,
    settings: Settings,
) -> AsyncIterator[ServerSentEvent]:
    events = answer_events(answers, prepared)
    try:
        async for event in iterate_in_threadpool(events):
            if isinstance(event, DoneEvent):
                metrics.record_answer(event.answer)
                log.info(
                    "streamed %s: mode=%s confidence=%s",
                    question_for_log(settings, prepared.question),
                    event.answer.mode,
                    event.answer.confidence,
                )
            yield _sse(event)
    except Exception:
        log.exception("answer stream failed")
        yield _sse(ErrorEvent("internal", INTERNAL_MESSAGE))
    finally:
        # client gone or stream ended: close the generator (and the LLM connection); shielded,
        # since a cancelled stream would otherwise cancel this too. ValueError: a worker
        # thread is still inside the generator (it stops at the token cap).
        with anyio.CancelScope(shield=True), contextlib.suppress(ValueError):
            await run_in_threadpool(events.close)


@router.post(
    "/chat/stream",
    summary="Antwort als Stream (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Ereignisse `token` (viele), `citations`, `contacts`, `done`; bei "
            "einem Fehler `error`.",
        },
        **error_responses(400, 401, 403, 404, 413, 422, 429),
    },
)
async def chat_stream(
    body: AskRequest,
    answers: AnswersDep,
    settings: SettingsDep,
    metrics: MetricsDep,
) -> EventSourceResponse:
    """Beantwortet eine Frage wie `POST /api/ask`, aber als Ereignisstrom (text/event-stream).

    Reihenfolge der Ereignisse (Daten jeweils JSON):

    * `token` – `{"text": "..."}`: ein Stück Antworttext, viele nacheinander;
    * `citations` – Liste der Quellen (wie `citations` der Antwort);
    * `contacts` – Liste der vorgeschlagenen Ansprechstellen;
    * `done` – `{"answer", "mode", "kind", "language", "confidence", "notice"}`; `kind` ist
      `answer`, `hedge` (die Dokumente nennen das Gefragte nicht; der erste Satz sagt das)
      oder `refusal`; `answer` ist der
      maßgebliche vollständige Text und ersetzt die gestreamten Stücke (die Quellenprüfung
      kann einen Satz des Sprachmodells verwerfen).

    Bei einem Fehler während der Antwort folgt `error` mit `{"code", "message"}` und der
    Strom endet. Ungültige Anfragen (leere Frage, unbekannte Kommune, fehlender Schlüssel)
    werden vorher mit dem üblichen JSON-Fehler und passendem Status abgewiesen.
    """
    prepared = await run_in_threadpool(prepare, answers, body)
    return EventSourceResponse(
        _events(answers, prepared, metrics, settings),
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
