"""Capture pypdf's log records and Python warnings while one thread reads a PDF.

pypdf reports repairs through ``logging`` (logger ``pypdf``) and sometimes ``warnings``; both
are collected per thread and returned, deduplicated, as document warnings instead of
reaching the console (or failing a strict test run).
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["capture_library_noise", "error_text"]

_MAX_LIBRARY_MESSAGES = 10


class _ThreadLog(logging.Handler):
    """Keeps the pypdf log records of one thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            try:
                self.messages.append(record.getMessage())
            except Exception:  # a malformed record must not break loading
                self.messages.append(str(record.msg))


class _Quiet:
    """Process-wide state while at least one PDF is being read (in any thread).

    The ``pypdf`` logger stops propagating, and Python warnings are routed to the list of the
    thread that raised them; warnings of other threads go on to the previous handler. The first
    reader sets this up and the last one restores it, so concurrent loads do not undo each
    other (``warnings.catch_warnings`` alone is not thread-safe).
    """

    lock = threading.Lock()
    active = 0
    saved_propagate = True
    catcher: warnings.catch_warnings[None] | None = None
    forward: Any = None
    sinks: dict[int, list[str]] = {}  # noqa: RUF012 - guarded by ``lock``

    @classmethod
    def show(cls, message: Warning | str, category: type[Warning], *args: Any, **kw: Any) -> None:
        sink = cls.sinks.get(threading.get_ident())
        if sink is not None:
            sink.append(str(message))
        elif cls.forward is not None:
            cls.forward(message, category, *args, **kw)


@contextmanager
def capture_library_noise(out: list[str]) -> Iterator[None]:
    """Collect pypdf log records and Python warnings of this thread into ``out``."""
    logger = logging.getLogger("pypdf")
    handler = _ThreadLog()
    caught: list[str] = []
    with _Quiet.lock:
        if _Quiet.active == 0:
            _Quiet.saved_propagate = logger.propagate
            logger.propagate = False
            _Quiet.catcher = warnings.catch_warnings()
            _Quiet.catcher.__enter__()
            warnings.simplefilter("always")
            _Quiet.forward = warnings.showwarning
            warnings.showwarning = _Quiet.show
        _Quiet.active += 1
        _Quiet.sinks[handler.thread] = caught
        logger.addHandler(handler)
    try:
        yield
    finally:
        with _Quiet.lock:
            logger.removeHandler(handler)
            _Quiet.sinks.pop(handler.thread, None)
            _Quiet.active -= 1
            if _Quiet.active == 0:
                logger.propagate = _Quiet.saved_propagate
                if _Quiet.catcher is not None:
                    _Quiet.catcher.__exit__(None, None, None)
                _Quiet.catcher = _Quiet.forward = None
        out.extend(_summarise_library_messages(handler.messages + caught))


def _summarise_library_messages(messages: list[str]) -> list[str]:
    unique = list(dict.fromkeys(" ".join(m.split())[:200] for m in messages if m.strip()))
    shown = [f"PDF-Bibliothek: {m}" for m in unique[:_MAX_LIBRARY_MESSAGES]]
    if len(unique) > _MAX_LIBRARY_MESSAGES:
        shown.append(f"PDF-Bibliothek: {len(unique) - _MAX_LIBRARY_MESSAGES} weitere Meldungen")
    return shown


def error_text(exc: BaseException) -> str:
    """``Type: message`` of an exception, shortened for a user-facing note."""
    detail = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
