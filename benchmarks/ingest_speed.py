"""Ingest throughput and search latency.

1. Ingest: the XQuAD-de paragraphs and the sample corpus through the real pipeline, against
   the bare embedding throughput of the same model on the same chunk texts in the same run.
   Target: ingest overhead <= 15 % over embedding alone.
2. Search: hybrid search latency p50/p95 and peak RSS at 1k, 10k and 100k chunks, each
   scale in its own process. Synthetic German chunks are three random sentences of XQuAD-de;
   embedding 100k chunks would take hours on 2 cores, so a synthetic chunk's vector is the
   normalised mean of the (real, e5) vectors of its sentences. Queries are real XQuAD
   questions through the real HybridSearcher (query embedding included).

    python benchmarks/ingest_speed.py [--scales 1000 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from api.services import Services
from assistant.models import Chunk
from assistant.retrieval import HybridSearcher
from assistant.sentence_vectors import unit_records
from assistant.sentences import split_sentences
from assistant.settings import Settings
from benchmarks.xquad import REPO, load_xquad, write_paragraph_files


def ingest_speed() -> None:
    xquad = load_xquad()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "docs"
        write_paragraph_files(xquad, folder / "xquad")
        services = Services.build(Settings(data_dir=root / "data"))
        sources = [folder, REPO / "corpus"]
        t0 = time.perf_counter()
        report = services.pipeline.run(sources)
        ingest_s = time.perf_counter() - t0
        texts = [t for _, t, _ in services.index.store.iter_all()]
        t0 = time.perf_counter()
        services.embeddings.embed_documents(texts)
        embed_s = time.perf_counter() - t0
        services.close()
    n = len(texts)
    counts = report.counts()
    print(
        f"ingest: {counts['indexed']} files indexed ({counts['failed']} failed), {n} chunks, "
        f"{sum(len(t) for t in texts) / n:.0f} chars/chunk"
    )
    print(f"  bare embedding : {embed_s:7.1f} s  {n / embed_s:7.1f} chunks/s")
    print(f"  full ingest    : {ingest_s:7.1f} s  {n / ingest_s:7.1f} chunks/s")
    print(f"  overhead       : {100 * (ingest_s - embed_s) / embed_s:6.1f} %  (target <= 15 %)")


def add_synthetic_chunks(services: Services, scale: int, rng: random.Random) -> None:
    """Add ``scale`` synthetic German chunks (three random XQuAD-de sentences each) whose
    vectors are the normalised mean of their sentences' real e5 vectors; their sentence
    vectors (``assistant.sentence_vectors``) are those real vectors."""
    xquad = load_xquad()
    sentences = [s for p in xquad.paragraphs for s in split_sentences(p) if len(s) > 30]
    vectors = np.asarray(services.embeddings.embed_documents(sentences), dtype=np.float32)
    by_text = {s: vectors[i].tolist() for i, s in enumerate(sentences)}
    batch: list[Chunk] = []
    batch_vecs: list[list[float]] = []
    services.index.begin_write()
    for i in range(scale):
        picks = rng.sample(range(len(sentences)), 3)
        text = " ".join(sentences[j] for j in picks)
        vec = vectors[picks].mean(axis=0)
        vec /= np.linalg.norm(vec)
        meta: dict[str, str | int | bool] = {
            "doc_id": f"syn-{i // 10}", "title": f"Synthetisch {i // 10}", "doc_type": "other",
            "page": 0, "section": "", "source": "synthetic", "valid_until_n": 0,
            "key_region": "", "key_municipality": "", "key_programme": "",
        }  # fmt: skip
        batch.append(Chunk(f"syn-{i}", f"syn-{i // 10}", text, meta))
        batch_vecs.append(vec.tolist())
        if len(batch) == 5000 or i == scale - 1:
            services.index.store.upsert(batch, batch_vecs)
            units = [u for u in unit_records(batch) if u.text in by_text]
            services.index.units.store.upsert(units, [by_text[u.text] for u in units])
            batch, batch_vecs = [], []
    services.index.commit()


def search_scale(scale: int, n_queries: int) -> dict[str, float]:
    """Build a synthetic index of ``scale`` chunks and time hybrid searches (child process)."""
    rng = random.Random(scale)
    xquad = load_xquad()
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.build(Settings(data_dir=Path(tmp) / "data"))
        t0 = time.perf_counter()
        add_synthetic_chunks(services, scale, rng)
        build_s = time.perf_counter() - t0
        searcher = HybridSearcher(services.index)
        questions = [q.text for q in rng.sample(xquad.questions, n_queries)]
        searcher.search(questions[0], k=10)  # warm-up
        times = []
        for q in questions:
            t = time.perf_counter()
            searcher.search(q, k=10)
            times.append(1000 * (time.perf_counter() - t))
        services.close()
    times.sort()
    return {
        "scale": scale,
        "build_s": build_s,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(search_scale(args.child, args.queries)))
        return
    if not args.skip_ingest:
        ingest_speed()
    if not args.scales:
        return
    print("search (hybrid, k=10, 2 cores):")
    print(f"  {'chunks':>8} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} {'peak RSS MB':>12}")
    for scale in args.scales:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.ingest_speed", "--child", str(scale),
             "--queries", str(args.queries)],
            check=True, capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"  {r['scale']:>8} {r['build_s']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['peak_rss_mb']:>12.0f}"
        )


if __name__ == "__main__":
    main()
