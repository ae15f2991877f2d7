"""The extractive composer the product used before issue 15 (kept for the XQuAD experiments
that were measured with it: ``benchmarks/xquad_experiments.py``). Not used by the product.

Original description: the extractive answer composer (default; needs no LLM).

From the top retrieved chunks it picks the sentences that answer the question: each
sentence is scored by its word overlap with the question and by the rank (fused dense e5 +
lexical score) of its chunk; near-duplicates are dropped; at most ``max_sentences`` are kept
and shown in reading order, each followed by the number of its source. Every quote is a
verbatim substring of its chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.compose import citation_for
from assistant.answer.result import Citation
from assistant.models import SearchHit
from assistant.overlap import covered, stems
from assistant.sentences import split_sentences

MIN_SENTENCE_CHARS = 25
DUPLICATE_JACCARD = 0.7
#: the notice that opens every document marked ``sample_content`` (corpus format): it says
#: that the text is an example and never answers a question
SAMPLE_NOTICE_PREFIXES = ("Beispielinhalt", "Sample content")


def _normalised(text: str) -> str:
    return " ".join(text.split()).strip(" .:").casefold()


def _is_notice(paragraph: str) -> bool:
    return paragraph.lstrip("> \n").startswith(SAMPLE_NOTICE_PREFIXES)


def answer_sentences(hit: SearchHit) -> list[tuple[int, str]]:
    """The sentences of ``hit`` that can answer something, with their offsets.

    Left out: the sample-content notice (its whole paragraph, or the sentence carrying it
    where a PDF page glued it to a header); a leading title or section heading is cut off
    a sentence it was glued to (what is left stays a verbatim substring); a sentence that is
    only the title or heading is dropped."""
    sample = bool(hit.metadata.get("sample_content"))
    labels = [label for label in (hit.title.strip(), hit.section.strip()) if label]
    label_keys = {_normalised(label) for label in labels}
    out: list[tuple[int, str]] = []
    cursor = 0
    for paragraph in re.split(r"\n\s*\n", hit.text):
        for sentence in split_sentences(paragraph):
            start = hit.text.index(sentence, cursor)
            cursor = start + len(sentence)
            if sample and (
                _is_notice(paragraph) or any(p in sentence for p in SAMPLE_NOTICE_PREFIXES)
            ):
                continue
            for label in labels:
                if sentence.startswith(label):
                    rest = sentence[len(label) :]
                    cut = len(label) + len(rest) - len(rest.lstrip())
                    start, sentence = start + cut, sentence[cut:]
            if not sentence or _normalised(sentence) in label_keys:
                continue
            out.append((start, sentence))
    return out


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved chunk with its score."""

    hit_index: int
    start: int
    end: int
    text: str
    overlap: float
    score: float
    stems: frozenset[str]


@dataclass(frozen=True)
class Extract:
    """The composed text, its citations and the signals confidence is computed from."""

    text: str
    citations: list[Citation]
    best_overlap: float
    top_similarity: float


def _rank_prior(index: int) -> float:
    return 1.0 / (1.0 + 0.5 * index)


def candidates(question: str, hits: list[SearchHit], max_chunks: int) -> list[Candidate]:
    """All usable sentences of the top chunks, scored."""
    q = stems(question)
    out: list[Candidate] = []
    for i, hit in enumerate(hits[:max_chunks]):
        for start, sentence in answer_sentences(hit):
            if len(sentence) < MIN_SENTENCE_CHARS:
                continue
            present = frozenset(stems(sentence))
            ov = covered(q, present)
            score = 0.6 * ov + 0.4 * _rank_prior(i)
            out.append(Candidate(i, start, start + len(sentence), sentence, ov, score, present))
    return out


def _jaccard(sa: frozenset[str], sb: frozenset[str]) -> float:
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def select(cands: list[Candidate], max_sentences: int, relative: float) -> list[Candidate]:
    """The best sentence and the others within ``relative`` of it, without duplicates."""
    ranked = sorted(cands, key=lambda c: c.score, reverse=True)
    chosen: list[Candidate] = []
    for cand in ranked:
        if len(chosen) >= max_sentences:
            break
        if chosen and cand.score < relative * chosen[0].score:
            break
        if any(_jaccard(cand.stems, c.stems) >= DUPLICATE_JACCARD for c in chosen):
            continue
        chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.hit_index, c.start))


class ExtractiveComposer:
    """Builds a cited answer from retrieved chunks without an LLM."""

    def __init__(self, max_sentences: int = 5, max_chunks: int = 6, relative: float = 0.6) -> None:
        self.max_sentences = max_sentences
        self.max_chunks = max_chunks
        self.relative = relative

    def compose(self, question: str, hits: list[SearchHit]) -> Extract:
        """The answer text with ``[n]`` markers and its citations (empty without hits)."""
        top_similarity = max((h.dense_similarity or 0.0 for h in hits[:1]), default=0.0)
        cands = candidates(question, hits, self.max_chunks)
        if not cands:
            return Extract("", [], 0.0, top_similarity)
        chosen = select(cands, self.max_sentences, self.relative)
        numbers: dict[int, int] = {}
        spans: dict[int, list[Candidate]] = {}
        parts: list[str] = []
        for cand in chosen:
            n = numbers.setdefault(cand.hit_index, len(numbers) + 1)
            spans.setdefault(cand.hit_index, []).append(cand)
            parts.append(f"{cand.text} [{n}]")
        citations = []
        for hit_index, n in numbers.items():
            hit = hits[hit_index]
            group = spans[hit_index]
            quote = hit.text[group[0].start : group[-1].end]
            citations.append(citation_for(n, hit, quote))
        best = max(c.overlap for c in chosen)
        return Extract(" ".join(parts), citations, best, top_similarity)
