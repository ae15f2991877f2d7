"""Refusals on the sample corpus: does the assistant answer what its documents answer and
refuse what they do not? The product-domain counterpart of the paragraph removal on
XQuAD-de (``benchmarks/answers.py``), for issue 3.

Ingests ``corpus/`` through the real pipeline into a temporary data dir. For each question
file (default: ``corpus/eval/questions.yaml``, the 59 questions ``NONE_BELOW`` was chosen
on, and ``corpus/eval/holdout.yaml``, written afterwards without looking at any score;
nothing that ships is chosen or fitted on it):

- answerable questions (``answerable`` missing or true) are asked as they are: a refusal is
  a wrong refusal; and again with every document of ``answered_by`` (``documents`` where it
  is missing) removed from the search candidates as if deleted: an answer is a false answer;
- unanswerable questions (``answerable: false``: near misses on the corpus's topics that no
  document answers) are asked as they are: an answer is a false answer.

It prints, per file, refusals and false answers over thresholds, marks the product's
``NONE_BELOW``, and names the questions behind the figures at that threshold.

    python -m benchmarks.corpus_refusals [--answer-check cross-encoder] [--questions FILE ...]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from api.services import Services
from assistant.answer.confidence import NONE_BELOW, PassageReader
from assistant.answer.service import AnswerService
from assistant.settings import Settings
from benchmarks.answers import CountingReader, ExcludingSearcher, add_answer_check_option
from benchmarks.xquad import REPO
from ingest.pipeline import IngestReport

QUESTION_FILES = (REPO / "corpus/eval/questions.yaml", REPO / "corpus/eval/holdout.yaml")
THRESHOLDS = (0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


@dataclass
class Scores:
    """Confidence scores by condition, as (question id, score)."""

    answerable: list[tuple[str, float]] = field(default_factory=list)
    removed: list[tuple[str, float]] = field(default_factory=list)
    unanswerable: list[tuple[str, float]] = field(default_factory=list)


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The entries of one question file."""
    return list(yaml.safe_load(path.read_text("utf-8")))


def removal_setup(
    services: Services, report: IngestReport, reader: PassageReader | None = None
) -> tuple[AnswerService, ExcludingSearcher, dict[str, str]]:
    """An answer service over ``services``' index that searches through an
    ``ExcludingSearcher`` (able to remove any set of documents exactly), that searcher, and
    the document id of each ingested file (by resolved path)."""
    searcher = ExcludingSearcher(services.index)
    searcher.extra = services.index.store.count()  # every chunk: exact for any removal
    answers = services.answers
    service = AnswerService(searcher, answers.contacts, answers.regions, reader=reader)
    doc_of_source = {str((REPO / f.path).resolve()): f.doc_id for f in report.files}
    return service, searcher, doc_of_source


def ask_all(
    service: AnswerService,
    searcher: ExcludingSearcher,
    questions: Sequence[dict[str, Any]],
    doc_of_source: dict[str, str],
) -> Scores:
    """Every question in its conditions; ``service`` must search through ``searcher``."""

    def score(q: dict[str, Any], removed: Sequence[str]) -> float:
        searcher.exclude = frozenset(doc_of_source[str((REPO / p).resolve())] for p in removed)
        prepared = service.prepare(q["question"], municipality=q.get("municipality") or None)
        return prepared.confidence_score

    scores = Scores()
    for q in questions:
        qid = str(q["id"])
        if q.get("answerable", True):
            scores.answerable.append((qid, score(q, ())))
            scores.removed.append((qid, score(q, q.get("answered_by") or q["documents"])))
        else:
            scores.unanswerable.append((qid, score(q, ())))
    searcher.exclude = frozenset()
    return scores


def share(count: int, total: int) -> str:
    """``count/total (0.xyz)``; ``-`` for an empty condition."""
    return f"{count}/{total} ({count / total:.3f})" if total else "-"


def separation(answerable: Sequence[float], unanswerable: Sequence[float]) -> float:
    """The area under the ROC curve: the chance that an answerable question scores above an
    unanswerable one (ties count half); 0.5 is chance, 1.0 a threshold that makes no error."""
    pairs = len(answerable) * len(unanswerable)
    wins = sum((a > u) + 0.5 * (a == u) for a in answerable for u in unanswerable)
    return wins / pairs if pairs else float("nan")


def report(name: str, scores: Scores) -> None:
    """The curve of one question file and the questions behind the figures at NONE_BELOW."""
    ans, rem, una = scores.answerable, scores.removed, scores.unanswerable
    print(
        f"\n{name}: {len(ans)} answerable questions (also asked with their answering "
        f"documents removed), {len(una)} unanswerable"
    )
    print(f"{'threshold':>10} {'refused answerable':>20} {'answered removed':>20} ", end="")
    print(f"{'answered unanswerable':>22}")
    for t in sorted({*THRESHOLDS, NONE_BELOW}):
        refused = share(sum(v < t for _, v in ans), len(ans))
        false_removed = share(sum(v >= t for _, v in rem), len(rem))
        false_unanswerable = share(sum(v >= t for _, v in una), len(una))
        mark = "  <- NONE_BELOW (in use)" if t == NONE_BELOW else ""
        print(f"{t:>10.2f} {refused:>20} {false_removed:>20} {false_unanswerable:>22}{mark}")
    values = [v for _, v in ans]
    parts = [f"answerable vs removed {separation(values, [v for _, v in rem]):.3f}"]
    if una:
        parts.append(f"vs unanswerable {separation(values, [v for _, v in una]):.3f}")
    print("  separation (area under the ROC curve, 0.5 = chance): " + ", ".join(parts))
    refused_ids = sorted((v, i) for i, v in ans if v < NONE_BELOW)
    answered_ids = sorted(((v, i) for i, v in una if v >= NONE_BELOW), reverse=True)
    for label, listed in (("refused", refused_ids), ("answered unanswerable", answered_ids)):
        if listed:
            print(f"  {label}: " + ", ".join(f"{i} {v:.3f}" for v, i in listed))
    worst = sorted(((v, i) for i, v in rem), reverse=True)[:8]
    print(
        "  highest scores with the answer removed: " + ", ".join(f"{i} {v:.3f}" for v, i in worst)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, nargs="+", default=None)
    add_answer_check_option(parser)
    args = parser.parse_args()
    files = args.questions or [p for p in QUESTION_FILES if p.exists()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", answer_check=args.answer_check)
        services = Services.build(settings)
        report_ = services.pipeline.run([REPO / "corpus"])
        checker = services.answers.reader
        reader = CountingReader(checker) if checker is not None else None
        service, searcher, doc_of_source = removal_setup(services, report_, reader)
        print(
            f"corpus: {report_.counts()['indexed']} documents indexed; answer check "
            f"{args.answer_check}; NONE_BELOW {NONE_BELOW}"
        )
        for path in files:
            scores = ask_all(service, searcher, load_questions(path), doc_of_source)
            report(str(path.relative_to(REPO) if path.is_relative_to(REPO) else path), scores)
        if reader is not None:
            print(f"\nthe answer checker was asked {reader.calls} times")
        services.close()


if __name__ == "__main__":
    main()
