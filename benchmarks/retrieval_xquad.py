"""Retrieval quality on XQuAD-de through the real ingest pipeline and CLI code paths.

Paragraph task: each of the 240 paragraphs is a document; a hit is the question's own
paragraph among the top k documents. Chunk task: a hit is a retrieved chunk from the right
paragraph that contains the answer text. Prints recall@1/5/10 and MRR@10 for the hybrid
search (via ``smartcity search --queries``, fused as the settings say) and, for comparison,
dense-only, lexical-only and other fusions of the same candidate lists.

    python -m benchmarks.retrieval_xquad [--chunk-size 600 900 ...] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from api.services import Services
from assistant.fusion import convex_fusion, reciprocal_rank_fusion
from assistant.settings import Settings
from benchmarks.xquad import XQuAD, load_xquad, write_paragraph_files
from ingest.pipeline import document_id

KS = (1, 5, 10)


def recall_mrr(first_hit_ranks: Sequence[int | None]) -> dict[str, float]:
    """recall@k and MRR@10 from the 1-based rank of the first hit (None: no hit)."""
    n = len(first_hit_ranks)
    out = {f"R@{k}": sum(1 for r in first_hit_ranks if r and r <= k) / n for k in KS}
    out["MRR@10"] = sum(1 / r for r in first_hit_ranks if r and r <= 10) / n
    return out


def first_rank(items: Sequence[bool]) -> int | None:
    return next((i + 1 for i, ok in enumerate(items) if ok), None)


def evaluate(
    xquad: XQuAD, doc_of: dict[str, int], runs: list[list[tuple[str, str]]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Paragraph and chunk figures from ranked (doc_id, text) lists, one per question."""
    para_ranks: list[int | None] = []
    chunk_ranks: list[int | None] = []
    for question, ranked in zip(xquad.questions, runs, strict=True):
        docs: list[int] = []
        for doc_id, _ in ranked:
            para = doc_of[doc_id]
            if para not in docs:
                docs.append(para)
        para_ranks.append(first_rank([d == question.paragraph for d in docs[:10]]))
        chunk_ranks.append(
            first_rank(
                [
                    doc_of[d] == question.paragraph and any(a in text for a in question.answers)
                    for d, text in ranked[:10]
                ]
            )
        )
    return recall_mrr(para_ranks), recall_mrr(chunk_ranks)


Candidates = list[tuple[str, float]]


def _rrf(dense: Candidates, lex: Candidates, *, weight: float, k: int) -> dict[str, float]:
    return reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in lex]], k, [weight, 1.0])


def _convex(dense: Candidates, lex: Candidates, *, alpha: float) -> dict[str, float]:
    return convex_fusion(dense, lex, 50, alpha)


def run(chunk_size: int, overlap: int, limit: int | None) -> None:
    xquad = load_xquad()
    if limit:
        xquad = XQuAD(xquad.titles, xquad.paragraphs, xquad.questions[:limit])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = write_paragraph_files(xquad, root / "paragraphs")
        doc_of = {document_id(p): i for i, p in enumerate(files)}
        env = {
            "SMARTCITY_DATA_DIR": str(root / "data"),
            "SMARTCITY_CHUNK_SIZE": str(chunk_size),
            "SMARTCITY_CHUNK_OVERLAP": str(overlap),
        }
        runner = CliRunner()
        t0 = time.perf_counter()
        result = runner.invoke(app, ["ingest", "--json", str(root / "paragraphs")], env=env)
        ingest_s = time.perf_counter() - t0
        report = json.loads(result.stdout)
        assert result.exit_code == 0, report["counts"]
        chunks = report["chunks"]

        queries = root / "queries.txt"
        queries.write_text("\n".join(q.text.replace("\n", " ") for q in xquad.questions) + "\n")
        t0 = time.perf_counter()
        result = runner.invoke(app, ["search", "--queries", str(queries), "-k", "30"], env=env)
        search_s = time.perf_counter() - t0
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        hybrid = [[(h["doc_id"], h["text"]) for h in line["results"]] for line in lines]

        # comparison: each side alone, same index
        settings = Settings(data_dir=root / "data")
        fusion = settings.fusion if settings.fusion == "rrf" else f"convex {settings.fusion_alpha}"
        services = Services.build(settings)
        store, lexical = services.index.store, services.index.lexical
        dense_runs, lexical_runs = [], []
        fusion_inputs = []
        lookup: dict[str, tuple[str, str]] = {}
        for q in xquad.questions:
            vec = services.embeddings.embed_query(q.text)
            dense = store.query(vec, 50, None)
            lex = lexical.search(q.text, 50)
            d_ids = [i for i, _ in dense]
            l_ids = [i for i, _ in lex]
            for i, (text, meta) in store.get(d_ids + l_ids).items():
                lookup[i] = (meta["doc_id"], text)
            dense_runs.append([lookup[i] for i in d_ids[:30]])
            lexical_runs.append([lookup[i] for i in l_ids[:30]])
            fusion_inputs.append((dense, lex))
        services.close()

    print(
        f"XQuAD-de: {len(xquad.paragraphs)} paragraphs, {len(xquad.questions)} questions; "
        f"chunk_size={chunk_size} overlap={overlap}: {chunks} chunks"
    )
    print(
        f"ingest {ingest_s:.1f} s; {len(xquad.questions)} searches {search_s:.1f} s "
        f"({1000 * search_s / len(xquad.questions):.1f} ms/query incl. CLI start)"
    )
    header = f"{'method':<26}{'task':<11}" + "".join(
        f"{k:>9}" for k in ("R@1", "R@5", "R@10", "MRR@10")
    )
    print(header)
    for name, runs in (
        (f"hybrid ({fusion}, CLI)", hybrid),
        ("dense e5 only", dense_runs),
        ("lexical 4-gram only", lexical_runs),
    ):
        para, chunk = evaluate(xquad, doc_of, runs)
        for task, fig in (("paragraph", para), ("chunk", chunk)):
            print(
                f"{name:<26}{task:<11}"
                + "".join(f"{fig[k]:>9.3f}" for k in ("R@1", "R@5", "R@10", "MRR@10"))
            )
    print("fusion variants (same candidate lists, 50 from each side):")
    variants: list[tuple[str, Callable[[Candidates, Candidates], dict[str, float]]]] = [
        (f"rrf w={w} k={k}", partial(_rrf, weight=w, k=k))
        for w, k in ((1.0, 60), (1.5, 60), (1.0, 20))
    ]
    variants += [
        (f"convex alpha={a}", partial(_convex, alpha=a)) for a in (0.5, 0.55, 0.6, 0.65, 0.7)
    ]
    for name, fuse in variants:
        fused_runs: list[list[tuple[str, str]]] = []
        for dense, lex in fusion_inputs:
            fused = fuse(dense, lex)
            top = sorted(fused, key=lambda i: fused[i], reverse=True)[:30]
            fused_runs.append([lookup[i] for i in top])
        para, chunk = evaluate(xquad, doc_of, fused_runs)
        print(
            f"  {name:<18} paragraph R@1 {para['R@1']:.3f} R@5 {para['R@5']:.3f}"
            f"  chunk R@5 {chunk['R@5']:.3f}"
        )
    print("targets: paragraph R@5 >= 0.99, R@1 >= 0.94; chunk R@5 >= 0.97")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunk-size", type=int, nargs="+", default=[600])
    parser.add_argument("--overlap", type=int, default=150)
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions")
    args = parser.parse_args()
    for size in args.chunk_size:
        run(size, args.overlap, args.limit)
        print()


if __name__ == "__main__":
    main()
