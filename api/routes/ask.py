"""Ask a question: one cited answer with regional contacts (JSON)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter

from api.dependencies import AnswersDep, MetricsDep, SettingsDep
from api.privacy import question_for_log
from api.schemas import AskRequest, error_responses
from assistant.answer.events import prepare_question
from assistant.answer.service import AnswerService, Prepared

log = logging.getLogger("smartcity.api.ask")

router = APIRouter(prefix="/api", tags=["Fragen"])


def prepare(answers: AnswerService, body: AskRequest) -> Prepared:
    """Validate, retrieve and extract for a request (this route and the streaming one)."""
    return prepare_question(
        answers,
        body.question,
        municipality=body.municipality,
        filters=body.search_filters(),
        history=body.history_pairs(),
        language=body.language,
    )


@router.post(
    "/ask",
    summary="Frage beantworten",
    responses=error_responses(400, 401, 403, 404, 413, 422, 429),
)
def ask(
    body: AskRequest,
    answers: AnswersDep,
    settings: SettingsDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Beantwortet eine Frage aus den indexierten Dokumenten.

    Die Antwort nennt ihre Quellen als `[n]`; jede Nummer verweist auf einen Eintrag in
    `citations` mit wörtlichem Zitat. Dazu kommen passende regionale Ansprechstellen mit
    Begründung. Finden die Dokumente keine belastbare Antwort, ist `confidence` gleich
    `none` und die Antwort sagt das offen. Ohne konfiguriertes Sprachmodell ist die Antwort
    extraktiv (`mode: extractive`).
    """
    answer = answers.finish(prepare(answers, body))
    metrics.record_answer(answer)
    log.info(
        "answered %s: mode=%s confidence=%s citations=%d",
        question_for_log(settings, body.question),
        answer.mode,
        answer.confidence,
        len(answer.citations),
    )
    return answer.to_dict()
