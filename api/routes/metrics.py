"""Prometheus metrics of this app."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.dependencies import MetricsDep

router = APIRouter(tags=["Betrieb"])


@router.get("/metrics", response_class=Response, summary="Prometheus-Metriken")
def metrics(collectors: MetricsDep) -> Response:
    """Metriken im Prometheus-Textformat: Anfragen nach Route, Methode und Status,
    Antwortzeiten, Antworten nach Verlässlichkeit, Ablehnungen, Rückfälle vom Sprachmodell
    auf die extraktive Antwort."""
    return Response(collectors.render(), media_type=CONTENT_TYPE_LATEST)
