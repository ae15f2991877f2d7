"""Typed dependencies: the heavy state built in the lifespan, handed to the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.services import Services
from assistant.retrieval import HybridSearcher


def get_services(request: Request) -> Services:
    """The services built in the app's lifespan."""
    services: Services = request.state.services
    return services


def get_searcher(services: Annotated[Services, Depends(get_services)]) -> HybridSearcher:
    """The hybrid searcher, refreshed when another process changed the index."""
    services.index.refresh()
    return services.searcher


ServicesDep = Annotated[Services, Depends(get_services)]
SearcherDep = Annotated[HybridSearcher, Depends(get_searcher)]
