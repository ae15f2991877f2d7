"""Concurrent single calls are coalesced into batch calls, with the right results."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.coalescing import Coalescer
from assistant.embeddings import IdentifiedEmbeddings


def slow_upper(batches: list[list[str]]) -> Coalescer[str, str]:
    def batch_fn(items: Sequence[str]) -> list[str]:
        batches.append(list(items))
        time.sleep(0.05)  # long enough for the other callers to queue up
        return [i.upper() for i in items]

    return Coalescer(batch_fn, threading.Lock(), max_batch=4)


def test_a_lone_call_is_a_batch_of_one() -> None:
    batches: list[list[str]] = []
    assert slow_upper(batches).run("a") == "A"
    assert batches == [["a"]]


def test_concurrent_calls_share_batches_and_get_their_own_result() -> None:
    batches: list[list[str]] = []
    coalescer = slow_upper(batches)
    items = [f"q{i}" for i in range(12)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(coalescer.run, items))
    assert results == [i.upper() for i in items]
    assert sorted(i for b in batches for i in b) == sorted(items)  # each item exactly once
    assert max(len(b) for b in batches) <= 4
    assert len(batches) < len(items)  # some calls were shared


def test_an_error_reaches_every_caller_of_that_batch() -> None:
    calls = 0

    def failing(items: Sequence[str]) -> list[str]:
        nonlocal calls
        calls += 1
        time.sleep(0.05)
        raise ValueError("engine failed")

    coalescer: Coalescer[str, str] = Coalescer(failing, threading.Lock())
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(coalescer.run, f"q{i}") for i in range(4)]
        for future in futures:
            with pytest.raises(ValueError, match="engine failed"):
                future.result()
    assert 1 <= calls <= 4


def test_concurrent_query_embeddings_match_single_ones(e5: IdentifiedEmbeddings) -> None:
    questions = [
        "Wer fördert LoRaWAN-Sensoren in Schulen?",
        "Wie hoch ist die Förderquote für Breitband?",
        "Welche Kommune hat eine digitale Parkraumbewirtschaftung?",
        "Who funds smart street lighting?",
    ] * 2
    single = np.array([e5.embed_query(q) for q in questions])
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        together = np.array(list(pool.map(e5.embed_query, questions)))
    assert together.shape == single.shape
    assert np.allclose(together, single, atol=1e-4)
