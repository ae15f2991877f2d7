"""Search route."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.dependencies import SearcherDep
from assistant.filters import SearchFilters
from assistant.retrieval import MAX_K, MAX_QUERY_CHARS

router = APIRouter(prefix="/api", tags=["Suche"])


@router.get("/search")
def search(
    searcher: SearcherDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY_CHARS, examples=["LoRaWAN Wasserzähler Schule"]),
    ],
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 5,
    type: Annotated[str | None, Query(examples=["project_report"])] = None,
    region: Annotated[str | None, Query(examples=["OWL"])] = None,
    municipality: Annotated[str | None, Query(examples=["Delbrück"])] = None,
    programme: Annotated[str | None, Query()] = None,
    valid_on: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    """Hybride Suche (semantisch und lexikalisch) in den indexierten Dokumenten.

    Liefert die besten Abschnitte mit Dokument, Seite, Abschnitt und Text.
    """
    filters = SearchFilters(
        doc_type=type,
        region=region,
        municipality=municipality,
        programme=programme,
        valid_on=valid_on,
    )
    return {"results": [h.to_dict() for h in searcher.search(q, k, filters)]}
