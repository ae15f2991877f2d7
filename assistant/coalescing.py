"""Coalesce concurrent single-item calls into one batch call.

Under concurrent load (a web server with several clients), requests that each want one query
embedding would otherwise queue for the model one after the other. ``Coalescer.run`` lets
the caller that gets the model first embed every query waiting at that moment in one batch
call; the others find their result ready when they get their turn. A lone caller pays nothing
extra: it simply runs a batch of one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class _Pending(Generic[In, Out]):
    item: In
    result: Out | None = None
    error: Exception | None = None
    done: bool = False


class Coalescer(Generic[In, Out]):
    """Runs ``batch_fn`` under ``lock`` for all items waiting when the lock is free.

    ``batch_fn`` takes a sequence of items and returns one result per item, in order.
    ``lock`` is shared with other users of the same resource (e.g. document embedding).
    ``max_batch`` caps one call.
    """

    def __init__(
        self,
        batch_fn: Callable[[Sequence[In]], Sequence[Out]],
        lock: threading.Lock,
        max_batch: int = 32,
    ) -> None:
        self._batch_fn = batch_fn
        self._lock = lock
        self._max_batch = max_batch
        self._queue_lock = threading.Lock()
        self._queue: list[_Pending[In, Out]] = []

    def run(self, item: In) -> Out:
        """The result for ``item``, computed alone or together with concurrent callers."""
        mine: _Pending[In, Out] = _Pending(item)
        with self._queue_lock:
            self._queue.append(mine)
        # not served yet (e.g. more than max_batch were waiting): take the next turn
        while not mine.done:
            with self._lock:
                if not mine.done:
                    with self._queue_lock:
                        batch = self._queue[: self._max_batch]
                        del self._queue[: self._max_batch]
                    self._compute(batch)
        if mine.error is not None:
            raise mine.error
        assert mine.result is not None
        return mine.result

    def _compute(self, batch: list[_Pending[In, Out]]) -> None:
        """Fill in the results (or the error) of ``batch``; never raises."""
        try:
            results = self._batch_fn([p.item for p in batch])
            if len(results) != len(batch):
                raise RuntimeError("batch function returned a wrong number of results")
        except Exception as exc:  # every waiter of this batch gets the error
            for p in batch:
                p.error, p.done = exc, True
            return
        for p, r in zip(batch, results, strict=True):
            p.result, p.done = r, True
