"""kill -9 at any point of an ingest run leaves a working index, and a rerun converges."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.embeddings import IdentifiedEmbeddings
from assistant.index import SearchIndex
from assistant.retrieval import HybridSearcher
from assistant.settings import Settings

TOPICS = ["LoRaWAN", "Parkraum", "Ratsinformation", "Straßenbeleuchtung", "Pegelmessung"]


def write_corpus(root: Path, files: int) -> None:
    root.mkdir(parents=True)
    for n in range(files):
        topic = TOPICS[n % len(TOPICS)]
        paragraphs = [
            f"Bericht {n} über {topic} in der Gemeinde Nummer {n}. "
            f"Die Verwaltung hat im Jahr {2015 + n % 10} mit dem Projekt begonnen. "
            f"Absatz {p}: Sensoren, Netze und Daten wurden geprüft, und die Ergebnisse "
            f"wurden dem Rat in Sitzung {p + n} vorgestellt."
            for p in range(6)
        ]
        (root / f"bericht-{n:03d}.md").write_text(
            f"# Bericht {n}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )


def start_ingest(corpus: Path, data_dir: Path, batch: int = 32) -> subprocess.Popen[bytes]:
    # chunks of several files are embedded together; a small batch spreads the writes over
    # the run, so the kills below land between and inside writes, not only before the first
    env = {
        **os.environ,
        "SMARTCITY_DATA_DIR": str(data_dir),
        "SMARTCITY_EMBEDDING_BATCH_SIZE": str(batch),
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from api.cli import main; main()", "ingest", "--json", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def indexed_rows(data_dir: Path) -> int:
    db = data_dir / "manifest.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def snapshot(data_dir: Path, e5: IdentifiedEmbeddings) -> tuple[set[str], int, set[str]]:
    index = SearchIndex(Settings(data_dir=data_dir), e5)
    ids = [i for i, _, _ in index.store.iter_all()]
    return set(ids), len(ids), set(index.lexical.ids)


@pytest.mark.slow
def test_kill_minus_nine_then_rerun_converges(tmp_path: Path, e5: IdentifiedEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, files=24)
    reference = tmp_path / "reference"
    assert start_ingest(corpus, reference).wait(timeout=300) == 0
    expected, _, _ = snapshot(reference, e5)

    data = tmp_path / "data"
    kills = 0
    for threshold in (2, 8, 14, 20):
        proc = start_ingest(corpus, data, batch=4)
        deadline = time.monotonic() + 120
        while (
            proc.poll() is None and indexed_rows(data) < threshold and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        # after every kill the index opens and answers
        index = SearchIndex(Settings(data_dir=data), e5)
        if index.store.count():
            assert HybridSearcher(index).search("Sensoren Netze", k=3)
    assert kills >= 3, "the runs finished before they could be killed"

    assert start_ingest(corpus, data).wait(timeout=300) == 0
    ids, total, lexical = snapshot(data, e5)
    assert total == len(ids), "duplicated chunks"
    assert ids == expected, "lost or stale chunks"
    assert lexical == expected
