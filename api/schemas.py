"""Request bodies of the HTTP API (pydantic), with limits and German examples for OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.conversation import MAX_HISTORY_TURNS
from assistant.filters import SearchFilters
from assistant.models import DocType
from assistant.retrieval import MAX_QUERY_CHARS

#: most chat messages a client may send as history (only the last
#: ``MAX_HISTORY_TURNS`` are used)
MAX_HISTORY_MESSAGES = 2 * MAX_HISTORY_TURNS
#: longest history message accepted (characters)
MAX_MESSAGE_CHARS = 8000
MAX_NAME_CHARS = 200


class FiltersIn(BaseModel):
    """Restricts the documents an answer is taken from."""

    type: DocType | None = Field(None, description="Dokumenttyp.", examples=["project_report"])
    region: str | None = Field(
        None, max_length=MAX_NAME_CHARS, description="Region, z. B. OWL.", examples=["OWL"]
    )
    municipality: str | None = Field(
        None,
        max_length=MAX_NAME_CHARS,
        description="Nur Dokumente dieser Kommune.",
        examples=["Delbrück"],
    )
    programme: str | None = Field(
        None, max_length=MAX_NAME_CHARS, description="Förderprogramm.", examples=["Smarte Region"]
    )
    valid_on: date | None = Field(
        None, description="Nur an diesem Tag gültige Dokumente.", examples=["2026-03-01"]
    )

    def to_filters(self) -> SearchFilters:
        """The search filters of the assistant."""
        return SearchFilters(
            doc_type=self.type,
            region=self.region,
            municipality=self.municipality,
            programme=self.programme,
            valid_on=self.valid_on,
        )


class HistoryMessage(BaseModel):
    """An earlier message of the conversation."""

    role: Literal["user", "assistant"] = Field(description="Wer die Nachricht schrieb.")
    content: str = Field(max_length=MAX_MESSAGE_CHARS, description="Text der Nachricht.")


_ASK_EXAMPLE: dict[str, Any] = {
    "question": "Wie überwacht man den Wasserverbrauch von Schulen mit LoRaWAN?",
    "municipality": "Delbrück",
    "filters": {"type": "project_report"},
    "history": [],
    "language": "de",
}
_FOLLOW_UP_EXAMPLE: dict[str, Any] = {
    "question": "Und wer fördert das?",
    "municipality": "Paderborn",
    "history": [
        {"role": "user", "content": "Welche Kommunen messen Wasserverbrauch mit LoRaWAN?"},
        {"role": "assistant", "content": "Delbrück misst den Verbrauch der Schulen [1]."},
    ],
}


class AskRequest(BaseModel):
    """A question with optional place, filters and conversation history."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ASK_EXAMPLE, _FOLLOW_UP_EXAMPLE]})

    question: str = Field(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description=f"Die Frage (Deutsch oder Englisch, höchstens {MAX_QUERY_CHARS} Zeichen).",
        examples=["Welche Förderprogramme gibt es für digitale Bürgerdienste?"],
    )
    municipality: str | None = Field(
        None,
        max_length=MAX_NAME_CHARS,
        description="Kommune der fragenden Person: Ansprechstellen in der Nähe zuerst.",
        examples=["Delbrück"],
    )
    filters: FiltersIn | None = Field(None, description="Filter für die Quellen.")
    history: list[HistoryMessage] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_MESSAGES,
        description="Bisheriger Gesprächsverlauf, älteste Nachricht zuerst (höchstens "
        f"{MAX_HISTORY_MESSAGES} Nachrichten); für Rückfragen wie „Und wer fördert das?“.",
    )
    language: Literal["de", "en"] | None = Field(
        None,
        description="Sprache der Antwort; ohne Angabe die Sprache der Frage.",
        examples=["de"],
    )

    def history_pairs(self) -> list[tuple[str, str]]:
        """The history as ``(role, text)`` pairs."""
        return [(m.role, m.content) for m in self.history]

    def search_filters(self) -> SearchFilters | None:
        """The filters, if any."""
        return self.filters.to_filters() if self.filters else None


class FeedbackRequest(BaseModel):
    """A rating of an answer. No personal data beyond what is entered here is stored."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rating": "up",
                    "question": "Wer fördert Smart-City-Projekte in OWL?",
                    "answer": "Das Programm „Smarte Region“ fördert Sensoren [1].",
                    "chunk_ids": ["smarte-region-3f2a1b9c0d:0"],
                    "comment": "Hilfreich, die Ansprechstelle passt.",
                    "conversation_id": "c-20260301-0001",
                }
            ]
        }
    )

    rating: Literal["up", "down"] = Field(description="Daumen hoch oder runter.")
    question: str = Field("", max_length=MAX_QUERY_CHARS, description="Die gestellte Frage.")
    answer: str = Field("", max_length=20_000, description="Die bewertete Antwort.")
    chunk_ids: list[str] = Field(
        default_factory=list, max_length=50, description="IDs der zitierten Abschnitte."
    )
    comment: str = Field("", max_length=2000, description="Freitext-Kommentar.")
    conversation_id: str = Field("", max_length=100, description="Kennung des Gesprächs.")


class ErrorDetail(BaseModel):
    """Machine code and human message of an error."""

    code: str = Field(examples=["invalid_request"])
    message: str = Field(examples=["Ungültige Anfrage: question: Feld fehlt"])


class ErrorBody(BaseModel):
    """The one error shape of every route."""

    ok: Literal[False] = False
    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for error statuses, all in the error shape."""
    texts = {
        400: "Anfrage nicht lesbar (z. B. kein gültiges UTF-8).",
        401: "API-Schlüssel fehlt.",
        403: "API-Schlüssel ungültig oder Schreibzugriff abgeschaltet.",
        404: "Nicht gefunden.",
        413: "Anfrage oder Datei zu groß.",
        415: "Dateityp oder Inhaltstyp nicht unterstützt.",
        422: "Ungültige Anfrage (oder Datei nicht indexierbar).",
        429: "Zu viele Anfragen; siehe Header Retry-After.",
        503: "Index nicht bereit.",
    }
    return {s: {"model": ErrorBody, "description": texts.get(s, "Fehler.")} for s in statuses}
