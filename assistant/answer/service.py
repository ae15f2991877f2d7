"""The answer service: analysis, retrieval, sentence selection, the plan, contacts.

The one object both front doors call for questions. ``prepare`` analyses the question
(``analysis``: its parts and asked details), retrieves for the whole question and, when it
has several parts, for each part; reads the e5 vectors of the candidate sentences
(``assistant.sentence_vectors``), chooses and composes sentences (``engine``), computes the
confidence score and records the decision (``plan``). ``finish`` writes the ``Answer``:
extractive by default; with an LLM configured the LLM writes it from the same numbered
evidence, its citations are validated, and any failure falls back to the extractive answer
with a notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.analysis import QuestionAnalysis, analyse
from assistant.answer.closed_programmes import closed_programmes_note
from assistant.answer.confidence import PassageReader, answer_confidence
from assistant.answer.conversation import check_history, is_follow_up, retrieval_query
from assistant.answer.details import states_any
from assistant.answer.engine import Extract, ExtractiveEngine
from assistant.answer.focus import named_documents
from assistant.answer.funding import (
    FundingAnswer,
    asks_for_programmes,
    asks_for_validity,
    funding_answer,
    funding_topic,
    named_programmes_answer,
)
from assistant.answer.hedge import hedge_lead
from assistant.answer.llm_composer import LlmComposer, LlmResult
from assistant.answer.named_by_title import TitleIndex
from assistant.answer.plan import Prepared, decide
from assistant.answer.result import Answer, AnswerKind, AnswerMode
from assistant.answer.roles import primary_roles, section_roles, wanted_roles
from assistant.answer.transfer import structured_transfer
from assistant.answer.unquotable import unquotable_extract
from assistant.contact_ranking import rank_contacts
from assistant.contacts import Contact
from assistant.doc_chunks import document_chunks
from assistant.errors import InvalidRequestError, SmartCityError
from assistant.filters import SearchFilters
from assistant.models import SearchHit
from assistant.overlap import stems
from assistant.programmes import ProgrammeMatcher
from assistant.regions import Place, Regions
from assistant.retrieval import MAX_QUERY_CHARS, HybridSearcher

__all__ = ["ENGLISH_LEAD", "LLM_FALLBACK_NOTICE", "REFUSAL", "AnswerService", "Prepared"]

REFUSAL = {
    "de": "Dazu finde ich in den vorliegenden Dokumenten keine belastbare Antwort.",
    "en": "The documents available to me do not answer this question.",
}
REFUSAL_CONTACTS = {
    "de": " Die unten genannten Stellen können weiterhelfen.",
    "en": " The contacts below may be able to help.",
}
ENGLISH_LEAD = "From the (German) documents: "
LLM_FALLBACK_NOTICE = {
    "de": "Das Sprachmodell war nicht verfügbar; die Antwort ist aus den Quellen zitiert.",
    "en": "The language model was unavailable; the answer quotes the sources instead.",
}
#: a part with fewer content words than this is searched together with the part before it
MIN_PART_WORDS = 3
#: chunks added from the fitting sections of each document the question names
NAMED_SECTION_CHUNKS = 3
MAX_NAMED_DOCUMENTS = 2


def _merge(lists: Sequence[Sequence[SearchHit]]) -> list[SearchHit]:
    """One hit list from several: each chunk once, ordered by its best rank in any list."""
    best: dict[str, tuple[int, int, SearchHit]] = {}
    for order, hits in enumerate(lists):
        for rank, hit in enumerate(hits):
            known = best.get(hit.chunk_id)
            if known is None or (rank, order) < known[:2]:
                best[hit.chunk_id] = (rank, order, hit)
    merged = [h for _, _, h in sorted(best.values(), key=lambda t: (t[0], t[1]))]
    return [replace(h, rank=i) for i, h in enumerate(merged, start=1)]


def part_queries(analysis: QuestionAnalysis, previous_question: str) -> list[str]:
    """The search text of each part: short parts lean on the part before them, follow-ups
    on the previous question of the conversation."""
    out: list[str] = []
    for i, part in enumerate(analysis.parts):
        text = part.text
        if i > 0 and len(stems(text)) < MIN_PART_WORDS:
            text = f"{analysis.parts[i - 1].text} {text}"
        if previous_question and is_follow_up(part.text):
            text = f"{previous_question} {text}"
        out.append(text)
    return out


class AnswerService:
    """Answers questions from the index, with citations and regional contacts."""

    def __init__(
        self,
        searcher: HybridSearcher,
        contacts: Sequence[Contact],
        regions: Regions,
        *,
        engine: ExtractiveEngine | None = None,
        programmes: ProgrammeMatcher | None = None,
        llm: LlmComposer | None = None,
        reader: PassageReader | None = None,
        k: int = 6,
    ) -> None:
        """``reader``: the answerability cross-encoder for uncertain confidence scores
        (:mod:`assistant.answerability`); without it the four cheap signals decide.
        ``programmes``: the programme matcher that answers funding questions (without it
        they are answered from sentences only)."""
        self.searcher = searcher
        self.contacts = list(contacts)
        self.regions = regions
        self.engine = engine or ExtractiveEngine()
        self.programmes = programmes
        self.llm = llm
        self.reader = reader
        self.k = k
        self.place_words = regions.place_words()
        self.titles = TitleIndex(searcher.index, self.place_words)

    def _score(self, query: str, hits: list[SearchHit], language: str) -> float:
        return answer_confidence(
            query, hits, self.searcher.index.lexical.idf, language=language, reader=self.reader
        )

    def prepare(
        self,
        question: str,
        *,
        municipality: str | None = None,
        filters: SearchFilters | None = None,
        history: Sequence[object] = (),
    ) -> Prepared:
        """Validate, analyse, retrieve, extract and decide."""
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
        analysis = analyse(question)
        language = analysis.language
        previous = next((t for r, t in reversed(turns) if r == "user" and t.strip()), "")
        query = retrieval_query(question, turns)
        whole_hits, whole_vector = self.searcher.search_with_vector(query, self.k, filters)
        lists = [whole_hits]
        part_vectors: list[list[float] | None] = []
        scores = [self._score(query, whole_hits, language)]
        if len(analysis.parts) > 1:
            for text in part_queries(analysis, previous):
                hits, vector = self.searcher.search_with_vector(text, self.k, filters)
                lists.append(hits)
                part_vectors.append(vector)
                scores.append(self._score(text, hits, language))
        else:
            part_vectors.append(whole_vector)
            if analysis.context:  # the question without the sentences about the town
                asked = retrieval_query(analysis.questions, turns)
                scores.append(self._score(asked, whole_hits, language))
        merged = _merge(lists)
        top = merged[: self.engine.max_chunks]
        if filters is None or filters.is_empty():
            # a document the question names by title that retrieval missed ("beim IoT-Aufruf");
            # not under search filters, which the search inside one document would bypass
            top += self.titles.missing(analysis.text, top, whole_vector)
        hits = top + self._sections_of_named(analysis, top)
        vectors = self.searcher.index.units.vectors(hits)
        funding = self._funding(analysis, previous, asker, language, top)
        answered = frozenset(
            i
            for i, p in enumerate(analysis.parts)
            if funding
            and (
                asks_for_programmes(p.text)
                or (p.detail != "none" and states_any(funding.text, p.accepts, p.date_kind))
            )
        )
        extract = self.engine.compose(
            analysis,
            hits,
            vectors,
            part_vectors,
            whole_vector,
            language,
            self.searcher.index.lexical.idf,
            self.place_words,
            answered=answered,
            first_n=len(funding.citations) + 1 if funding else 1,
        )
        if funding is not None:
            extract = replace(
                extract,
                text=f"{funding.text}\n\n{extract.text}" if extract.text else funding.text,
                citations=funding.citations + extract.citations,
                cited_hits=tuple(funding.cited_hits) + extract.cited_hits,
            )
            known = {h.chunk_id for h in hits}
            hits = hits + [h for h in funding.cited_hits if h.chunk_id not in known]
        extract, hits = self._closed_programmes(extract, funding, hits, language)
        if not extract.citations:
            # the passages found are slides or bullet words: point to them, quote nothing
            extract = unquotable_extract(analysis, top, language) or extract
        known = {h.chunk_id for h in hits}
        hits = hits + [h for h in merged if h.chunk_id not in known]
        score = max(scores)
        structured = ""
        transfer = structured_transfer(question, hits, self.searcher.index, extract, language)
        if transfer is not None:
            hits, extract = transfer
            structured = "transfer"
        decision = decide(score, extract)
        return Prepared(
            question, language, turns, asker, hits, extract, score, analysis, decision, structured
        )

    def _closed_programmes(
        self,
        extract: Extract,
        funding: FundingAnswer | None,
        hits: list[SearchHit],
        language: str,
    ) -> tuple[Extract, list[SearchHit]]:
        """``extract`` with a closing note for every cited guideline whose deadline or
        validity has passed (:mod:`assistant.answer.closed_programmes`), and ``hits`` with
        the chunks the note cites."""
        if self.programmes is None or not extract.citations:
            return extract, hits
        described = frozenset(m.doc.doc_id for m in (funding.matches if funding else ()))
        closed = closed_programmes_note(
            self.programmes,
            extract.cited_hits,
            language,
            first_n=max(c.n for c in extract.citations) + 1,
            described=described,
        )
        if closed is None:
            return extract, hits
        extract = replace(
            extract,
            text=f"{extract.text}\n\n{closed.text}",
            citations=extract.citations + closed.citations,
            cited_hits=extract.cited_hits + tuple(closed.cited_hits),
        )
        known = {h.chunk_id for h in hits}
        return extract, hits + [h for h in closed.cited_hits if h.chunk_id not in known]

    def _sections_of_named(
        self, analysis: QuestionAnalysis, top: list[SearchHit]
    ) -> list[SearchHit]:
        """Chunks of the documents the question names whose section is where the asked
        details are written ("Erfahrungen und Stolpersteine" of the named project report),
        when retrieval did not bring them (at most ``NAMED_SECTION_CHUNKS`` per document,
        the sections written for the asked detail above all first)."""
        named = named_documents(analysis.text, top, self.place_words)
        if not named or len(named) > MAX_NAMED_DOCUMENTS:
            return []
        roles = frozenset().union(*(wanted_roles(p.accepts, p.intents) for p in analysis.parts))
        if not roles:
            return []
        primary = frozenset().union(*(primary_roles(p.detail, p.intents) for p in analysis.parts))
        known = {h.chunk_id for h in top}
        extra: list[SearchHit] = []
        for doc_id in sorted(named):
            fitting = [
                h
                for h in document_chunks(self.searcher.index, doc_id)
                if h.chunk_id not in known and section_roles(h.section) & roles
            ]
            # the sections written for the asked detail first, each in reading order
            fitting.sort(key=lambda h: not section_roles(h.section) & primary)
            extra += fitting[:NAMED_SECTION_CHUNKS]
        return extra

    def _funding(
        self,
        analysis: QuestionAnalysis,
        previous: str,
        asker: Place | None,
        language: str,
        top: list[SearchHit],
    ) -> FundingAnswer | None:
        """The programme paragraphs when a part asks which programmes fund something, or
        how long a programme the question names runs (its status from the catalogue)."""
        if self.programmes is None:
            return None
        asking = [p for p in analysis.parts if asks_for_programmes(p.text)]
        if not asking:
            if not any(asks_for_validity(p.date_kind) for p in analysis.parts):
                return None
            named = named_documents(analysis.text, top, self.place_words)
            ids = [h.doc_id for h in top if h.doc_id in named]
            return named_programmes_answer(
                self.programmes, list(dict.fromkeys(ids)), asker.name if asker else "", language
            )
        text = " ".join([*analysis.context, *(p.text for p in asking)])
        topic = funding_topic(text, previous)
        query = f"{previous} {text}" if previous and is_follow_up(analysis.text) else text
        return funding_answer(
            self.programmes, self.searcher, query, topic, asker.name if asker else "", language
        )

    def ask(
        self,
        question: str,
        *,
        municipality: str | None = None,
        filters: SearchFilters | None = None,
        history: Sequence[object] = (),
    ) -> Answer:
        """A cited answer (a hedge, or a plain refusal) with suggested contacts."""
        prepared = self.prepare(
            question, municipality=municipality, filters=filters, history=history
        )
        return self.finish(prepared)

    def refusal(self, prepared: Prepared, mode: AnswerMode = "extractive") -> Answer:
        """The plain refusal; contacts only where the question names a contact's topic."""
        lang = prepared.language
        contacts = rank_contacts(
            prepared.question,
            [],
            self.contacts,
            self.regions,
            prepared.asker,
            english=lang == "en",
            refusal=True,
        )
        text = REFUSAL[lang] + (REFUSAL_CONTACTS[lang] if contacts else "")
        return Answer(text, mode, lang, "none", [], contacts, kind="refusal")

    def extractive_text(self, prepared: Prepared) -> str:
        """The extractive answer text: hedge lead, then the composed sentences."""
        extract: Extract = prepared.extract
        lang = prepared.language
        text = extract.text
        if prepared.decision == "hedge" and extract.missing:
            several = len(prepared.analysis.parts) > 1
            text = (
                hedge_lead(extract.missing, lang, several_parts=several, shown=extract.text)
                + "\n\n"
                + text
            )
        if lang == "en":
            text = ENGLISH_LEAD + text
        return text

    def finish(
        self, prepared: Prepared, llm_result: LlmResult | None = None, *, renumbered: bool = True
    ) -> Answer:
        """Build the ``Answer``. ``llm_result``: an already generated (e.g. streamed) LLM
        answer; without one, the configured LLM (if any) is asked here. ``renumbered``: LLM
        markers become 1..m in order of first use; a streamed answer keeps the evidence
        numbers the client already saw (``False``)."""
        lang = prepared.language
        if prepared.decision == "refuse":
            return self.refusal(prepared)
        notice = None
        if llm_result is None and self.llm is not None:
            try:
                llm_result = self.llm.compose(
                    prepared.question, prepared.hits, lang, prepared.history
                )
            except SmartCityError:
                notice = LLM_FALLBACK_NOTICE[lang]
        if llm_result is not None and llm_result.no_answer:
            return self.refusal(prepared, "llm")
        if llm_result is not None:
            text, citations = llm_result.with_citations(prepared.hits, renumbered=renumbered)
            if prepared.decision == "hedge" and prepared.extract.missing:
                several = len(prepared.analysis.parts) > 1
                lead = hedge_lead(
                    prepared.extract.missing,
                    lang,
                    several_parts=several,
                    shown=prepared.extract.text,
                )
                text = lead + "\n\n" + text
            mode: AnswerMode = "llm"
        else:
            text, citations = self.extractive_text(prepared), prepared.extract.citations
            mode = "extractive"
        hits_by_chunk = {h.chunk_id: h for h in prepared.hits}
        cited = [(c, hits_by_chunk[c.chunk_id]) for c in citations]
        contacts = rank_contacts(
            prepared.question,
            cited,
            self.contacts,
            self.regions,
            prepared.asker,
            english=lang == "en",
        )
        kind: AnswerKind = "hedge" if prepared.decision == "hedge" else "answer"
        return Answer(
            text,
            mode,
            lang,
            prepared.level,
            citations,
            contacts,
            notice,
            kind,
        )
