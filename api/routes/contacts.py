"""Regional contacts (organisations and roles), filtered by municipality and topic."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.dependencies import AnswersDep
from api.schemas import MAX_NAME_CHARS, error_responses
from assistant.contact_listing import list_contacts

router = APIRouter(prefix="/api", tags=["Ansprechstellen"])


@router.get(
    "/contacts",
    summary="Ansprechstellen finden",
    responses=error_responses(401, 403, 404, 422, 429),
)
def contacts(
    answers: AnswersDep,
    municipality: Annotated[
        str | None,
        Query(
            max_length=MAX_NAME_CHARS,
            description="Ihre Kommune: nähere Stellen zuerst, Nähe in der Begründung.",
            examples=["Delbrück"],
        ),
    ] = None,
    topic: Annotated[
        str | None,
        Query(
            max_length=MAX_NAME_CHARS,
            description="Thema, z. B. LoRaWAN oder Breitband; ohne Thema alle Stellen.",
            examples=["LoRaWAN Wasserzähler"],
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Höchstens so viele Stellen.")] = 20,
    language: Annotated[
        str, Query(pattern="^(de|en)$", description="Sprache der Begründung.")
    ] = "de",
) -> dict[str, Any]:
    """Regionale Ansprechstellen (Organisationen und Rollen, keine Personen).

    Mit `topic` die zum Thema passenden Stellen (wie bei den Antworten), sonst alle Stellen;
    mit `municipality` die nächstgelegenen zuerst. `reason` sagt, warum eine Stelle passt,
    `distance` die Verwaltungsebenen-Entfernung (0 eigene Kommune … 4 bundesweit).
    Eine unbekannte Kommune ergibt 404 mit Vorschlägen ähnlicher Namen.
    """
    asker = answers.regions.find(municipality) if municipality and municipality.strip() else None
    suggestions = list_contacts(
        answers.contacts,
        answers.regions,
        asker=asker,
        topic=topic,
        english=language == "en",
        limit=limit,
    )
    by_id = {c.id: c for c in answers.contacts}
    return {
        "contacts": [
            {**dataclasses.asdict(s), "municipality": by_id[s.id].municipality} for s in suggestions
        ]
    }
