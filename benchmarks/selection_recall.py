"""Where the facts of the town-hall answers get lost: retrieval or sentence selection.

For every ``answer`` question of one half of ``corpus/eval/town_hall`` it asks the assistant
as ``benchmarks/town_hall.py`` does and records, per question part, every unit the extractive
engine scored (``assistant.answer.selection.score_part``, observed through ``mock.patch``;
the answer itself is unchanged). It then counts the question's facts (each entry's
alternatives, compared as ``town_hall.fold`` does) found

* in any scored unit: the ceiling that retrieval leaves to selection;
* in the ``--top`` best units by the selection score;
* in the three best units per part, by the selection score, and reranked by the selection
  score plus ``w`` times the answerability cross-encoder's logit (``assistant.answerability``)
  of (part, lead-in + unit), for several ``w``, and by the logit alone.

    python -m benchmarks.selection_recall --half dev
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from assistant.answer import engine
from assistant.answer.selection import Scored, score_part
from assistant.answerability import bundled_model
from benchmarks import town_hall as th
from benchmarks.xquad import REPO

#: cross-encoder weights tried; ``None``: the logit alone
WEIGHTS: tuple[float | None, ...] = (0.0, 0.1, 0.25, 0.5, 1.0, None)
PER_PART = 3


@dataclass
class PartUnits:
    """The units one question part was scored on, best first: (score, lead-in + text)."""

    text: str
    units: list[tuple[float, str]]


def facts_in(text: str, facts: Sequence[Any]) -> int:
    """How many fact entries have an alternative in ``text``."""
    return sum(th.facts_stated(text, facts))


def best_units(
    units: Sequence[tuple[float, str]], logits: Sequence[float], weight: float | None
) -> list[str]:
    """The ``PER_PART`` best unit texts by score + ``weight`` x logit (``None``: logit)."""

    def key(i: int) -> float:
        return logits[i] if weight is None else units[i][0] + weight * logits[i]

    order = sorted(range(len(units)), key=key, reverse=True)[:PER_PART]
    return [units[i][1] for i in order]


def observe(corpus: th.Corpus, q: dict[str, Any]) -> list[PartUnits]:
    """Ask ``q`` and return what every part was scored on."""
    seen: list[PartUnits] = []

    def recording(*args: Any, **kwargs: Any) -> list[Scored]:
        out = score_part(*args, **kwargs)
        part = args[1]
        units = [(s.score, f"{s.unit.lead} {s.unit.text}".strip()) for s in out]
        seen.append(PartUnits(part.text, units))
        return out

    with mock.patch.object(engine, "score_part", recording):
        th.ask(corpus, q)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/smartcity-town-hall"))
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--half", choices=("dev", "holdout"), default="dev")
    parser.add_argument("--top", type=int, default=16, help="units counted as the top pool")
    args = parser.parse_args()
    sample = th.build_corpus(args.data_dir / "sample", [REPO / "corpus"], "signals")
    real = th.build_corpus(args.data_dir / "realdocs", th.real_documents(args.shared), "signals")
    reader = bundled_model()
    total = ceiling = pool = 0
    reranked = dict.fromkeys(WEIGHTS, 0)
    questions = 0
    for is_real, q in th.load_town_hall():
        if q["half"] != args.half or q["kind"] != "answer":
            continue
        questions += 1
        facts = q.get("facts") or []
        parts = observe(real if is_real else sample, q)
        total += len(facts)
        ceiling += facts_in(" ".join(t for p in parts for _, t in p.units), facts)
        pool += facts_in(" ".join(t for p in parts for _, t in p.units[: args.top]), facts)
        logits = [reader.score_many([(p.text, t) for _, t in p.units[: args.top]]) for p in parts]
        for w in WEIGHTS:
            chosen: list[str] = []
            for p, ce in zip(parts, logits, strict=True):
                chosen += best_units(p.units[: args.top], ce, w)
            reranked[w] += facts_in(" ".join(chosen), facts)
    for corpus in (sample, real):
        corpus.services.close()
    print(f"\n=== facts of the {args.half} half's answer questions ({questions}) ===")
    print(f"facts                                  {total}")
    print(f"in any scored unit (retrieval ceiling) {th.share(ceiling, total)}")
    print(f"in the {args.top} best units by score        {th.share(pool, total)}")
    for w in WEIGHTS:
        name = "cross-encoder logit alone" if w is None else f"score + {w:g} x logit"
        print(f"{PER_PART} per part, {name:<27}{th.share(reranked[w], total)}")


if __name__ == "__main__":
    main()
