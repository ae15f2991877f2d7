"""Retrieval on the sample corpus with its evaluation questions (corpus/eval/questions.yaml).

Ingests corpus/ through the real pipeline into a temporary data dir, asks every question
through the hybrid searcher and prints:
- document recall@5: an expected document among the documents of the top 5 chunks;
- page hit@5 (PDF questions): a top-5 chunk of the expected PDF on an expected page;
- answer-text hit@5: an ``answer_contains`` string in one of the top 5 chunks;
- contact hit rate: an expected contact named (front matter ``contacts``) by the documents of
  the top 5 chunks (does retrieval reach documents that name the right organisations?), and
  for the answer engine: an expected contact among the 3 contacts ``ask`` suggests;
- the questions ``ask`` refuses, and how many would be refused at the XQuAD 5 % point of the
  confidence model (``assistant/answer/confidence.py``) instead of the product's ``NONE_BELOW``.
Misses are listed. Target (issue 6): recall@5 >= 0.9.

    python benchmarks/corpus_eval.py [-k 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Any

import yaml

from api.services import Services
from assistant.answer.confidence import NONE_BELOW
from assistant.settings import Settings
from benchmarks.answers import CountingReader, add_answer_check_option, xquad_point
from benchmarks.xquad import REPO

#: thresholds at which the refusals of the corpus questions are counted
CURVE = (0.05, 0.08, 0.1, 0.15, 0.18, 0.2, 0.25, 0.3)


def load_questions() -> list[dict[str, Any]]:
    data = yaml.safe_load((REPO / "corpus" / "eval" / "questions.yaml").read_text("utf-8"))
    return list(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", type=int, default=5)
    add_answer_check_option(parser)
    args = parser.parse_args()
    questions = load_questions()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", answer_check=args.answer_check)
        services = Services.build(settings)
        reader = services.answers.reader
        counting = CountingReader(reader) if reader is not None else None
        services.answers.reader = counting
        report = services.pipeline.run([REPO / "corpus"])
        counts = report.counts()
        doc_of_source = {
            str((REPO / f.path).resolve()) if not Path(f.path).is_absolute() else f.path: f.doc_id
            for f in report.files
        }
        doc_hits = page_hits = page_total = text_hits = contact_hits = contact_total = 0
        ranked_hits = refused = 0
        refused_ids: list[str] = []
        scores: list[float] = []
        score_ids: list[str] = []
        asked_by_language: dict[str, int] = {}
        refused_by_language: dict[str, int] = {}
        misses: list[str] = []
        for q in questions:
            expected_docs = {doc_of_source.get(str((REPO / d).resolve())) for d in q["documents"]}
            hits = services.searcher.search(q["question"], k=args.k)
            got_docs = {h.doc_id for h in hits}
            found = bool(expected_docs & got_docs)
            doc_hits += found
            if not found:
                misses.append(f"{q['id']}: {q['question']}  -> {[h.title for h in hits[:3]]}")
            for path, pages in (q.get("pages") or {}).items():
                page_total += 1
                doc_id = doc_of_source.get(str((REPO / path).resolve()))
                page_hits += any(h.doc_id == doc_id and h.page in set(pages) for h in hits)
            text_hits += any(a in h.text for a in q.get("answer_contains", []) for h in hits)
            if q.get("contacts"):
                contact_total += 1
                named = {
                    c.strip() for h in hits for c in str(h.metadata.get("contacts", "")).split(",")
                }
                contact_hits += bool(named & set(q["contacts"]))
                prepared = services.answers.prepare(
                    q["question"], municipality=q.get("municipality") or None
                )
                answer = services.answers.finish(prepared)
                scores.append(prepared.confidence_score)
                score_ids.append(str(q["id"]))
                refused += answer.confidence == "none"
                lang = str(q.get("language") or "de")
                asked_by_language[lang] = asked_by_language.get(lang, 0) + 1
                if answer.confidence == "none":
                    refused_ids.append(f"{q['id']} ({lang}): {q['question']}")
                    refused_by_language[lang] = refused_by_language.get(lang, 0) + 1
                ranked_hits += bool({c.id for c in answer.contacts} & set(q["contacts"]))
        services.close()
    n = len(questions)
    print(
        f"corpus: {counts['indexed']} documents indexed, {counts['failed']} failed; {n} questions"
    )
    print(f"document recall@{args.k}: {doc_hits / n:.3f} ({doc_hits}/{n})  target >= 0.9")
    if page_total:
        print(f"PDF page hit@{args.k}:    {page_hits / page_total:.3f} ({page_hits}/{page_total})")
    print(f"answer-text hit@{args.k}: {text_hits / n:.3f} ({text_hits}/{n})")
    if contact_total:
        rate = contact_hits / contact_total
        print(
            f"contact hit rate:    {rate:.3f} ({contact_hits}/{contact_total})  (named by top docs)"
        )
        rate = ranked_hits / contact_total
        print(
            f"suggested contacts:  {rate:.3f} ({ranked_hits}/{contact_total})  "
            "(an expected contact among the 3 that `ask` suggests)"
        )
        print(f"refused by `ask`:    {refused}/{contact_total}")
        for lang, asked in sorted(asked_by_language.items()):
            print(f"  {lang}: refused {refused_by_language.get(lang, 0)}/{asked}")
        for line in refused_ids:
            print(f"  refused {line}")
        fit_point = xquad_point(args.answer_check)
        at_xquad = sum(v < fit_point for v in scores)
        print(
            f"  confidence scores: min {min(scores):.3f}, median {statistics.median(scores):.3f}; "
            f"below the XQuAD 5 % point {fit_point}: {at_xquad}/{len(scores)} "
            f"(NONE_BELOW {NONE_BELOW})"
        )
        print(
            "  would be refused at "
            + ", ".join(f"{t:.2f}: {sum(v < t for v in scores)}" for t in CURVE)
        )
        if counting is not None:
            print(f"  the answer checker read {counting.calls} of the {len(scores)} questions")
        lowest = sorted(zip(scores, score_ids, strict=True))[:8]
        print("  lowest scores: " + ", ".join(f"{i} {v:.3f}" for v, i in lowest))
    for miss in misses:
        print("  miss", miss)


if __name__ == "__main__":
    main()
