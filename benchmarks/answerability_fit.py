"""Fit the stacked confidence model: four signals + the answerability cross-encoder (#3).

Everything the product uses is fitted on the even-numbered XQuAD-de articles, and the odd
ones stay held out:

* the bundled cross-encoder (``assistant/models/answerability.npz``) was trained on the even
  articles (``python -m benchmarks.xquad_cross_encoder --half even --save ...``);
* its logits on the even articles themselves would be in-sample (too good), so the stacked
  logistic model is fitted there on the logits of a *second* cross-encoder trained the same
  way on the odd articles (``--half odd --save ODD``): cross-fitting, each row scored by a
  model that never saw its article;
* the refusal point is the stacked score that refuses 5 % of the even answerable questions;
* the cascade band: four-signal scores outside ``[low, high)`` skip the cross-encoder. It is
  the narrowest band (on a grid) in which skipping changes at most ``--max-changed`` of the
  even rows' decisions at the refusal point.

Printed: the coefficients and constants for ``assistant/answer/confidence.py``; on the odd
(held-out)
articles the refusals and false answers at the refusal point and at exactly 5 % refusals,
for the four signals alone, the stacked model and the cascade; the share of questions that
need the cross-encoder.

    python -m benchmarks.answerability_fit --odd-model /tmp/ce/odd.npz
"""

from __future__ import annotations

import argparse
import hashlib
import math
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer import confidence
from assistant.answer.confidence import Signals, confidence_score
from assistant.answerability import BUNDLED, AnswerabilityModel
from benchmarks.xquad_cross_encoder import PRODUCT, at_five_percent
from benchmarks.xquad_experiments import confidence_rows, load_data

GRID = [round(0.005 * i, 3) for i in range(201)]


def _rates(score: np.ndarray, answerable: np.ndarray, t: float) -> tuple[float, float]:
    return float((score[answerable] < t).mean()), float((score[~answerable] >= t).mean())


def cascade_band(
    cheap: np.ndarray, stacked: np.ndarray, thresholds: Sequence[float], max_changed: float
) -> tuple[float, float]:
    """The narrowest ``[low, high)`` of the grid where using ``cheap`` outside changes at
    most ``max_changed`` of the decisions ``stacked >= t``, at every threshold ``t``."""
    best = (0.0, 1.01)
    for low in GRID:
        for high in GRID:
            if high <= low or high - low >= best[1] - best[0]:
                continue
            inside = (cheap >= low) & (cheap < high)
            changed = (
                (np.where(inside, stacked >= t, cheap >= t) != (stacked >= t)).mean()
                for t in thresholds
            )
            if max(changed) <= max_changed:
                best = (low, high)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odd-model", type=Path, required=True)
    parser.add_argument("--max-changed", type=float, default=0.005)
    parser.add_argument(
        "--passages", type=int, default=2, help="the cross-encoder feature: best of the first N"
    )
    parser.add_argument(
        "--product-threshold",
        type=float,
        default=confidence.NONE_BELOW,
        help="the product's refusal point, for the cascade band (default: NONE_BELOW in code)",
    )
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    data = load_data()
    rows: list[dict[str, Any]] = confidence_rows(data)
    articles = sorted({r["article"] for r in rows})
    even = np.array([r["article"] in set(articles[::2]) for r in rows])
    y = np.array([r["condition"] == "answerable" for r in rows])
    n = args.passages
    pairs = [
        (data.xquad.questions[r["q"]].text, data.chunks[c].text) for r in rows for c in r["top"][:n]
    ]
    ce = out_of_fold_logits(pairs, np.repeat(even, n), args.odd_model)
    best = ce.reshape(len(rows), n).max(axis=1)
    x = np.array([[r[f] for f in PRODUCT] + [c] for r, c in zip(rows, best, strict=True)])
    lr = LogisticRegression(C=10.0, max_iter=5000).fit(x[even], y[even])
    coefs = (float(lr.intercept_[0]), *(float(c) for c in lr.coef_[0]))
    print("STACKED = (" + ", ".join(f"{c:.4f}" for c in coefs) + ")")
    stacked = 1 / (1 + np.exp(-lr.decision_function(x)))
    cheap = np.array(
        [confidence_score(Signals(*(r[f] for f in PRODUCT))) for r in rows]  # type: ignore[arg-type]
    )
    t = float(np.sort(stacked[even & y])[int(0.05 * (even & y).sum())])
    t = math.floor(t * 100) / 100
    product = args.product_threshold
    print(
        f"CHECKED_XQUAD_NONE_BELOW = {t:.2f}  (5 % of the even answerable questions, rounded down)"
    )
    low, high = cascade_band(cheap[even], stacked[even], (t, product), args.max_changed)
    print(f"CASCADE = ({low}, {high})  (for the thresholds {t:.2f} and {product})")
    inside = (cheap >= low) & (cheap < high)
    cascade = np.where(inside, stacked, cheap)
    odd = ~even
    print(
        f"questions that need the cross-encoder: {inside[y].mean():.3f} of answerable, "
        f"{inside[~y].mean():.3f} of removed (all articles)"
    )
    print("odd (held-out) articles:             refused  false | at exactly 5 % refusals: false")
    for name, score, point in (
        ("four signals at their point", cheap, confidence.XQUAD_NONE_BELOW),
        ("stacked at its point", stacked, t),
        ("cascade at the stacked point", cascade, t),
        ("four signals at the product's", cheap, product),
        ("cascade at the product's", cascade, product),
    ):
        refused, false = _rates(score[odd], y[odd], point)
        print(
            f"  {name:<34} {refused:.3f}   {false:.3f} | "
            f"{at_five_percent(score[odd], y[odd])[1]:.3f}"
        )
    for name, part in (("even (fitted)", even), ("all", np.ones_like(even))):
        for point in (t, product):
            refused, false = _rates(cascade[part], y[part], point)
            print(
                f"{name} articles, cascade at {point:.2f}: refused {refused:.3f}, false {false:.3f}"
            )
    # every row scored by a cross-encoder and a stacker that never saw its article
    crossfit = np.zeros(len(rows))
    for part in (even, ~even):
        fitted = LogisticRegression(C=10.0, max_iter=5000).fit(x[~part], y[~part])
        crossfit[part] = fitted.decision_function(x[part])
    refused, false = at_five_percent(crossfit, y)
    print(
        f"all articles, cross-fitted stacked model at exactly 5 % refusals: false {false:.3f} "
        f"(four signals, same way: {crossfit_cheap(rows, y, even):.3f})"
    )
    print("(benchmarks/answers.py measures the product through the real pipeline)")
    for name, score in (("stacked", stacked), ("four signals", cheap)):
        curve = (_rates(score[odd], y[odd], p) for p in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4))
        print(
            f"held-out curve ({name}), threshold: refused/false: "
            + ", ".join(
                f"{p:.2f}: {r:.3f}/{f:.3f}"
                for p, (r, f) in zip((0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4), curve, strict=True)
            )
        )


def crossfit_cheap(rows: list[dict[str, Any]], y: np.ndarray, even: np.ndarray) -> float:
    """False answers at exactly 5 % refusals of the four signals, cross-fitted by halves."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[f] for f in PRODUCT] for r in rows])
    z = np.zeros(len(rows))
    for part in (even, ~even):
        z[part] = (
            LogisticRegression(C=10.0, max_iter=5000)
            .fit(x[~part], y[~part])
            .decision_function(x[part])
        )
    return at_five_percent(z, y)[1]


def out_of_fold_logits(
    pairs: list[tuple[str, str]], even: np.ndarray, odd_model: Path
) -> np.ndarray:
    """Logits of every pair from the model trained on the other half (cached in /tmp)."""
    digest = hashlib.sha256()
    for path in (BUNDLED, odd_model):
        digest.update(path.read_bytes())
    digest.update(repr(pairs).encode())
    cache = Path(tempfile.gettempdir()) / f"answerability-{digest.hexdigest()[:12]}.npy"
    if cache.is_file():
        return np.asarray(np.load(cache))
    ce = np.zeros(len(pairs))
    for model, part in ((AnswerabilityModel(odd_model), even), (AnswerabilityModel(), ~even)):
        idx = np.flatnonzero(part)
        ce[idx] = model.score_many([pairs[i] for i in idx])
    np.save(cache, ce)
    return ce


if __name__ == "__main__":
    main()
