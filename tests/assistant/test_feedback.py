"""FeedbackStore: entries in SQLite, purged after the retention period, no IP addresses."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.feedback import FeedbackEntry, FeedbackStore

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_add_and_list_newest_first(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3", retention_days=30)
    first = store.add(FeedbackEntry("up", question="Wer fördert LoRaWAN?", chunk_ids=["a:0"]))
    second = store.add(FeedbackEntry("down", comment="Quelle passt nicht"))
    assert second > first
    entries = store.list()
    assert [e.id for e in entries] == [second, first]
    assert entries[1].question == "Wer fördert LoRaWAN?" and entries[1].chunk_ids == ["a:0"]
    assert entries[0].rating == "down" and entries[0].comment == "Quelle passt nicht"
    assert entries[0].created_at.endswith("+00:00")
    store.close()
    reopened = FeedbackStore(tmp_path / "fb.sqlite3", retention_days=30)
    assert reopened.count() == 2


def test_purge_on_add_and_on_open(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path, retention_days=30)
    store.add(FeedbackEntry("up", comment="alt"), now=NOW - timedelta(days=31))
    store.add(FeedbackEntry("up", comment="knapp"), now=NOW - timedelta(days=29))
    assert store.count() == 2  # the second add purged relative to its own time
    store.add(FeedbackEntry("down", comment="neu"), now=NOW)
    assert sorted(e.comment for e in store.list()) == ["knapp", "neu"]
    store.close()
    # opening purges against the real clock
    real_now = datetime.now(UTC)
    store = FeedbackStore(path, retention_days=30)
    store.purge_older_than(timedelta(0), now=datetime(3000, 1, 1, tzinfo=UTC))  # empty it
    store.add(FeedbackEntry("up", comment="vor drei Tagen"), now=real_now - timedelta(days=3))
    store.add(FeedbackEntry("up", comment="heute"), now=real_now)
    store.close()
    assert [e.comment for e in FeedbackStore(path, retention_days=2).list()] == ["heute"]


def test_purge_older_than_counts(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3", retention_days=365)
    for days in (1, 5, 10):
        store.add(FeedbackEntry("up"), now=NOW - timedelta(days=days))
    assert store.purge_older_than(timedelta(days=4), now=NOW) == 2
    assert store.count() == 1


def test_no_ip_address_column(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    FeedbackStore(path, retention_days=30).add(FeedbackEntry("up"))
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(feedback)")}
    assert columns == {
        "id", "created_at", "rating", "question", "answer", "chunk_ids", "comment",
        "conversation_id",
    }  # fmt: skip


def test_rejects_bad_values(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        FeedbackStore(tmp_path / "fb.sqlite3", retention_days=0)
    store = FeedbackStore(tmp_path / "fb2.sqlite3", retention_days=5)
    with pytest.raises(sqlite3.IntegrityError):
        store.add(FeedbackEntry("meh"))  # type: ignore[arg-type]
