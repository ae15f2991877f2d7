"""Funding programme matching: ``GET /api/programmes``; and the advisor built once per app."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.dependencies import AdvisorDep
from api.schemas import MAX_NAME_CHARS, error_responses
from assistant.programmes import MAX_TOPIC_CHARS

router = APIRouter(prefix="/api", tags=["Beratung"])


@router.get(
    "/programmes",
    summary="Passende Förderprogramme",
    responses=error_responses(401, 403, 404, 422, 429),
)
def programmes(
    advisor: AdvisorDep,
    municipality: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_NAME_CHARS,
            description="Die Kommune, für die Programme gesucht werden.",
            examples=["Delbrück"],
        ),
    ],
    topic: Annotated[
        str,
        Query(
            max_length=MAX_TOPIC_CHARS,
            description="Thema (leer: alle Programme, nur nach Antragsberechtigung und Gebiet).",
            examples=["LoRaWAN Gebäudemonitoring"],
        ),
    ] = "",
    on: Annotated[
        date | None,
        Query(description="Stichtag für Fristen (JJJJ-MM-TT); Standard: heute."),
    ] = None,
    language: Annotated[str, Query(pattern="^(de|en)$", description="Sprache.")] = "de",
) -> dict[str, Any]:
    """Förderprogramme, die zu Kommune und Thema passen, mit Status am Stichtag.

    Jede Angabe belegt eine wörtliche Textstelle (`clauses`: Dokument, Seite, Abschnitt).
    `status` ist `open`, `deadline_passed` oder `expired`; ein abgelaufener Aufruf wird nie
    als offen gezeigt. `not_fitting` nennt thematisch verwandte Programme mit dem Grund,
    warum sie nicht passen. Unbekannte Kommune: 404 mit Vorschlägen.
    """
    report = advisor.programmes.match(municipality, topic, on=on, language=language)
    return report.to_dict()
