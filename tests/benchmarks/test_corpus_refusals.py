"""The product-domain refusal benchmark (benchmarks/corpus_refusals.py)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer.confidence import NONE_BELOW
from assistant.regions import load_regions
from benchmarks.corpus_refusals import (
    QUESTION_FILES,
    Scores,
    ask_all,
    load_questions,
    removal_setup,
    report,
    separation,
)
from benchmarks.xquad import REPO


def test_report_counts_at_the_product_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    low, high = NONE_BELOW - 0.01, NONE_BELOW + 0.01
    scores = Scores(
        answerable=[("a1", low), ("a2", 0.9), ("a3", 0.8)],
        removed=[("a1", 0.01), ("a2", high), ("a3", 0.02)],
        unanswerable=[("u1", high), ("u2", 0.0)],
    )
    report("set", scores)
    lines = capsys.readouterr().out.splitlines()
    in_use = next(line for line in lines if "NONE_BELOW" in line)
    assert "1/3 (0.333)" in in_use  # a1 refused
    assert in_use.count("1/3 (0.333)") == 2  # a2 answered with its documents removed
    assert "1/2 (0.500)" in in_use  # u1 answered
    assert any(line.strip().startswith("refused: a1") for line in lines)
    assert any("answered unanswerable: u1" in line for line in lines)
    # of the 6 (answerable, unanswerable) pairs only (a1, u1) is ordered wrong
    assert "vs unanswerable 0.833" in next(line for line in lines if "separation" in line)


def test_separation_is_the_area_under_the_roc_curve() -> None:
    assert separation([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert separation([0.1], [0.9]) == 0.0
    assert separation([0.5, 0.9], [0.5, 0.1]) == (0.5 + 1 + 1 + 1) / 4


def test_question_files_are_consistent() -> None:
    """Paths exist, ``answered_by`` covers ``documents``, answer strings are verbatim in the
    first answering document, municipalities are known; unanswerable ones name no document."""
    regions = load_regions(REPO / "corpus" / "regions.yaml")
    held_out = load_questions(QUESTION_FILES[1])
    assert sum(q["answerable"] for q in held_out) == 88 == len(held_out) - 88
    for q in load_questions(QUESTION_FILES[0]) + held_out:
        answered_by = q.get("answered_by") or []
        assert all((REPO / p).exists() for p in answered_by), q["id"]
        if q.get("municipality"):
            regions.find(q["municipality"])
        if not q.get("answerable", True):
            assert not answered_by and not q.get("documents"), q["id"]
            continue
        assert set(q.get("documents") or []) <= set(answered_by), q["id"]
        first = REPO / (q.get("documents") or answered_by)[0]
        if first.suffix == ".pdf":
            first = REPO / "corpus/tools/pdf_sources" / f"{first.stem}.md"
        text = first.read_text("utf-8")
        assert all(a in text for a in q["answer_contains"]), q["id"]


@pytest.mark.slow
def test_ask_all_removes_the_answering_documents(corpus_services: Any) -> None:
    service, searcher, doc_of_source = removal_setup(corpus_services, corpus_services.corpus_report)
    (efre,) = [q for q in load_questions(QUESTION_FILES[0]) if q["id"] == "p24"]
    cake = {"id": "cake", "question": "Wie backe ich einen Marmorkuchen?", "answerable": False}

    scores = ask_all(service, searcher, [efre, cake], doc_of_source)

    assert [i for i, _ in scores.answerable] == ["p24"] == [i for i, _ in scores.removed]
    assert scores.answerable[0][1] >= NONE_BELOW
    assert scores.removed[0][1] < scores.answerable[0][1] - 0.2
    assert [i for i, _ in scores.unanswerable] == ["cake"]
    assert scores.unanswerable[0][1] < NONE_BELOW
    assert searcher.exclude == frozenset()
