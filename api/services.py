"""The heavy objects both front doors share, built once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from assistant.answer.llm_composer import LlmComposer
from assistant.answer.service import AnswerService
from assistant.answerability import bundled_model
from assistant.briefing.build import BriefingBuilder
from assistant.contacts import load_contacts
from assistant.embeddings import IdentifiedEmbeddings, build_embeddings
from assistant.index import SearchIndex
from assistant.programmes import ProgrammeMatcher
from assistant.regions import load_regions
from assistant.retrieval import HybridSearcher
from assistant.settings import Settings
from ingest.manifest import Manifest
from ingest.pipeline import IngestPipeline


@dataclass
class Services:
    """Settings, embedding model, index, searcher and ingest pipeline of one data dir."""

    settings: Settings
    embeddings: IdentifiedEmbeddings
    index: SearchIndex
    searcher: HybridSearcher
    manifest: Manifest
    pipeline: IngestPipeline
    answers: AnswerService

    @classmethod
    def build(cls, settings: Settings, *, rebuild: bool = False) -> Services:
        """Load the embedding model and open the index (slow: once per process)."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        embeddings = build_embeddings(settings)
        index = SearchIndex(settings, embeddings, rebuild=rebuild)
        manifest = Manifest(settings.manifest_path)
        pipeline = IngestPipeline(settings, index, manifest)
        if rebuild:
            pipeline.rebuild()
        searcher = HybridSearcher(index)
        reader = bundled_model() if settings.answer_check == "cross-encoder" else None
        regions = load_regions(settings.regions_path)
        answers = AnswerService(
            searcher,
            load_contacts(settings.contacts_path),
            regions,
            programmes=ProgrammeMatcher(index, regions, settings.regions_path),
            llm=LlmComposer.from_settings(settings),
            reader=reader,
            k=settings.answer_chunks,
        )
        return cls(settings, embeddings, index, searcher, manifest, pipeline, answers)

    @cached_property
    def advisor(self) -> BriefingBuilder:
        """Programme matching and briefings, built on first use (it caches the programme
        catalogue read from the index)."""
        return BriefingBuilder(
            self.searcher, self.answers.contacts, self.answers.regions, self.settings.regions_path
        )

    def close(self) -> None:
        """Release the manifest connection."""
        self.manifest.close()
