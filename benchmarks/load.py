"""Bounded HTTP load against ``POST /api/ask`` on a 10k-chunk index, from a second process.

1. Index: the sample corpus (``corpus/``) through the real ingest pipeline, topped up to
   ``--chunks`` with synthetic German chunks (``benchmarks.ingest_speed.add_synthetic_chunks``:
   three XQuAD-de sentences each, vectors from their real e5 vectors). ``--data-dir`` keeps the
   index for the next run; an existing index there with enough chunks is reused as it is.
2. Server: ``smartcity serve`` (uvicorn, one worker, the app's defaults) in its own process on
   127.0.0.1 with the rate limit off (``SMARTCITY_RATE_LIMIT_PER_MINUTE=0``); it is stopped at
   the end.
3. Load: for each level (default 8, 32, 64 concurrent clients, ``--duration`` seconds each),
   that many asyncio clients (httpx) send the German evaluation questions of
   ``corpus/eval/questions.yaml`` (with their municipality) in rotation, each sending the next
   request as soon as its previous answer arrived (closed loop, no think time).

``--profile N`` first times the answer path in this process, without HTTP, for N questions:
query embedding, dense (Chroma) and lexical (BM25) search, the whole hybrid search, the
extractive composer, contact ranking and the whole ``ask``; so the load figures can be read
against the cost of one answer.

Printed per level: requests completed, throughput (req/s), latency p50/p95/p99 (ms, request
sent to full answer read), errors (non-2xx by status, exceptions by type), and the CPU time
the server process and this client process spent per request (both share the 2 cores, so
the sum bounds the throughput; unlike the latencies it hardly depends on what else runs).
Targets of issue 4: p95 <= 300 ms at 8 clients (2 cores) and no errors at 64.

    python -m benchmarks.load [--data-dir DIR] [--levels 8 32 64] [--duration 30]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import yaml

from tests.net import free_port, http_ok, stop_process, wait_until

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TARGET_P95_MS = 300.0


@dataclass
class LevelResult:
    """What one load level measured."""

    clients: int
    duration_s: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def requests(self) -> int:
        """Requests completed (successful or not)."""
        return len(self.latencies_ms) + sum(self.errors.values())

    def percentile(self, q: float) -> float:
        """Latency percentile of the successful requests (nearest rank), 0 without any."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def questions() -> list[dict[str, Any]]:
    """The German evaluation questions of the sample corpus as ``/api/ask`` bodies."""
    data = yaml.safe_load((REPO / "corpus" / "eval" / "questions.yaml").read_text("utf-8"))
    bodies = []
    for item in data:
        if item.get("language", "de") != "de":
            continue
        body: dict[str, Any] = {"question": item["question"]}
        if item.get("municipality"):
            body["municipality"] = item["municipality"]
        bodies.append(body)
    return bodies


def build_index(data_dir: Path, chunks: int) -> int:
    """Index the sample corpus plus synthetic chunks up to ``chunks``; reuse a full index."""
    from api.services import Services
    from assistant.settings import Settings
    from benchmarks.ingest_speed import add_synthetic_chunks

    services = Services.build(Settings(data_dir=data_dir))
    try:
        count = services.index.store.count()
        if count >= chunks:
            print(f"index: reusing {count} chunks in {data_dir}", flush=True)
            return count
        t0 = time.perf_counter()
        report = services.pipeline.run([REPO / "corpus"])
        real = services.index.store.count()
        print(
            f"index: sample corpus {report.counts()} -> {real} chunks "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        if real < chunks:
            t0 = time.perf_counter()
            add_synthetic_chunks(services, chunks - real, random.Random(10_000))
            print(
                f"index: + {chunks - real} synthetic chunks ({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
        return services.index.store.count()
    finally:
        services.close()


def profile_answers(data_dir: Path, bodies: list[dict[str, Any]], n: int) -> None:
    """Median and p95 (ms) of the answer path's stages, in process, one question at a time."""
    from api.services import Services
    from assistant.answer.service import AnswerService
    from assistant.settings import Settings

    services = Services.build(Settings(data_dir=data_dir))
    answers: AnswerService = services.answers
    searcher = answers.searcher
    stages: dict[str, list[float]] = collections.defaultdict(list)

    def timed(name: str, t0: float) -> float:
        now = time.perf_counter()
        stages[name].append(1000 * (now - t0))
        return now

    try:
        answers.ask(bodies[0]["question"])  # warm-up
        for body in itertools.islice(itertools.cycle(bodies), n):
            question = body["question"]
            t = time.perf_counter()
            vector = services.embeddings.embed_query(question)
            t = timed("query embedding (e5)", t)
            services.index.store.query(vector, services.settings.search_candidates, None)
            t = timed("dense search (Chroma)", t)
            services.index.lexical.search(question, services.settings.search_candidates, None)
            t = timed("lexical search (BM25)", t)
            searcher.search(question, answers.k)
            t = timed("hybrid search (all of it)", t)
            prepared = answers.prepare(question, municipality=body.get("municipality"))
            t = timed("prepare (search + compose)", t)
            answers.finish(prepared)
            t = timed("finish (contacts, answer)", t)
            answers.ask(question, municipality=body.get("municipality"))
            timed("ask (whole, in process)", t)
    finally:
        services.close()
    print(f"answer path in process ({n} questions, one at a time):")
    print(f"  {'stage':<28} {'median ms':>10} {'p95 ms':>8}")
    for name, values in stages.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"  {name:<28} {ordered[len(ordered) // 2]:>10.1f} {p95:>8.1f}")


def start_server(data_dir: Path, port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """``smartcity serve`` in its own process (console script, or the same entry point)."""
    env = {
        **os.environ,
        "SMARTCITY_DATA_DIR": str(data_dir),
        "SMARTCITY_RATE_LIMIT_PER_MINUTE": "0",
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    exe = Path(sys.executable).with_name("smartcity")
    command = (
        [str(exe)] if exe.exists() else [sys.executable, "-c", "from api.cli import main; main()"]
    )
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [*command, "serve", "--host", HOST, "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    """Poll ``/readyz`` until the index is loaded (``NotReadyError``, a RuntimeError, when
    the server exits or ``timeout_s`` passes)."""
    wait_until(
        lambda: http_ok(f"{base}/readyz", timeout_s=5),
        timeout_s=timeout_s,
        proc=proc,
        interval_s=0.5,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (all its threads) so far."""
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def measure_level(
    base: str, server_pid: int, clients: int, duration_s: float, bodies: list[dict[str, Any]]
) -> LevelResult:
    """One level, with the CPU time the server and this client process spent on it."""
    server0, client0 = cpu_seconds(server_pid), time.process_time()
    result = asyncio.run(run_level(base, clients, duration_s, bodies))
    result.server_cpu_s = cpu_seconds(server_pid) - server0
    result.client_cpu_s = time.process_time() - client0
    return result


async def run_level(
    base: str, clients: int, duration_s: float, bodies: list[dict[str, Any]]
) -> LevelResult:
    """``clients`` closed-loop clients for ``duration_s`` seconds."""
    result = LevelResult(clients, duration_s)
    rotation = itertools.cycle(bodies)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(120.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        deadline = time.perf_counter() + duration_s

        async def worker() -> None:
            while time.perf_counter() < deadline:
                body = next(rotation)
                t0 = time.perf_counter()
                try:
                    response = await client.post("/api/ask", json=body)
                    await response.aread()
                except httpx.HTTPError as exc:
                    result.errors[type(exc).__name__] += 1
                    continue
                elapsed = 1000 * (time.perf_counter() - t0)
                if 200 <= response.status_code < 300:
                    result.latencies_ms.append(elapsed)
                else:
                    result.errors[f"HTTP {response.status_code}"] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        # the last requests may finish after the deadline: throughput over the real time
        result.duration_s = time.perf_counter() - started
    return result


def print_table(results: list[LevelResult]) -> None:
    """One line per level, then the error breakdown and the targets."""
    print(
        f"{'clients':>8} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7} {'server CPU ms/req':>18} {'client CPU ms/req':>18}"
    )
    for r in results:
        per = 1000 / max(r.requests, 1)
        print(
            f"{r.clients:>8} {r.requests:>9} {r.requests / r.duration_s:>7.1f} "
            f"{r.percentile(0.50):>8.0f} {r.percentile(0.95):>8.0f} {r.percentile(0.99):>8.0f} "
            f"{sum(r.errors.values()):>7} {r.server_cpu_s * per:>18.1f} "
            f"{r.client_cpu_s * per:>18.1f}"
        )
    for r in results:
        if r.errors:
            detail = ", ".join(f"{k}: {v}" for k, v in r.errors.most_common())
            print(f"  errors at {r.clients} clients: {detail}")
    by_clients = {r.clients: r for r in results}
    if 8 in by_clients:
        p95 = by_clients[8].percentile(0.95)
        verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
        print(f"target p95 <= {TARGET_P95_MS:.0f} ms at 8 clients: {p95:.0f} ms, {verdict}")
    if 64 in by_clients:
        errors = sum(by_clients[64].errors.values())
        verdict = "met" if not errors else "NOT met"
        print(f"target no errors at 64 clients: {errors} errors, {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="keep (or reuse) the index here")
    parser.add_argument("--chunks", type=int, default=10_000, help="index size (default 10000)")
    parser.add_argument("--levels", type=int, nargs="+", default=[8, 32, 64])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per level")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up load")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="time the answer path for N questions"
    )
    args = parser.parse_args()

    own_dir = args.data_dir is None
    data_dir: Path = (
        Path(tempfile.mkdtemp(prefix="smartcity-load-")) / "data" if own_dir else args.data_dir
    )
    bodies = questions()
    try:
        chunks = build_index(data_dir, args.chunks)
        if args.profile:
            profile_answers(data_dir, bodies, args.profile)
        port = args.port or free_port()
        base = f"http://{HOST}:{port}"
        log_path = data_dir.parent / f"load-server-{port}.log"
        proc = start_server(data_dir, port, log_path)
        try:
            t0 = time.perf_counter()
            wait_ready(base, proc)
            print(
                f"server: {base} (pid {proc.pid}, one uvicorn worker) ready after "
                f"{time.perf_counter() - t0:.0f} s; {chunks} chunks; {len(bodies)} questions; "
                f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if args.warmup > 0:
                asyncio.run(run_level(base, 4, args.warmup, bodies))
            results = []
            for clients in args.levels:
                results.append(measure_level(base, proc.pid, clients, args.duration, bodies))
                print(f"  level {clients} done", flush=True)
            print(f"\nPOST /api/ask, {args.duration:.0f} s per level, {chunks} chunks:")
            print_table(results)
            print(f"load average after the run: {os.getloadavg()[0]:.1f}")
            if args.json:
                print(
                    json.dumps(
                        [
                            {
                                "clients": r.clients,
                                "requests": r.requests,
                                "rps": r.requests / r.duration_s,
                                "p50_ms": r.percentile(0.5),
                                "p95_ms": r.percentile(0.95),
                                "p99_ms": r.percentile(0.99),
                                "server_cpu_ms_per_request": 1000 * r.server_cpu_s / r.requests,
                                "client_cpu_ms_per_request": 1000 * r.client_cpu_s / r.requests,
                                "errors": dict(r.errors),
                            }
                            for r in results
                        ]
                    )
                )
        finally:
            stop_process(proc, timeout_s=30)
    finally:
        if own_dir:
            shutil.rmtree(data_dir.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
