"""ResultStream: the pieces, then what the generator returned; closing runs its clean-up."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from assistant.answer.result_stream import ResultStream


def _words(closed: list[bool]) -> Generator[str, None, int]:
    try:
        yield "eins "
        yield "zwei"
    finally:
        closed.append(True)
    return 2


def test_result_after_the_last_piece() -> None:
    closed: list[bool] = []
    stream = ResultStream(_words(closed))
    assert next(stream) == "eins "
    with pytest.raises(RuntimeError, match="not been read to its end"):
        _ = stream.result
    assert list(stream) == ["zwei"]
    assert stream.result == 2 and closed == [True]
    assert list(stream) == [] and stream.result == 2  # exhausted: stays so


def test_close_stops_early_and_runs_the_clean_up() -> None:
    closed: list[bool] = []
    stream = ResultStream(_words(closed))
    assert next(stream) == "eins "
    stream.close()
    assert closed == [True]
    with pytest.raises(StopIteration):
        next(stream)
    with pytest.raises(RuntimeError):
        _ = stream.result  # closed early: no result
