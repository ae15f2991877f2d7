"""Consultation briefings: ``POST /api/briefings`` → JSON or a Markdown/DOCX/PDF download."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api.dependencies import AdvisorDep
from api.schemas import MAX_NAME_CHARS, error_responses
from assistant.briefing.build import MAX_NOTES_CHARS, MAX_TOPICS
from assistant.briefing.export_docx import to_docx
from assistant.briefing.export_markdown import to_markdown
from assistant.briefing.export_pdf import to_pdf
from assistant.briefing.model import MEDIA_TYPES, Briefing

router = APIRouter(prefix="/api", tags=["Beratung"])


class BriefingRequest(BaseModel):
    """What the briefing is about and the file format wanted."""

    model_config = ConfigDict(extra="forbid")

    municipality: str = Field(
        min_length=1, max_length=MAX_NAME_CHARS, description="Kommune.", examples=["Delbrück"]
    )
    topics: list[str] = Field(
        min_length=1,
        max_length=MAX_TOPICS,
        description="Ein oder mehrere Themen des Gesprächs.",
        examples=[["LoRaWAN Gebäudemonitoring"]],
    )
    format: Literal["json", "md", "docx", "pdf"] = Field(
        "json", description="json (Daten), md, docx oder pdf (Download)."
    )
    notes: str | None = Field(
        None, max_length=MAX_NOTES_CHARS, description="Notizen der Beratung (ohne Quelle)."
    )
    language: Literal["de", "en"] = Field("de", description="Sprache des Briefings.")
    on: date | None = Field(None, description="Stichtag für Fristen; Standard: heute.")


def file_name(briefing: Briefing, extension: str) -> str:
    """``briefing-delbrueck-lorawan-gebaeudemonitoring-2026-11-28.pdf`` (ASCII only)."""
    raw = f"briefing {briefing.municipality} {' '.join(briefing.topics)}"
    folded = raw.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    folded = folded.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    ascii_ = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:80].rstrip("-")
    return f"{slug}-{briefing.on.isoformat()}.{extension}"


@router.post(
    "/briefings",
    summary="Beratungsbriefing erstellen",
    responses={
        **error_responses(401, 403, 404, 413, 422, 429, 503),
        200: {
            "description": "Briefing als JSON oder als Datei (Markdown, DOCX, PDF).",
            "content": {MEDIA_TYPES[k].split(";")[0]: {} for k in ("md", "docx", "pdf")},
        },
    },
)
def create_briefing(body: BriefingRequest, advisor: AdvisorDep) -> Any:
    """Briefing für ein Beratungsgespräch: Zusammenfassung, passende Förderprogramme (mit
    Fristen und Status), vergleichbare Projekte nach Nähe, Transferhinweise,
    Ansprechstellen mit Begründung und offene Fragen. Jede Aussage ist mit `[n]` auf
    Dokument und Seite belegt (Quellenliste am Ende).

    `format: json` liefert die Daten; `md`, `docx`, `pdf` eine Datei zum Herunterladen
    (`Content-Disposition: attachment`). Unbekannte Kommune: 404 mit Vorschlägen.
    """
    briefing = advisor.build(
        body.municipality,
        body.topics,
        notes=body.notes,
        language=body.language,
        on=body.on,
    )
    if body.format == "json":
        return JSONResponse(briefing.to_dict())
    if body.format == "md":
        content: bytes = to_markdown(briefing).encode("utf-8")
    elif body.format == "docx":
        content = to_docx(briefing)
    else:
        content = to_pdf(briefing)
    name = file_name(briefing, body.format)
    return Response(
        content,
        media_type=MEDIA_TYPES[body.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
