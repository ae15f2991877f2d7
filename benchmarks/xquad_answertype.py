"""Answer-type features as answer-confidence signals on XQuAD-de (issue #3): an experiment.

Does knowing what a question asks for (a date, a number, a name: ``benchmarks/answer_type.py``)
tell answerable questions from ones whose paragraph was removed better than the product's four
signals (``p_sim``, ``p_margin``, ``p_chunk``, ``p_sentence``, see
``assistant/answer/confidence.py``)?
It reuses the data, the per-question rows (product-like retrieval with and without the gold
paragraph) and the logistic fit of ``benchmarks/xquad_experiments.py`` (cache ``/tmp/xquad_exp``)
and adds typed-evidence features (``type_gap``, ``type_cov``, ``type_window``, ``focus``,
``high_window``, hit-local coverage ``lcov_*``, ``gap_dn`` = ``type_gap`` for date and number
questions only). Not a product benchmark; nothing of it is shipped.

    python -m benchmarks.xquad_answertype answertype   # feature means, logistic and GBM fits
    python -m benchmarks.xquad_answertype corpus       # store corpus-question hits once
    python -m benchmarks.xquad_answertype corpusscore  # candidate models on those questions

``answertype`` fits each feature set on the even articles and reports train/held-out refused
and false-answer rates at the threshold of 5 % refusals, then the same with odd and even
swapped; ``corpus`` ingests ``corpus/`` in a temporary data dir (a few minutes) and stores the
hits of each ``corpus/eval/questions.yaml`` question in ``/tmp/xquad_exp/corpus_signals.pkl``;
``corpusscore`` counts the corpus questions each candidate refuses at its XQuAD 5 % point.

Result (why the product keeps its four signals): the best set, logistic P + ``gap_dn`` (P = the
product's four signals), was about 1 point better than P; no feature set, logistic or GBM,
reached 20 % false answers at 5 % refusals in both split directions. Over 30 random halvings of
the articles, at exactly 5 % held-out refusals: P 0.250 false answers, P + ``gap_dn`` 0.239.
German corpus questions refused at the XQuAD 5 % point: product 14/53, P + ``gap_dn`` 16/53.

Set OMP_NUM_THREADS=1 on a shared machine (see ``benchmarks/xquad_experiments.py``).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.confidence import NONE_BELOW, XQUAD_NONE_BELOW, signals
from assistant.lexical import tokenize
from assistant.models import SearchHit
from assistant.sentences import split_sentences
from benchmarks.answer_type import expected_type, local_coverage, type_signals
from benchmarks.experiments.legacy_extractive import MIN_SENTENCE_CHARS
from benchmarks.xquad_experiments import (
    CACHE,
    FEATURES,
    PRODUCT,
    Data,
    confidence_rows,
    evaluate_model,
    load_data,
)

TYPE_FEATURES = ("typed", "type_gap", "type_cov", "type_window", "focus", "high_window")


def add_type_features(data: Data, rows: list[dict[str, Any]]) -> None:
    """Typed-evidence signals (``benchmarks/answer_type.py``) over the sentences of the first
    three chunks of each row (``*1``: of the first chunk only)."""
    for row in rows:
        question = data.xquad.questions[row["q"]].text
        top = row["top"]
        for suffix, chunks in (("", top[:3]), ("1", top[:1])):
            sents = [
                s
                for c in chunks
                for s in split_sentences(data.chunks[c].text)
                if len(s) >= MIN_SENTENCE_CHARS
            ]
            ts = type_signals(question, sents, data.lexical.idf)
            for f in TYPE_FEATURES:
                row[f + suffix] = getattr(ts, f)
            if not suffix:
                contexts = [data.chunks[c].text for c in top]
                row["lcov_sent"], row["lcov_chunk"] = local_coverage(
                    question, sents, contexts, data.lexical.idf
                )
        kind = expected_type(question)
        row["gap_dn"] = row["type_gap"] if kind in ("date", "number") else 0.0


def split_figures(
    rows: list[dict[str, Any]], feats: Sequence[str], model_kind: str = "logistic"
) -> str:
    """train/held-out refused/false for both split directions (threshold: 5 % refusals on
    the fitted answerable questions)."""
    articles = sorted({r["article"] for r in rows})
    out = []
    for train in (set(articles[::2]), set(articles[1::2])):
        if model_kind == "logistic":
            r_tr, f_tr, r_te, f_te, _ = evaluate_model(rows, feats, train)
        else:
            r_tr, f_tr, r_te, f_te = evaluate_gbm(rows, feats, train)
        out.append(f"{r_tr:.3f}/{f_tr:.3f} {r_te:.3f}/{f_te:.3f}")
    return " | ".join(out)


def evaluate_gbm(
    rows: list[dict[str, Any]], feats: Sequence[str], train: set[int]
) -> tuple[float, float, float, float]:
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]

    x = np.array([[r[f] for f in feats] for r in rows])
    y = np.array([r["condition"] == "answerable" for r in rows])
    tr = np.array([r["article"] in train for r in rows])
    gb = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.05, max_depth=3, min_samples_leaf=30, random_state=0
    )
    gb.fit(x[tr], y[tr])
    sc = gb.decision_function(x)
    t = np.sort(sc[tr & y])[int(0.05 * (tr & y).sum())]
    return (
        float((sc[tr & y] < t).mean()),
        float((sc[tr & ~y] >= t).mean()),
        float((sc[~tr & y] < t).mean()),
        float((sc[~tr & ~y] >= t).mean()),
    )


def run_answertype(data: Data) -> None:
    """Expected-answer-type and focus features with and without the product's signals."""
    rows = confidence_rows(data)
    add_type_features(data, rows)
    for kind in ("date", "number", "entity", None):
        sel = [r for r in rows if expected_type(data.xquad.questions[r["q"]].text) == kind]
        print(f"type {kind}: {len(sel) // 2} questions")
        for f in ("type_gap", "type_cov", "type_window", "focus", "high_window"):
            a = np.mean([r[f] for r in sel if r["condition"] == "answerable"])
            b = np.mean([r[f] for r in sel if r["condition"] == "removed"])
            print(f"  {f:<12} answerable {a:.3f} removed {b:.3f}")
    p = list(PRODUCT)
    sets: list[tuple[str, ...]] = [
        tuple(p),
        (*p, "type_gap"),
        (*p, "typed", "type_gap"),
        (*p, "type_cov"),
        (*p, "type_window"),
        (*p, "typed", "type_window"),
        (*p, "focus"),
        (*p, "high_window"),
        (*p, "focus", "high_window"),
        (*p, "typed", "type_gap", "type_window"),
        (*p, "typed", "type_gap", "type_window", "focus", "high_window"),
        (*p, *TYPE_FEATURES, *(f + "1" for f in TYPE_FEATURES)),
        (*p, "gap_dn"),
        (*p, "lcov_sent"),
        (*p, "lcov_chunk"),
        (*p, "lcov_sent", "lcov_chunk"),
        (*p, "lcov_sent", "lcov_chunk", "gap_dn"),
        (*p, "lcov_sent", "lcov_chunk", "gap_dn", "type_window", "focus", "high_window"),
        ("p_sim", "p_margin", "typed", "type_gap", "type_window", "focus", "high_window"),
    ]
    print("features | fit even: train refused/false, held-out refused/false | fit odd: same")
    for feats in sets:
        print(f"  LR  {'+'.join(feats):<80} {split_figures(rows, feats)}")
    for feats in (
        tuple(p),
        (*p, *TYPE_FEATURES),
        (*p, *TYPE_FEATURES, *(f + "1" for f in TYPE_FEATURES)),
        (*p, *TYPE_FEATURES, "lcov_sent", "lcov_chunk", "gap_dn"),
        (*(f for f in FEATURES if not f.startswith("maxsent")), *p, *TYPE_FEATURES),
    ):
        print(f"  GBM {'+'.join(feats):<80} {split_figures(rows, feats, 'gbm')}")


CORPUS_SIGNALS = CACHE / "corpus_signals.pkl"
PROBES = (
    "Wie backe ich einen Marmorkuchen?",
    "Wer hat die Fußball-Weltmeisterschaft 2014 gewonnen?",
    "Wie wird das Wetter morgen in Hamburg?",
)


def run_corpus_signals() -> None:
    """Ingest corpus/ in a temporary data dir (embeds it once, a few minutes) and store, per
    evaluation question (and a few off-topic probes), the hits the answer engine retrieves
    and the IDF of the question's grams, so that confidence features can be recomputed
    offline (``CORPUS_SIGNALS``)."""
    import pickle

    from api.services import Services
    from assistant.answer.conversation import retrieval_query
    from assistant.language import question_language
    from assistant.settings import Settings
    from benchmarks.corpus_eval import load_questions
    from benchmarks.xquad import REPO

    questions = [(str(q["question"]), str(q.get("language") or "de")) for q in load_questions()]
    questions += [(p, "probe") for p in PROBES]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.build(Settings(data_dir=Path(tmp) / "data"))
        services.pipeline.run([REPO / "corpus"])
        engine = services.answers
        lexical = services.searcher.index.lexical
        for text, language in questions:
            query = retrieval_query(text, [])
            hits = services.searcher.search(query, engine.k)
            answer = engine.ask(text)
            out.append(
                {
                    "question": query,
                    "language": language,
                    "qlang": question_language(text),
                    "hits": hits,
                    "idf": lexical.idf(set(tokenize(query))),
                    "confidence": answer.confidence,
                    "score": engine.prepare(text).confidence_score,
                }
            )
            print(f"{answer.confidence:<6} {text[:80]}", flush=True)
        services.close()
    CORPUS_SIGNALS.write_bytes(pickle.dumps(out))


CANDIDATES: dict[str, tuple[str, ...]] = {
    "product": PRODUCT,
    "product+gap_dn": (*PRODUCT, "gap_dn"),
    "product+lcov+gap_dn": (*PRODUCT, "lcov_sent", "lcov_chunk", "gap_dn"),
    "product+all type": (*PRODUCT, *TYPE_FEATURES, "lcov_sent", "lcov_chunk", "gap_dn"),
}


def corpus_features(item: dict[str, Any]) -> dict[str, float]:
    """The features of one stored corpus question (see ``run_corpus_signals``)."""
    idf_table_: dict[str, float] = item["idf"]
    top_idf = max(idf_table_.values(), default=1.0)

    def idf(grams: Any) -> dict[str, float]:
        return {g: idf_table_.get(g, top_idf) for g in grams}

    question: str = item["question"]
    hits: list[SearchHit] = item["hits"]
    sig = signals(question, hits, idf)
    sents = [s for h in hits[:3] for s in split_sentences(h.text) if len(s) >= MIN_SENTENCE_CHARS]
    ts = type_signals(question, sents, idf)
    out = {f: float(getattr(ts, f)) for f in TYPE_FEATURES}
    out["lcov_sent"], out["lcov_chunk"] = local_coverage(
        question, sents, [h.text for h in hits], idf
    )
    out["gap_dn"] = ts.type_gap if expected_type(question) in ("date", "number") else 0.0
    out["p_sim"], out["p_margin"] = sig.top_similarity, sig.margin
    out["p_chunk"], out["p_sentence"] = sig.chunk_coverage, sig.sentence_coverage
    return out


def run_corpus_scores(data: Data) -> None:
    """Fit each candidate feature set on the even XQuAD articles (threshold: 5 % refusals of
    their answerable questions) and count the refused corpus evaluation questions."""
    import pickle

    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    items = pickle.loads(CORPUS_SIGNALS.read_bytes())
    rows = confidence_rows(data)
    add_type_features(data, rows)
    articles = sorted({r["article"] for r in rows})
    train = set(articles[::2])
    y = np.array([r["condition"] == "answerable" for r in rows])
    tr = np.array([r["article"] in train for r in rows])
    feats_of = [corpus_features(it) for it in items]
    same = [it["qlang"] == "de" and it["language"] != "probe" for it in items]
    print(
        f"corpus: {sum(same)} German questions scored (English ones use the cross-lingual "
        f"model), probes: {[round(it['score'], 3) for it in items if it['language'] == 'probe']}"
    )
    deployed = [it["score"] for it, s in zip(items, same, strict=True) if s]
    print(
        f"product as deployed: refused {sum(1 for v in deployed if v < NONE_BELOW)} (NONE_BELOW "
        f"{NONE_BELOW}), {sum(1 for v in deployed if v < XQUAD_NONE_BELOW)} at the XQuAD point "
        f"{XQUAD_NONE_BELOW}"
    )
    for name, feats in CANDIDATES.items():
        x = np.array([[r[f] for f in feats] for r in rows])
        lr = LogisticRegression(C=10.0, max_iter=5000).fit(x[tr], y[tr])
        z = lr.decision_function(x)
        t = float(np.sort(z[tr & y])[int(0.05 * (tr & y).sum())])
        zc = lr.decision_function(np.array([[f[k] for k in feats] for f in feats_of]))
        refused = [
            it["question"][:70] for it, s, v in zip(items, same, zc, strict=True) if s and v < t
        ]
        probes = [
            round(float(1 / (1 + np.exp(-v))), 3)
            for it, v in zip(items, zc, strict=True)
            if it["language"] == "probe"
        ]
        print(
            f"{name:<24} b={lr.intercept_[0]:.4f} "
            + " ".join(f"{f}={c:.4f}" for f, c in zip(feats, lr.coef_[0], strict=True))
            + f" threshold p={1 / (1 + np.exp(-t)):.4f}"
        )
        print(
            f"{'':<24} XQuAD held-out refused {(z[~tr & y] < t).mean():.3f} false "
            f"{(z[~tr & ~y] >= t).mean():.3f}; corpus refused {len(refused)}/{sum(same)} at "
            f"the XQuAD point; probes {probes}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["answertype", "corpus", "corpusscore"])
    args = parser.parse_args()
    if args.what == "corpus":
        run_corpus_signals()
        return
    data = load_data()
    print(f"{len(data.chunks)} chunks, {len(data.sentences)} sentences")
    if args.what == "answertype":
        run_answertype(data)
    elif args.what == "corpusscore":
        run_corpus_scores(data)


if __name__ == "__main__":
    main()
