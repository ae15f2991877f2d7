"""The answer service: retrieval, composing, confidence, refusal and contacts.

The one function both front doors call for questions. Without an LLM (the default) the
answer is extractive; with one configured the LLM writes it from the same numbered
evidence, its citations are validated, and any failure falls back to the extractive answer
with a notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.confidence import PassageReader, answer_confidence, confidence_level
from assistant.answer.conversation import Turn, check_history, retrieval_query
from assistant.answer.extractive import Extract, ExtractiveComposer
from assistant.answer.llm_composer import LlmComposer, LlmResult
from assistant.answer.result import Answer
from assistant.answer.transfer import structured_transfer
from assistant.contact_ranking import rank_contacts
from assistant.contacts import Contact
from assistant.errors import InvalidRequestError, SmartCityError
from assistant.filters import SearchFilters
from assistant.language import question_language
from assistant.models import SearchHit
from assistant.regions import Place, Regions
from assistant.retrieval import MAX_QUERY_CHARS, HybridSearcher

REFUSAL = {
    "de": "Dazu finde ich in den vorliegenden Dokumenten keine belastbare Antwort. "
    "Die unten genannten Stellen können weiterhelfen.",
    "en": "The documents available to me do not answer this question. "
    "The contacts below may be able to help.",
}
ENGLISH_LEAD = "From the (German) documents: "
LLM_FALLBACK_NOTICE = {
    "de": "Das Sprachmodell war nicht verfügbar; die Antwort ist aus den Quellen zitiert.",
    "en": "The language model was unavailable; the answer quotes the sources instead.",
}


@dataclass(frozen=True)
class Prepared:
    """Everything decided before the text is written (shared by ask and streaming)."""

    question: str
    language: str
    history: list[Turn]
    asker: Place | None
    hits: list[SearchHit]
    extract: Extract
    confidence_score: float


class AnswerService:
    """Answers questions from the index, with citations and regional contacts."""

    def __init__(
        self,
        searcher: HybridSearcher,
        contacts: Sequence[Contact],
        regions: Regions,
        *,
        composer: ExtractiveComposer | None = None,
        llm: LlmComposer | None = None,
        reader: PassageReader | None = None,
        k: int = 6,
    ) -> None:
        """``reader``: the answerability cross-encoder for uncertain confidence scores
        (:mod:`assistant.answerability`); without it the four cheap signals decide."""
        self.searcher = searcher
        self.contacts = list(contacts)
        self.regions = regions
        self.composer = composer or ExtractiveComposer()
        self.llm = llm
        self.reader = reader
        self.k = k

    def prepare(
        self,
        question: str,
        *,
        municipality: str | None = None,
        filters: SearchFilters | None = None,
        history: Sequence[object] = (),
    ) -> Prepared:
        """Validate, retrieve and extract."""
        question = question.strip()
        if not question:
            raise InvalidRequestError("Die Frage ist leer.", message_en="The question is empty.")
        if len(question) > MAX_QUERY_CHARS:
            raise InvalidRequestError(
                f"Die Frage ist zu lang (höchstens {MAX_QUERY_CHARS} Zeichen).",
                message_en=f"The question is too long (at most {MAX_QUERY_CHARS} characters).",
            )
        turns = check_history(history)
        asker = self.regions.find(municipality) if municipality else None
        query = retrieval_query(question, turns)
        hits = self.searcher.search(query, self.k, filters)
        extract = self.composer.compose(query, hits)
        score = answer_confidence(
            query,
            hits,
            self.searcher.index.lexical.idf,
            language=question_language(question),
            reader=self.reader,
        )
        # -- structured transfer answers (issue 7, assistant/answer/transfer.py): an adoption
        # question backed by a retrieved transfer note is answered in its structure
        structured = structured_transfer(
            question, hits, self.searcher.index, extract, question_language(question)
        )
        if structured is not None:
            hits, extract = structured
        # -- end structured transfer answers
        return Prepared(question, question_language(question), turns, asker, hits, extract, score)

    def ask(
        self,
        question: str,
        *,
        municipality: str | None = None,
        filters: SearchFilters | None = None,
        history: Sequence[object] = (),
    ) -> Answer:
        """A cited answer (or a plain refusal) with suggested contacts."""
        prepared = self.prepare(
            question, municipality=municipality, filters=filters, history=history
        )
        return self.finish(prepared)

    def finish(
        self, prepared: Prepared, llm_result: LlmResult | None = None, *, renumbered: bool = True
    ) -> Answer:
        """Build the ``Answer``. ``llm_result``: an already generated (e.g. streamed) LLM
        answer; without one, the configured LLM (if any) is asked here. ``renumbered``: LLM
        markers become 1..m in order of first use; a streamed answer keeps the evidence
        numbers the client already saw (``False``)."""
        level = confidence_level(prepared.confidence_score)
        lang = prepared.language
        english = lang == "en"
        if level == "none" or not prepared.extract.citations:
            contacts = rank_contacts(
                prepared.question, [], self.contacts, self.regions, prepared.asker, english=english
            )
            return Answer(REFUSAL[lang], "extractive", lang, "none", [], contacts)
        notice = None
        if llm_result is None and self.llm is not None:
            try:
                llm_result = self.llm.compose(
                    prepared.question, prepared.hits, lang, prepared.history
                )
            except SmartCityError:
                notice = LLM_FALLBACK_NOTICE[lang]
        if llm_result is not None and llm_result.no_answer:
            contacts = rank_contacts(
                prepared.question, [], self.contacts, self.regions, prepared.asker, english=english
            )
            return Answer(REFUSAL[lang], "llm", lang, "none", [], contacts)
        if llm_result is not None:
            text, citations = llm_result.with_citations(prepared.hits, renumbered=renumbered)
            mode = "llm"
        else:
            text, citations = prepared.extract.text, prepared.extract.citations
            if english:
                text = ENGLISH_LEAD + text
            mode = "extractive"
        hits_by_chunk = {h.chunk_id: h for h in prepared.hits}
        cited = [(c, hits_by_chunk[c.chunk_id]) for c in citations]
        contacts = rank_contacts(
            prepared.question, cited, self.contacts, self.regions, prepared.asker, english=english
        )
        return Answer(text, mode, lang, level, citations, contacts, notice)  # type: ignore[arg-type]
