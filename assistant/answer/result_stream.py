"""An iterator over text pieces that keeps what its generator returns at the end.

``ResultStream(generator)`` yields the generator's pieces; once it is exhausted, ``result``
holds the generator's return value (``StopIteration.value``, never None). ``close`` stops it early
(the generator's ``finally`` blocks run, e.g. closing the connection to a model). The LLM
stream (``LlmStream``) and the answer stream (``AnswerStream``) are both one.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Generic, TypeVar

R = TypeVar("R")


class ResultStream(Iterator[str], Generic[R]):
    """Text pieces; ``result`` once the iteration has ended."""

    def __init__(self, generator: Generator[str, None, R]) -> None:
        self._generator = generator
        self._result: R | None = None

    def __iter__(self) -> ResultStream[R]:
        return self

    def __next__(self) -> str:
        try:
            return next(self._generator)
        except StopIteration as stop:
            if self._result is None:
                self._result = stop.value
            raise

    @property
    def result(self) -> R:
        """What the generator returned; only after the stream was read to its end."""
        if self._result is None:
            raise RuntimeError("the stream has not been read to its end")
        return self._result

    def close(self) -> None:
        """Stop early (runs the generator's clean-up, e.g. closes a model connection)."""
        self._generator.close()
