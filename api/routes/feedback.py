"""Feedback on answers (thumbs up/down), stored for a limited time without IP addresses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.dependencies import FeedbackDep
from api.schemas import FeedbackRequest, error_responses
from api.security import require_admin, require_reader
from assistant.feedback import FeedbackEntry

router = APIRouter(prefix="/api", tags=["Rückmeldungen"])


@router.post(
    "/feedback",
    status_code=201,
    summary="Rückmeldung zu einer Antwort",
    dependencies=[Depends(require_reader)],
    responses=error_responses(400, 401, 403, 413, 422, 429),
)
def add_feedback(body: FeedbackRequest, store: FeedbackDep) -> dict[str, Any]:
    """Speichert eine Bewertung (`up`/`down`) einer Antwort, optional mit Frage, Antwort,
    zitierten Abschnitten und Kommentar.

    Gespeichert wird nur, was hier gesendet wird, und der Zeitpunkt – keine IP-Adresse, kein
    Schlüssel. Einträge werden nach `SMARTCITY_FEEDBACK_RETENTION_DAYS` Tagen gelöscht.
    """
    new_id = store.add(
        FeedbackEntry(
            rating=body.rating,
            question=body.question,
            answer=body.answer,
            chunk_ids=list(body.chunk_ids),
            comment=body.comment,
            conversation_id=body.conversation_id,
        )
    )
    return {"ok": True, "id": new_id}


@router.get(
    "/feedback",
    summary="Rückmeldungen lesen (Admin)",
    dependencies=[Depends(require_admin)],
    responses=error_responses(401, 403, 422, 429),
)
def list_feedback(
    store: FeedbackDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Die neuesten Rückmeldungen zuerst (nur mit Admin-Schlüssel)."""
    return {"feedback": [e.to_dict() for e in store.list(limit=limit, offset=offset)]}
