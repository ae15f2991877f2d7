"""Typed dependencies: the heavy state built in the lifespan, handed to the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.metrics import Metrics
from api.services import Services
from assistant.answer.service import AnswerService
from assistant.briefing.build import BriefingBuilder
from assistant.feedback import FeedbackStore
from assistant.retrieval import HybridSearcher
from assistant.settings import Settings
from ingest.library import DocumentLibrary


def get_services(request: Request) -> Services:
    """The services built in the app's lifespan."""
    services: Services = request.state.services
    return services


def get_searcher(services: Annotated[Services, Depends(get_services)]) -> HybridSearcher:
    """The hybrid searcher, refreshed when another process changed the index."""
    services.index.refresh()
    return services.searcher


def get_answers(services: Annotated[Services, Depends(get_services)]) -> AnswerService:
    """The answer service (its searcher refreshed like ``get_searcher``)."""
    services.index.refresh()
    return services.answers


def get_advisor(services: Annotated[Services, Depends(get_services)]) -> BriefingBuilder:
    """Programme matching and briefings (the index refreshed first)."""
    services.index.refresh()
    return services.advisor


def get_settings(request: Request) -> Settings:
    """The settings the app was created with (keys, limits, privacy switches)."""
    settings: Settings = request.app.state.settings
    return settings


def get_metrics(request: Request) -> Metrics:
    """The app's Prometheus collectors."""
    metrics: Metrics = request.app.state.metrics
    return metrics


def get_feedback(request: Request) -> FeedbackStore:
    """The feedback store opened in the lifespan."""
    store: FeedbackStore = request.state.feedback
    return store


def get_library(request: Request) -> DocumentLibrary:
    """The document library (uploads, deletes, re-index) built in the lifespan."""
    library: DocumentLibrary = request.state.library
    return library


ServicesDep = Annotated[Services, Depends(get_services)]
SearcherDep = Annotated[HybridSearcher, Depends(get_searcher)]
AnswersDep = Annotated[AnswerService, Depends(get_answers)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
LibraryDep = Annotated[DocumentLibrary, Depends(get_library)]
AdvisorDep = Annotated[BriefingBuilder, Depends(get_advisor)]
